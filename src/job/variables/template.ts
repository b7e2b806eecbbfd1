import { ScheduleExpressionError } from '../errors';
import { evaluateBizExpression, evaluateCycExpression, isBizExpression } from './scheduling-expression';
import { bizDate, cycTime, type RunContext } from './run-context';

/** A problem found while expanding one string; the caller attaches the JSON path. */
export interface ExpansionProblem {
  /** The reference as written, e.g. `${startTime}`. */
  readonly expression: string;
  readonly message: string;
  readonly hint?: string;
}

/** Result of expanding one string. */
export interface Expansion {
  readonly value: string;
  readonly problems: readonly ExpansionProblem[];
  /** Names of the `${name}` / `$name` parameters the string used (scheduling expressions are not listed). */
  readonly parameters: readonly string[];
}

/** Parameters after evaluation (name → final text), and the run they were evaluated for. */
export interface VariableScope {
  readonly run: RunContext;
  readonly parameters: ReadonlyMap<string, string>;
}

const BARE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** Names of the DataWorks built-ins usable as `$name`. */
export const BUILTINS: ReadonlySet<string> = new Set([
  'bizdate',
  'cyctime',
  'gmtdate',
  'bizmonth',
  'jobid',
  'nodeid',
  'taskid',
]);

/**
 * Values of the DataWorks built-ins (`$bizdate`, `$cyctime`, `$gmtdate`, `$bizmonth`, `$jobid`, `$nodeid`,
 * `$taskid`) and of the two system parameters usable directly in scripts. Returns undefined for other names.
 */
export function builtinValue(name: string, run: RunContext): string | undefined {
  const t = run.nominalEpochSeconds;
  switch (name) {
    case 'bizdate':
    case 'bdp.system.bizdate':
      return evaluateBizExpression('yyyymmdd', run);
    case 'cyctime':
    case 'bdp.system.cyctime':
      return evaluateCycExpression('yyyymmddhh24miss', run);
    case 'gmtdate':
      // "Current date": we take T's date so reruns see the same value (DataWorks' clock here is unconfirmed).
      return evaluateCycExpression('yyyymmdd', run);
    case 'bizmonth': {
      if (t === undefined) return evaluateCycExpression('yyyymm', run); // throws the "needs --at" error
      const b = bizDate(run, t);
      const now = cycTime(run, t);
      const month = b.month === now.month && b.year === now.year ? b.minus({ months: 1 }) : b;
      return `${month.year}${String(month.month).padStart(2, '0')}`;
    }
    case 'jobid':
      return run.ids.jobId;
    case 'nodeid':
      return run.ids.nodeId;
    case 'taskid':
      return run.ids.taskId;
    default:
      return undefined;
  }
}

function attempt(expression: string, f: () => string | undefined, problems: ExpansionProblem[]): string {
  try {
    const v = f();
    if (v !== undefined) return v;
    problems.push({ expression, message: `${expression} has no value in this run` });
  } catch (err) {
    if (!(err instanceof ScheduleExpressionError)) throw err;
    problems.push(
      err.hint ? { expression, message: err.message, hint: err.hint } : { expression, message: err.message },
    );
  }
  return expression;
}

/**
 * Expands references inside one string value of a job script:
 * `$[...]` (scheduled-time expression), `${name}` (a parameter, else `bdp.system.*`, else a business-date
 * expression such as `${yyyymmdd-1}`) and DataX's bare `$name` (replaced only when it names a parameter or built-in,
 * otherwise left as data, as DataX does). An unknown `${name}` is a problem naming it.
 */
export function expandString(text: string, scope: VariableScope, mode: 'script' | 'assignment' = 'script'): Expansion {
  if (!text.includes('$')) return { value: text, problems: [], parameters: [] };
  const problems: ExpansionProblem[] = [];
  const used: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c !== '$') {
      out += c;
      i += 1;
      continue;
    }
    if (next === '[' || next === '{') {
      const close = text.indexOf(next === '[' ? ']' : '}', i + 2);
      if (close < 0) {
        problems.push({
          expression: text.slice(i),
          message: `"${text.slice(i, i + 24)}" is not closed`,
          hint: next === '[' ? 'close the expression with ]' : 'close the variable with }',
        });
        out += text.slice(i);
        break;
      }
      const inner = text.slice(i + 2, close);
      const expression = text.slice(i, close + 1);
      out +=
        next === '['
          ? attempt(expression, () => evaluateCycExpression(inner, scope.run), problems)
          : expandBraced(inner, expression, scope, mode, problems, used);
      i = close + 1;
      continue;
    }
    const bare = BARE.exec(text.slice(i));
    const name = bare?.[1];
    if (bare && name !== undefined && mode === 'script' && scope.parameters.has(name)) {
      used.push(name);
      out += scope.parameters.get(name);
    } else if (bare && name !== undefined && BUILTINS.has(name)) {
      out += attempt(bare[0], () => builtinValue(name, scope.run), problems);
    } else {
      out += bare ? bare[0] : c;
    }
    i += bare ? bare[0].length : 1;
  }
  return { value: out, problems, parameters: used };
}

function expandBraced(
  inner: string,
  expression: string,
  scope: VariableScope,
  mode: 'script' | 'assignment',
  problems: ExpansionProblem[],
  used: string[],
): string {
  const name = inner.trim();
  if (mode === 'script' && scope.parameters.has(name)) {
    used.push(name);
    return scope.parameters.get(name) ?? '';
  }
  if (name === 'bdp.system.bizdate' || name === 'bdp.system.cyctime') {
    return attempt(expression, () => builtinValue(name, scope.run), problems);
  }
  if (isBizExpression(name)) return attempt(expression, () => evaluateBizExpression(name, scope.run), problems);
  problems.push({
    expression,
    message:
      mode === 'script'
        ? `variable ${expression} is not set`
        : `${expression} is neither a business-date expression nor bdp.system.bizdate/cyctime`,
    hint:
      mode === 'script'
        ? `pass it as a parameter, e.g. -p ${name || 'name'}=value or -p ${name || 'name'}='$[yyyymmddhh24miss-10/24/60]'`
        : 'parameter values may use $[...], ${yyyymmdd...}, ${bdp.system.*}, built-ins such as $bizdate, or constants',
  });
  return expression;
}
