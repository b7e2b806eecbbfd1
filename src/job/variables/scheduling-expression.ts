import type { DateTime } from 'luxon';
import { ScheduleExpressionError } from '../errors';
import { splitPatternAndOffset, wholeDays, wholeSeconds, parseDayOffset } from './day-offset';
import { formatWith, hasTimeTokens, isPurePattern, parseFormatPattern, smallestDateUnit } from './format-pattern';
import { bizDate, cycTime, type RunContext } from './run-context';

const ADD_MONTHS = /^add_months\s*\(\s*([^,()]+?)\s*,\s*([^()]+?)\s*\)\s*(.*)$/i;

function nominal(ctx: RunContext, expression: string): number {
  if (ctx.nominalEpochSeconds === undefined) {
    throw new ScheduleExpressionError(
      expression,
      `${expression} needs the run's scheduled time`,
      'give the scheduled time (otsync validate --at yyyyMMddHHmmss)',
    );
  }
  return ctx.nominalEpochSeconds;
}

function parsePattern(expression: string, pattern: string) {
  const parts = parseFormatPattern(pattern);
  if (!isPurePattern(parts)) {
    throw new ScheduleExpressionError(
      expression,
      `${expression}: "${pattern}" is not a date/time pattern`,
      'use the tokens yyyy, yy, mm (month), dd, hh24, mi (minute), ss with separators such as - : / _ or space',
    );
  }
  return parts;
}

/**
 * Evaluates the inside of `$[...]`: the scheduled time `T`, optionally moved by `add_months(fmt, K)` and/or a day
 * offset (`-10/24/60`), formatted with the pattern. The day offset is applied to the instant in exact whole seconds
 * (DataWorks' `T − E days`); an offset that is not a whole number of seconds is rejected (DataWorks' rounding is
 * unconfirmed).
 */
export function evaluateCycExpression(inner: string, ctx: RunContext): string {
  const expression = `$[${inner}]`;
  let body = inner.trim();
  let months = 0;
  const addMonths = ADD_MONTHS.exec(body);
  if (addMonths) {
    const k = parseDayOffset(/^[+-]/.test(addMonths[2] ?? '') ? (addMonths[2] ?? '') : `+${addMonths[2] ?? ''}`);
    const whole = k === undefined ? undefined : wholeDays(k);
    if (whole === undefined || whole > 100_000n || whole < -100_000n) {
      throw new ScheduleExpressionError(expression, `${expression}: the month count must be a whole number`);
    }
    months = Number(whole);
    body = `${addMonths[1] ?? ''}${addMonths[3] ?? ''}`;
  }
  const { pattern, offset } = splitPatternAndOffset(body);
  const parts = parsePattern(expression, pattern);
  let seconds = BigInt(nominal(ctx, expression));
  if (offset) {
    const delta = wholeSeconds(offset);
    if (delta === undefined) {
      throw new ScheduleExpressionError(
        expression,
        `${expression}: the offset is not a whole number of seconds`,
        'write offsets as N (days), N/24 (hours), N/24/60 (minutes) or N/24/60/60 (seconds)',
      );
    }
    seconds += delta;
  }
  if (seconds > 253_402_300_799n || seconds < -62_135_596_800n) {
    throw new ScheduleExpressionError(expression, `${expression}: the result is outside the years 1 to 9999`);
  }
  // Month shift first, then the day offset (DataWorks: add_months(...) then -M/24/60). Luxon clamps 31 March − 1
  // month to 29 February, like Oracle ADD_MONTHS for a day that does not exist (last-day rule itself unconfirmed).
  let at: DateTime = cycTime(ctx, nominal(ctx, expression));
  if (months !== 0) at = at.plus({ months });
  if (offset) at = at.plus({ seconds: Number(seconds - BigInt(nominal(ctx, expression))) });
  return formatWith(parts, at);
}

/**
 * True when `inner` (the text between `${` and `}`) is a business-date expression such as `yyyymmdd`,
 * `yyyy-mm-dd` or `yyyymmdd-7*1`, rather than a variable name.
 */
export function isBizExpression(inner: string): boolean {
  const { pattern } = splitPatternAndOffset(inner.trim());
  return isPurePattern(parseFormatPattern(pattern));
}

/**
 * Evaluates the inside of `${...}` as a business-date expression: `B`, moved by N units of the pattern's smallest
 * unit (days for `yyyymmdd-N`, months for `yyyymm-N`, years for `yyyy-N`; the month/year rule is unconfirmed), then
 * formatted. Time tokens are refused because `B` has no time of day.
 */
export function evaluateBizExpression(inner: string, ctx: RunContext): string {
  const expression = `\${${inner}}`;
  const { pattern, offset } = splitPatternAndOffset(inner.trim());
  const parts = parsePattern(expression, pattern);
  if (hasTimeTokens(parts)) {
    throw new ScheduleExpressionError(
      expression,
      `${expression}: \${...} is based on the business date, which has no time of day`,
      'use $[...] for hours, minutes and seconds (it is based on the scheduled time)',
    );
  }
  let at = bizDate(ctx, nominal(ctx, expression));
  if (offset) {
    const n = wholeDays(offset);
    if (n === undefined || n > 1_000_000n || n < -1_000_000n) {
      throw new ScheduleExpressionError(expression, `${expression}: the offset must be a whole number of units`);
    }
    at = at.plus({ [smallestDateUnit(parts)]: Number(n) });
  }
  if (!at.isValid || at.year < 1 || at.year > 9999) {
    throw new ScheduleExpressionError(expression, `${expression}: the result is outside the years 1 to 9999`);
  }
  return formatWith(parts, at);
}
