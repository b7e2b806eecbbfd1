/** Option parsers shared by the CLI commands: parameters, durations, times. Each failure names what it expected. */
import { InvalidArgumentError } from 'commander';
import { msToNumber } from '@temporalio/common/lib/time';
import { DateTime } from 'luxon';

/** Collects repeated `-p key=value` options into a record. */
export function collectParameter(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}".`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `5m`, `30s`, `2 minutes`, `1h`, or plain milliseconds. */
export function parseDuration(value: string): number {
  try {
    const ms = /^\d+$/.test(value) ? Number(value) : msToNumber(value as Parameters<typeof msToNumber>[0]);
    if (!Number.isFinite(ms) || ms <= 0) throw new Error('not positive');
    return ms;
  } catch {
    throw new InvalidArgumentError(`expected a duration such as 5m, 30s or 2 minutes, got "${value}".`);
  }
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got "${value}".`);
  return n;
}

/**
 * A point in time: `yyyyMMddHHmmss` (DataWorks style, read in `timeZone`), epoch milliseconds (13 digits), or
 * ISO 8601. Returns epoch milliseconds.
 */
export function parseTime(value: string, timeZone: string): number {
  if (/^\d{14}$/.test(value)) {
    const dt = DateTime.fromFormat(value, 'yyyyMMddHHmmss', { zone: timeZone });
    if (dt.isValid) return dt.toMillis();
  } else if (/^\d{13}$/.test(value)) {
    return Number(value);
  } else {
    const dt = DateTime.fromISO(value, { zone: timeZone });
    if (dt.isValid) return dt.toMillis();
  }
  throw new InvalidArgumentError(
    `expected yyyyMMddHHmmss (in ${timeZone}), epoch milliseconds or ISO 8601, got "${value}".`,
  );
}
