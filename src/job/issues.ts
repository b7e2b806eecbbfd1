/** A location inside a job script: object keys and array indexes from the document root. */
export type JsonPath = readonly (string | number)[];

/** One problem (or warning) found in a job script. Messages never quote secret values. */
export interface JobIssue {
  /** Where the problem is, as `configuration.reader.parameter.endpoint` or `steps[0].parameter.column[1]`; empty for the whole script. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** How to fix it, when we know. */
  readonly hint?: string;
  /** 1-based line of the offending value (or its nearest existing parent), when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly column?: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** Renders a path the way users write it: dotted keys, `[i]` indexes, `["odd key"]` for keys that need quoting. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Where issues are reported: a JSON path in the script, or a fixed label for things outside it (`-p startTime`). */
export type IssueLocation = JsonPath | string;

interface Pending {
  readonly at: IssueLocation;
  readonly issue: JobIssue;
}

/**
 * Collects every error and warning of one compilation so that a user sees all problems at once, not one per run.
 * Paths registered with {@link IssueCollector.suppressBelow} swallow follow-up errors: a value whose variable could
 * not be resolved would otherwise also fail its type check.
 */
export class IssueCollector {
  private readonly pendingErrors: Pending[] = [];
  private readonly pendingWarnings: Pending[] = [];
  private readonly suppressed: string[] = [];

  error(at: IssueLocation, message: string, hint?: string): void {
    const path = typeof at === 'string' ? at : formatPath(at);
    if (this.isSuppressed(path)) return;
    this.pendingErrors.push({ at, issue: hint === undefined ? { path, message } : { path, message, hint } });
  }

  warn(at: IssueLocation, message: string, hint?: string): void {
    const path = typeof at === 'string' ? at : formatPath(at);
    this.pendingWarnings.push({ at, issue: hint === undefined ? { path, message } : { path, message, hint } });
  }

  /** Adds issues that already carry their location (syntax errors from the reader). */
  addFound(errors: readonly JobIssue[], warnings: readonly JobIssue[]): void {
    this.pendingErrors.push(...errors.map((issue) => ({ at: issue.path, issue })));
    this.pendingWarnings.push(...warnings.map((issue) => ({ at: issue.path, issue })));
  }

  /** Drops later errors at `path` or below it (the first error there has been reported already). */
  suppressBelow(path: JsonPath): void {
    this.suppressed.push(formatPath(path));
  }

  /** Whether errors at `path` are being dropped (an earlier error there said it all). */
  suppresses(path: JsonPath): boolean {
    return this.isSuppressed(formatPath(path));
  }

  get hasErrors(): boolean {
    return this.pendingErrors.length > 0;
  }

  /** The errors, with line/column added through `locate` where the issue has a JSON path. */
  errors(locate?: Locator, scrub?: (text: string) => string): JobIssue[] {
    return this.pendingErrors.map((p) => finish(p, locate, scrub));
  }

  /** The warnings, located and scrubbed like {@link IssueCollector.errors}. */
  warnings(locate?: Locator, scrub?: (text: string) => string): JobIssue[] {
    return this.pendingWarnings.map((p) => finish(p, locate, scrub));
  }

  private isSuppressed(at: string): boolean {
    return this.suppressed.some((p) => at === p || at.startsWith(`${p}.`) || at.startsWith(`${p}[`));
  }
}

/** Finds the 1-based line and column of a JSON path in the script text. */
export type Locator = (path: JsonPath) => { line: number; column: number } | undefined;

function finish(p: Pending, locate: Locator | undefined, scrub: ((text: string) => string) | undefined): JobIssue {
  const where = typeof p.at === 'string' || p.issue.line !== undefined ? undefined : locate?.(p.at);
  const clean = scrub ?? ((t: string) => t);
  return {
    ...p.issue,
    message: clean(p.issue.message),
    ...(p.issue.hint !== undefined && { hint: clean(p.issue.hint) }),
    ...(where && { line: where.line, column: where.column }),
  };
}
