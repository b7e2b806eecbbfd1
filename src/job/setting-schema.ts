import { z } from 'zod';
import type { IssueCollector, JsonPath } from './issues';
import { dxBoolean, dxDecimal, dxInteger } from './schema/datax-values';
import { parseParameters } from './schema/parse-parameters';

/** The job `setting` section after validation (job-format.md §3). */
export interface CompiledJobSetting {
  /** Parallel shard readers/writers, from `speed.concurrent` (DataWorks) or `speed.channel` (DataX). @default 1 */
  readonly parallelism: number;
  /** Total write rate cap in bytes/s: `mbps` × 1 MiB when throttled, or DataX `speed.byte`. */
  readonly rateLimitBytesPerSecond?: number;
  /** Total record rate cap, from DataX `speed.record`. */
  readonly rateLimitRecordsPerSecond?: number;
  /**
   * Dirty-record limit with DataX's precedence: `records` (fail when errors > N, checked during the run) wins;
   * `ratio` (errors / read > p, checked once at the end) applies only without it; neither = no limit.
   */
  readonly errorLimit: { readonly records?: number; readonly ratio?: number };
  /** DataX `dryRun`: run the pre-checks only. @default false */
  readonly dryRun: boolean;
}

const errorLimitShape = { record: dxInteger(0), percentage: dxDecimal(0, 1) };
const speedShape = {
  throttle: dxBoolean(),
  concurrent: dxInteger(1, 1024),
  channel: dxInteger(1, 1024),
  mbps: dxDecimal(0),
  byte: dxInteger(),
  record: dxInteger(),
  dmu: z.unknown().optional(),
};
const errorLimitSchema = z.looseObject(errorLimitShape);
const speedSchema = z.looseObject(speedShape);
const settingShape = { errorLimit: z.unknown().optional(), speed: z.unknown().optional(), dryRun: dxBoolean() };
const NO_EFFECT = 'DataWorks resource or runtime option with no meaning for otsync';
const IGNORED = { jvmOption: NO_EFFECT, executeMode: NO_EFFECT, locale: NO_EFFECT, keyVersion: NO_EFFECT };
const MIB = 1_048_576;

function section(
  setting: Record<string, unknown>,
  key: string,
  path: JsonPath,
  issues: IssueCollector,
): Record<string, unknown> {
  const v = setting[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    issues.error([...path, key], 'must be an object');
    return {};
  }
  return v as Record<string, unknown>;
}

/** Validates `setting`; returns undefined (with errors recorded) when it is invalid. */
export function compileSetting(
  setting: Record<string, unknown>,
  path: JsonPath,
  issues: IssueCollector,
): CompiledJobSetting | undefined {
  const top = parseParameters(
    { schema: z.looseObject(settingShape), known: Object.keys(settingShape), ignored: IGNORED },
    setting,
    path,
    issues,
    'setting',
  );
  const limitPath = [...path, 'errorLimit'];
  const speedPath = [...path, 'speed'];
  const limit = parseParameters(
    { schema: errorLimitSchema, known: Object.keys(errorLimitShape) },
    section(setting, 'errorLimit', path, issues),
    limitPath,
    issues,
    'setting',
  );
  const speedRaw = section(setting, 'speed', path, issues);
  const speed = parseParameters(
    { schema: speedSchema, known: Object.keys(speedShape), ignored: { dmu: 'a legacy DataWorks resource unit' } },
    speedRaw,
    speedPath,
    issues,
    'setting',
  );
  if (!top || !limit || !speed) return undefined;
  if (speed.concurrent !== undefined && speed.channel !== undefined && speed.concurrent !== speed.channel) {
    issues.warn(
      [...speedPath, 'channel'],
      `channel (${speed.channel}) differs from concurrent (${speed.concurrent}); concurrent is used`,
    );
  }
  if (limit.record !== undefined && limit.percentage !== undefined) {
    issues.warn([...limitPath, 'percentage'], 'percentage is ignored because record is set (DataX precedence)');
  }
  // DataWorks: throttle false → mbps has no effect. A 1.0 script with mbps and no throttle is read as throttled
  // (the safe reading: it keeps the cap; DataWorks' own translation is unconfirmed). 1 mbps = 1 MiB/s (unconfirmed).
  let bytes: number | undefined;
  if (speed.mbps !== undefined && speed.throttle !== false) bytes = Math.round(speed.mbps * MIB);
  if (speed.throttle === false && speed.mbps !== undefined) {
    issues.warn([...speedPath, 'mbps'], 'mbps has no effect because throttle is false');
  }
  if (speed.throttle === true && speed.mbps === undefined) {
    issues.warn([...speedPath, 'throttle'], 'throttle is true but no mbps is given; no rate limit applies');
  }
  if (speed.byte !== undefined && speed.byte > 0)
    bytes = bytes === undefined ? speed.byte : Math.min(bytes, speed.byte);
  const records = speed.record !== undefined && speed.record > 0 ? speed.record : undefined;
  return {
    parallelism: speed.concurrent ?? speed.channel ?? 1,
    ...(bytes !== undefined && bytes > 0 && { rateLimitBytesPerSecond: bytes }),
    ...(records !== undefined && { rateLimitRecordsPerSecond: records }),
    errorLimit: {
      ...(limit.record !== undefined && { records: limit.record }),
      ...(limit.record === undefined && limit.percentage !== undefined && { ratio: limit.percentage }),
    },
    dryRun: top.dryRun ?? false,
  };
}
