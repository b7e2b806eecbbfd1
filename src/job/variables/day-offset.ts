/**
 * Offsets in scheduling expressions are arithmetic in **days** (`-10/24/60` is ten minutes). They are evaluated as
 * exact rationals with bigint numerator and denominator: floating point would make `10/24/60` days 599.99… seconds.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const SECONDS_PER_DAY = 86_400n;
// One signed term: `-10/24/60`, `+7*1`, `- 1`.
const TERM = /^\s*([+-])\s*(\d{1,12}(?:\s*[*/]\s*\d{1,12})*)/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function reduce(num: bigint, den: bigint): Rational {
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

/** Evaluates `a*b/c…` left to right as an exact rational; undefined on division by zero. */
function product(text: string): Rational | undefined {
  const pieces = text.replace(/\s+/g, '').split(/([*/])/);
  let value = reduce(BigInt(pieces[0] ?? '0'), 1n);
  for (let i = 1; i < pieces.length; i += 2) {
    const operand = BigInt(pieces[i + 1] ?? '0');
    if (pieces[i] === '*') value = reduce(value.num * operand, value.den);
    else if (operand === 0n) return undefined;
    else value = reduce(value.num, value.den * operand);
  }
  return value;
}

/**
 * Parses a run of signed terms such as `-10/24/60` or `-1+7*2` (the whole string must be terms) into a rational.
 * Returns undefined when the text is not a valid offset.
 */
export function parseDayOffset(text: string): Rational | undefined {
  let rest = text;
  let sum: Rational = { num: 0n, den: 1n };
  if (rest.trim() === '') return undefined;
  while (rest.trim() !== '') {
    const m = TERM.exec(rest);
    if (!m) return undefined;
    const term = product(m[2] ?? '');
    if (!term) return undefined;
    const signed = m[1] === '-' ? -term.num : term.num;
    sum = reduce(sum.num * term.den + signed * sum.den, sum.den * term.den);
    rest = rest.slice(m[0].length);
  }
  return sum;
}

/** The offset in whole seconds, or undefined when it is not a whole number of seconds (e.g. `1/7` day). */
export function wholeSeconds(days: Rational): bigint | undefined {
  const scaled = days.num * SECONDS_PER_DAY;
  return scaled % days.den === 0n ? scaled / days.den : undefined;
}

/** The offset as whole days, or undefined when it has a fraction. */
export function wholeDays(days: Rational): bigint | undefined {
  return days.num % days.den === 0n ? days.num / days.den : undefined;
}

/**
 * Splits `yyyymmddhh24miss-10/24/60` into its pattern and trailing offset. The pattern may itself contain `-`
 * (`yyyy-mm-dd-1`), so the offset is the shortest-pattern split whose remainder parses as signed terms.
 */
export function splitPatternAndOffset(expr: string): { pattern: string; offset: Rational | undefined } {
  for (let i = 1; i < expr.length; i += 1) {
    const c = expr[i];
    if (c !== '-' && c !== '+') continue;
    const offset = parseDayOffset(expr.slice(i));
    if (offset) return { pattern: expr.slice(0, i).trimEnd(), offset };
  }
  return { pattern: expr.trim(), offset: undefined };
}
