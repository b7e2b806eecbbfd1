/**
 * What a sync workflow run receives: the compiled plan (plain JSON, no secrets — credentials are references that
 * activities resolve) and the orchestration options. Safe to import from workflow code.
 */
import type { JobPlan } from '../job/plan-types';

/** Activity retry: the design card's "3 attempts, 2 minutes apart"; DataWorks' "rerun 3 times" is 4 attempts. */
export interface SyncRetryOptions {
  /** @default 3 */
  readonly maximumAttempts: number;
  /** Fixed pause between attempts, ms. @default 120000 */
  readonly intervalMs: number;
}

export interface SyncScheduleOptions {
  /** Tile length and schedule interval, ms. @default 300000 (5 minutes) */
  readonly intervalMs: number;
  /** Windows end at T − lag, ms. @default 300000 (DataX's 5-minute rule) */
  readonly lagMs: number;
  /** Tiles one run processes before continuing as new. @default 12 */
  readonly maxWindowsPerRun: number;
}

/** How long activities may take; shorter heartbeats notice a dead worker sooner. */
export interface SyncActivityTimeouts {
  /** A read or write attempt fails over when its worker is silent this long, ms. @default 60000 */
  readonly heartbeatMs: number;
  /**
   * One attempt of a read or write, ms; prepare and commit attempts get the lesser of this and 2 minutes (they do
   * not heartbeat, so this is also how fast a worker killed during them fails over). @default 1800000
   */
  readonly startToCloseMs: number;
}

export const DEFAULT_ACTIVITY_TIMEOUTS: SyncActivityTimeouts = { heartbeatMs: 60_000, startToCloseMs: 1_800_000 };

export interface SyncJobInput {
  /** Stable job id (letters, digits, `-`, `_`): names the schedule, the checkpoint row and the staged files. */
  readonly jobId: string;
  readonly plan: JobPlan;
  readonly schedule: SyncScheduleOptions;
  readonly retry: SyncRetryOptions;
  /** @default {@link DEFAULT_ACTIVITY_TIMEOUTS} */
  readonly timeouts?: SyncActivityTimeouts;
  /** Nominal time for runs not started by a schedule (manual runs, tests), ISO 8601. */
  readonly nominalTimeOverride?: string;
  /**
   * Where the job starts when nothing is committed yet and no DataWorks position exists (epoch ms).
   * @default the tile before the first due end
   */
  readonly initialStartMs?: number;
  /** A manual one-window run (`otsync run --start --end`): exactly this window, committed only if it is next. */
  readonly manualWindow?: { readonly startMs: number; readonly endMs: number };
}

export const DEFAULT_SCHEDULE: SyncScheduleOptions = { intervalMs: 300_000, lagMs: 300_000, maxWindowsPerRun: 12 };
export const DEFAULT_RETRY: SyncRetryOptions = { maximumAttempts: 3, intervalMs: 120_000 };

/** Errors no retry can fix: configuration, fencing and data-gap failures (the activities' `type`s). */
export const NON_RETRYABLE_ERROR_TYPES = [
  'JobConfigError',
  'SecretResolutionError',
  'CheckpointConflictError',
  'DataGapError',
  'ErrorLimitExceededError',
  'SchemaMismatchError',
  'StreamSourceError',
  'ElasticsearchConfigError',
  'ElasticsearchVersionError',
  'JobIdError',
] as const;

/** What a run reports as its result (and memo). Counts only: never data. */
export interface SyncRunSummary {
  readonly jobId: string;
  readonly windows: number;
  readonly firstStartMs: number | null;
  readonly lastEndMs: number | null;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly recordsDirty: number;
  readonly recordsSkippedStale: number;
  /** True when more tiles were due and the run continued as new. */
  readonly continued: boolean;
}
