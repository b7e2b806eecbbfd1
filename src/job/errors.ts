import { OtsyncError } from '../common/errors';
import type { JobIssue } from './issues';

/**
 * Thrown by `compileJobPlan` when a job script cannot become a plan: a JSON syntax error, an unsupported layout or
 * plugin, a bad parameter, an unresolved variable or an unknown datasource. It lists **every** problem found, each
 * with its JSON path, a message and (when known) a hint and line. Messages never contain secret values.
 */
export class JobScriptError extends OtsyncError {
  /** Every problem found, in document order of discovery. */
  readonly issues: readonly JobIssue[];
  /** Warnings found before the script was rejected; shown with the errors. */
  readonly warnings: readonly JobIssue[];

  constructor(issues: readonly JobIssue[], warnings: readonly JobIssue[] = [], options: { cause?: unknown } = {}) {
    const first = issues[0];
    const summary =
      issues.length === 1 && first
        ? `invalid job script: ${first.path ? `${first.path}: ` : ''}${first.message}${first.line === undefined ? '' : ` (line ${first.line}, column ${first.column ?? 1})`}`
        : `invalid job script: ${issues.length} problems`;
    super(summary, { hint: first?.hint, cause: options.cause });
    this.issues = issues;
    this.warnings = warnings;
  }
}

/**
 * Thrown when a compile option itself is invalid (an unknown time zone, a malformed `--at` or `-p` value). These
 * are caller mistakes rather than script problems, so they carry no JSON path.
 */
export class JobOptionError extends OtsyncError {}

/**
 * Thrown by the scheduling-expression evaluator for an expression it cannot evaluate (unknown token, offset that is
 * not a whole number of seconds, missing nominal time). The compiler turns it into a path issue.
 */
export class ScheduleExpressionError extends OtsyncError {
  /** The expression as written, e.g. `$[yyyymmdd-1/7]`. */
  readonly expression: string;

  constructor(expression: string, message: string, hint?: string) {
    super(message, { hint });
    this.expression = expression;
  }
}
