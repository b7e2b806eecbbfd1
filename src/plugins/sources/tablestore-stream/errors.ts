/**
 * Errors of the Tablestore Stream reader (the service's own errors stay `TablestoreError`s keyed by code, and the
 * client's are in `client/errors.ts`). Every class carries the context an operator needs — shard, time span, job —
 * and never a credential.
 */
import { OtsyncError } from '../../../common/errors';

const iso = (ms: number | undefined) => (ms === undefined ? 'unknown' : new Date(ms).toISOString());

/** Why stream records could not be read. */
export type DataGapReason =
  /** The saved position points into trimmed log (`OTSTrimmedDataAccess`). */
  | 'trimmed'
  /** The window starts before the stream's retention (minus the safety margin). */
  | 'retention'
  /** The previous run's checkpoint names a shard that is gone although it was not read to its end. */
  | 'shard-expired';

/**
 * Thrown when stream records the window needs are no longer readable: a saved position was trimmed, the window
 * starts before the retention, or a shard expired before it was read to its end (otsstream-reader.md §2.4, §8.1
 * issue 609, §9.2.4). Never retryable: the data is gone. Names the shards and the time span that may be missing,
 * so an operator can decide to resync from a snapshot; otsync never skips such a gap silently.
 */
export class DataGapError extends OtsyncError {
  constructor(
    readonly reason: DataGapReason,
    /** Shards affected (all listed shards for `retention`). */
    readonly shardIds: readonly string[],
    /** Earliest time (epoch ms) whose records may be missing. */
    readonly fromMs: number,
    /** Time (epoch ms) from which records are readable again, when known. */
    readonly toMs: number | undefined,
    detail: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `Data gap on shard${shardIds.length === 1 ? '' : 's'} ${shardIds.join(', ')}: stream records from ${iso(fromMs)} ` +
        `to ${iso(toMs)} cannot be read (${detail}).`,
      {
        hint: 'Re-sync the table from a full snapshot, then restart the job from a recent window start.',
        cause: options.cause,
      },
    );
  }
}

/** Why a fence update was refused. */
export type CheckpointConflictReason = 'moved' | 'exists' | 'missing' | 'not-forward';

/**
 * Thrown by `commitWindow` when the committed-window fence is not where the caller expected it (another run moved
 * it, it already exists, or it is missing) or the new end is not after the expected one. Non-retryable: a
 * stale or duplicate run must stop, and the next run starts from the stored end.
 */
export class CheckpointConflictError extends OtsyncError {
  constructor(
    readonly jobId: string,
    readonly reason: CheckpointConflictReason,
    /** The end the caller expected; undefined for "no fence yet". */
    readonly expectedEndMs: number | undefined,
    /** The end actually stored, when it could be read; undefined when there is none. */
    readonly actualEndMs: number | undefined,
    readonly newEndMs: number,
    options: { cause?: unknown } = {},
  ) {
    const expected = expectedEndMs === undefined ? 'no committed window' : `end ${iso(expectedEndMs)}`;
    const actual = actualEndMs === undefined ? 'none' : iso(actualEndMs);
    super(
      `Committed window of job '${jobId}' not moved to ${iso(newEndMs)}: expected ${expected}, found ${actual} (${reason}).`,
      {
        hint: 'Another run of this job committed first; let the next run continue from the stored window.',
        cause: options.cause,
      },
    );
  }
}

/**
 * Thrown by `prepare`/`ensure` when the status table exists with a primary key other than (StreamId, StatusType,
 * StatusValue), all STRING (otsstream-reader.md §5.1), or does not become readable within the probe time.
 */
export class StatusTableError extends OtsyncError {
  constructor(
    readonly tableName: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Status table '${tableName}': ${message}`, {
      hint: 'Use a status table created by DataX/otsync, or a new table name.',
      cause: options.cause,
    });
  }
}

/**
 * Thrown when the data table cannot be read as a stream source: it does not exist, its stream is disabled, no
 * stream is listed for it, or the job asks for a feature this reader does not implement (time-series tables).
 */
export class StreamSourceError extends OtsyncError {
  constructor(
    readonly tableName: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`Data table '${tableName}': ${message}`, options);
  }
}

/**
 * Thrown when the stream breaks an assumption the reader's exactness rests on: the boundary re-read returns other
 * records than the first read, a shard lineage has a cycle, or a status-table row is malformed.
 */
export class StreamConsistencyError extends OtsyncError {
  constructor(
    readonly shardId: string | undefined,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(shardId === undefined ? message : `Shard ${shardId}: ${message}`, options);
  }
}
