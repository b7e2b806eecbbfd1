import { DateTime, IANAZone } from 'luxon';
import { JobOptionError } from '../errors';

/** DataWorks China regions schedule in UTC+8; scripts moved from there expect this zone. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** Identifiers a scheduler may provide for the `$jobid`, `$nodeid` and `$taskid` built-ins. */
export interface RunIds {
  readonly jobId?: string;
  readonly nodeId?: string;
  readonly taskId?: string;
}

/**
 * What scheduling expressions are evaluated against: the run's scheduled ("nominal") time `T` as whole epoch
 * seconds and an explicit IANA zone. The business date `B` is the calendar date of `T` minus one day.
 */
export interface RunContext {
  readonly timeZone: string;
  /** `T` in whole seconds since the epoch; undefined when the caller gave no nominal time. */
  readonly nominalEpochSeconds: number | undefined;
  readonly ids: RunIds;
}

/** Throws {@link JobOptionError} unless `zone` is an IANA zone name luxon knows. */
export function checkTimeZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) {
    throw new JobOptionError(`unknown time zone "${zone}"`, { hint: 'use an IANA zone name such as Asia/Shanghai' });
  }
  return zone;
}

/**
 * Parses a nominal time written as `yyyyMMddHHmmss` (the format DataWorks shows for scheduled times) in `zone`.
 * Exactly 14 digits and a real calendar time are required; DataX's lenient roll-over is deliberately not copied.
 */
export function parseNominalTime(text: string, zone: string): number {
  const parsed = parseCompactDateTime(text, zone);
  if (parsed === undefined) {
    throw new JobOptionError(`"${text}" is not a time in yyyyMMddHHmmss form`, {
      hint: 'give 14 digits, for example 20240315100500 for 2024-03-15 10:05:00',
    });
  }
  return parsed;
}

/** `yyyyMMddHHmmss` in `zone` → epoch seconds, or undefined when it is not exactly that (no roll-over). */
export function parseCompactDateTime(text: string, zone: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = DateTime.fromObject({ year, month, day, hour, minute, second }, { zone });
  // luxon normalises invalid fields; a round trip catches 20181301000000 and a wall time skipped by a DST change.
  if (
    !at.isValid ||
    at.year !== year ||
    at.month !== month ||
    at.day !== day ||
    at.hour !== hour ||
    at.minute !== minute
  ) {
    return undefined;
  }
  return at.toSeconds();
}

/** `yyyyMMdd` in `zone` → epoch seconds of that day's local midnight, or undefined when it is not a real date. */
export function parseCompactDate(text: string, zone: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  const at = DateTime.fromObject({ year, month, day }, { zone });
  if (!at.isValid || at.year !== year || at.month !== month || at.day !== day) return undefined;
  return at.toSeconds();
}

/** Builds a run context; `nominal` is a Date, epoch seconds, or a `yyyyMMddHHmmss` string in the zone. */
export function createRunContext(options: {
  nominal?: Date | number | string;
  timeZone?: string;
  ids?: RunIds;
}): RunContext {
  const timeZone = checkTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE);
  const n = options.nominal;
  let seconds: number | undefined;
  if (n instanceof Date) seconds = Math.floor(n.getTime() / 1000);
  else if (typeof n === 'number') seconds = Math.floor(n);
  else if (typeof n === 'string') seconds = parseNominalTime(n, timeZone);
  if (seconds !== undefined && !Number.isSafeInteger(seconds)) {
    throw new JobOptionError('the nominal time is out of range');
  }
  return { timeZone, nominalEpochSeconds: seconds, ids: options.ids ?? {} };
}

/** `T` in the run's zone. */
export function cycTime(ctx: RunContext, seconds: number): DateTime {
  return DateTime.fromSeconds(seconds, { zone: ctx.timeZone });
}

/** `B`, the business date (calendar date of `T` minus one day), at local midnight in the run's zone. */
export function bizDate(ctx: RunContext, seconds: number): DateTime {
  const t = cycTime(ctx, seconds);
  return DateTime.fromObject({ year: t.year, month: t.month, day: t.day }, { zone: ctx.timeZone }).minus({ days: 1 });
}
