import { JobOptionError } from '../errors';
import type { RunContext } from './run-context';
import { expandString, type ExpansionProblem } from './template';

const NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * Parses `name=value` pairs as given on the command line (`-p startTime=20230423175000`) or in a DataWorks
 * schedule's space-separated assignment list. Throws {@link JobOptionError} for a pair without `=` or a bad name.
 */
export function parseAssignments(pairs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq).trim();
    if (eq < 0 || !NAME.test(name)) {
      throw new JobOptionError(`parameter "${pair}" is not name=value`, {
        hint: 'write parameters as -p startTime=20230423175000 or -p startTime=$[yyyymmddhh24miss-10/24/60]',
      });
    }
    out.set(name, pair.slice(eq + 1));
  }
  return out;
}

/** Evaluated parameters plus the problems of those that could not be evaluated. */
export interface EvaluatedParameters {
  readonly values: Map<string, string>;
  readonly problems: readonly (ExpansionProblem & { readonly name: string })[];
  /** Names whose expression depends on the time of day, so they differ between runs of one day. */
  readonly varyWithinDay: ReadonlySet<string>;
}

/**
 * Evaluates each parameter's value expression against the run: a quoted constant (`'abc'`), a built-in
 * (`$bizdate`), or text with `$[...]` / `${...}` expressions (concatenations such as
 * `$[yyyymmddhh24-2/24]$[miss-10/24/60]` included). Other text is a constant.
 */
export function evaluateParameters(assignments: ReadonlyMap<string, string>, run: RunContext): EvaluatedParameters {
  const values = new Map<string, string>();
  const problems: (ExpansionProblem & { name: string })[] = [];
  const varyWithinDay = new Set<string>();
  for (const [name, raw] of assignments) {
    const text = raw.trim();
    if (/^'.*'$/s.test(text)) {
      values.set(name, text.slice(1, -1));
      continue;
    }
    if (/\$\[[^\]]*(hh24|mi|ss)/i.test(text) || /^\$cyctime$|bdp\.system\.cyctime/.test(text)) varyWithinDay.add(name);
    const expanded = expandString(raw, { run, parameters: new Map() }, 'assignment');
    values.set(name, expanded.value);
    problems.push(...expanded.problems.map((p) => ({ ...p, name })));
  }
  return { values, problems, varyWithinDay };
}
