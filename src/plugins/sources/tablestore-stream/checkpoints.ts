/**
 * DataX's checkpoint chain in the status table (otsstream-reader.md §5.3–5.4), byte-compatible with DataWorks:
 *
 * - a window's end positions are one `CheckpointForDataxReader` row per shard at `%16d(end)` TAB shardId plus a
 *   `DataxJobDesc` row at `%16d(end)` listing the shards and the run version;
 * - the next window (start = that end) resumes only from a complete set (§5.4 A), else it starts fresh from time
 *   bookmarks or the trim horizon, dropping records before its start (§5.4 B/C).
 */
import type { ShardPosition, SyncWindow } from '../../types';
import type { BatchRowChange, StreamShard } from './client';
import { DataGapError } from './errors';
import type { TimeBookmark } from './shard-reader';
import { cellOf, keyOf, type StatusTable } from './status-table';
import {
  checkpointKey,
  checkpointRange,
  Column,
  decodeShardIdChunks,
  encodeShardIdChunks,
  jobDescriptionKey,
  jobDescriptionRange,
  legacyShardCountKey,
  SHARD_END,
  shardIdOfCheckpointValue,
  timeBookmarkKey,
  timeOfBookmarkValue,
  TRIM_HORIZON,
} from './status-keys';
import type { StartPosition, StartPositions } from './window-reader';

/** A checkpoint row as stored at one end time. */
export interface StoredCheckpoint {
  readonly shardId: string;
  readonly checkpoint: string;
  readonly version: string | undefined;
  readonly skipCount: number;
  readonly sendRecordCount: number;
}

/** A job description row (`DataxJobDesc`). */
export interface JobDescription {
  readonly shardIds: string[];
  readonly version: string;
  readonly tableName: string;
  readonly streamId: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Start positions and how they were found. */
export interface LoadedStartPositions extends StartPositions {
  /** `job-description` / `legacy-shard-count`: resumed; `bookmarks` / `trim-horizon` / `seek`: fresh start. */
  readonly source: 'job-description' | 'legacy-shard-count' | 'bookmarks' | 'trim-horizon' | 'seek';
  /** Why the previous run's set was not usable (fresh starts). */
  readonly notFoundReason?: string;
}

const toNumber = (value: unknown): number | undefined =>
  typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : undefined;

/** Every checkpoint row stored at `endMs`. */
export async function readCheckpoints(
  table: StatusTable,
  streamId: string,
  endMs: number,
  signal?: AbortSignal,
): Promise<StoredCheckpoint[]> {
  const [start, end] = checkpointRange(streamId, endMs);
  const rows = await table.scan(start, end, signal === undefined ? {} : { signal });
  const out: StoredCheckpoint[] = [];
  for (const row of rows) {
    const shardId = shardIdOfCheckpointValue(keyOf(row, 'StatusValue') ?? '', endMs);
    const checkpoint = cellOf(row, Column.checkpoint);
    if (shardId === undefined || typeof checkpoint !== 'string') continue;
    const version = cellOf(row, Column.version);
    out.push({
      shardId,
      checkpoint,
      version: typeof version === 'string' ? version : undefined,
      skipCount: toNumber(cellOf(row, Column.skipCount)) ?? 0,
      sendRecordCount: toNumber(cellOf(row, Column.sendRecordCount)) ?? 0,
    });
  }
  return out;
}

/** The job description at `endMs`, or undefined. */
export async function readJobDescription(
  table: StatusTable,
  streamId: string,
  endMs: number,
  signal?: AbortSignal,
): Promise<JobDescription | undefined> {
  const row = await table.getRow(jobDescriptionKey(streamId, endMs), signal);
  if (row === undefined) return undefined;
  const text = (name: string) => {
    const v = cellOf(row, name);
    return typeof v === 'string' ? v : '';
  };
  return {
    shardIds: decodeShardIdChunks((name) => cellOf(row, name)),
    version: text(Column.version),
    tableName: text(Column.tableName),
    streamId: text(Column.jobStreamId),
    startMs: toNumber(cellOf(row, Column.startTime)) ?? 0,
    endMs: toNumber(cellOf(row, Column.endTime)) ?? endMs,
  };
}

/**
 * The end time of the newest window DataX/DataWorks (or otsync) finished completely for this stream: where a job
 * that moves from DataWorks to otsync resumes. Looks at the newest `scanLimit` job descriptions and takes the
 * first whose checkpoint set is complete (§5.4 A); a run that failed part-way is passed over, as DataX would.
 */
export async function findLatestCompleteEnd(
  table: StatusTable,
  streamId: string,
  options: { scanLimit?: number; signal?: AbortSignal } = {},
): Promise<number | undefined> {
  const [low, high] = jobDescriptionRange(streamId);
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const rows = await table.scan(high, low, { direction: 'BACKWARD', limit: options.scanLimit ?? 20, ...signal });
  for (const row of rows) {
    const endMs = Number((keyOf(row, 'StatusValue') ?? '').trim());
    if (!Number.isSafeInteger(endMs) || endMs <= 0) continue;
    const description = await readJobDescription(table, streamId, endMs, options.signal);
    const checkpoints = await readCheckpoints(table, streamId, endMs, options.signal);
    if (incompleteReason(streamId, checkpoints, description, undefined) === undefined) return endMs;
  }
  return undefined;
}

/**
 * Whether the rows at a window start form a complete set (§5.4 A 1–3): with a job description, same stream, one
 * row per listed shard and every version equal to the description's; without one, the legacy `ShardCount` row must
 * match the number of rows. @returns undefined when complete, else the reason.
 */
export function incompleteReason(
  streamId: string,
  checkpoints: readonly StoredCheckpoint[],
  description: JobDescription | undefined,
  legacyShardCount: number | undefined,
): string | undefined {
  if (description === undefined) {
    if (legacyShardCount === undefined) return 'no job description and no legacy shard count';
    if (legacyShardCount !== checkpoints.length) {
      return `legacy shard count ${legacyShardCount} but ${checkpoints.length} checkpoints`;
    }
    return undefined;
  }
  if (description.streamId !== streamId) return `job description is of stream ${description.streamId}`;
  if (description.shardIds.length !== checkpoints.length) {
    return `job description lists ${description.shardIds.length} shards but ${checkpoints.length} checkpoints exist`;
  }
  const byShard = new Map(checkpoints.map((c) => [c.shardId, c]));
  for (const shardId of description.shardIds) {
    const checkpoint = byShard.get(shardId);
    if (checkpoint === undefined) return `no checkpoint for shard ${shardId}`;
    if (checkpoint.version !== description.version) return `checkpoint of shard ${shardId} is of another run`;
  }
  return undefined;
}

/** Inputs of {@link loadStartPositions}. */
export interface LoadStartInput {
  readonly streamId: string;
  readonly window: SyncWindow;
  /** The current shard listing. */
  readonly shards: readonly StreamShard[];
  readonly retentionHours: number;
  readonly nowMs: number;
  readonly enableSeekIterator: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Start positions of a window: the complete set saved at its start (resume), else a fresh start (§5.4).
 * @throws DataGapError (`shard-expired`) when the saved set names a shard that is gone but was not read to its
 *   end: records after its saved position were lost to retention.
 */
export async function loadStartPositions(table: StatusTable, input: LoadStartInput): Promise<LoadedStartPositions> {
  const { streamId, window, signal } = input;
  const startMs = window.startMs;
  const [checkpoints, description] = await Promise.all([
    readCheckpoints(table, streamId, startMs, signal),
    readJobDescription(table, streamId, startMs, signal),
  ]);
  let legacy: number | undefined;
  if (description === undefined) {
    legacy = toNumber(cellOf(await table.getRow(legacyShardCountKey(streamId, startMs), signal), Column.shardCount));
  }
  const reason = incompleteReason(streamId, checkpoints, description, legacy);
  const listed = new Set(input.shards.map((s) => s.shardId));
  if (reason === undefined) {
    const positions = new Map<string, StartPosition>();
    for (const c of checkpoints) {
      if (listed.has(c.shardId)) positions.set(c.shardId, { checkpoint: c.checkpoint, skipCount: c.skipCount });
      else if (c.checkpoint !== SHARD_END) {
        throw new DataGapError(
          'shard-expired',
          [c.shardId],
          startMs,
          undefined,
          'the shard is no longer listed although the previous window did not read it to its end',
        );
      }
    }
    return {
      kind: 'resume',
      positions,
      source: description === undefined ? 'legacy-shard-count' : 'job-description',
    };
  }
  if (input.enableSeekIterator) return { kind: 'fresh', positions: new Map(), source: 'seek', notFoundReason: reason };
  const positions = new Map<string, StartPosition>();
  const lowerMs = input.nowMs - (input.retentionHours - 1) * 3_600_000;
  await Promise.all(
    input.shards.map(async (shard) => {
      const bookmark = await findBookmark(table, streamId, shard.shardId, lowerMs, startMs - 1, signal);
      if (bookmark !== undefined) positions.set(shard.shardId, { checkpoint: bookmark });
    }),
  );
  return {
    kind: 'fresh',
    positions,
    source: positions.size > 0 ? 'bookmarks' : 'trim-horizon',
    notFoundReason: reason,
  };
}

/** The newest bookmark of a shard with time in (afterMs, atMostMs] (a backward scan with limit 1, §5.4 B). */
async function findBookmark(
  table: StatusTable,
  streamId: string,
  shardId: string,
  afterMs: number,
  atMostMs: number,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (atMostMs <= afterMs) return undefined;
  const rows = await table.scan(
    timeBookmarkKey(streamId, shardId, atMostMs),
    timeBookmarkKey(streamId, shardId, afterMs),
    {
      direction: 'BACKWARD',
      limit: 1,
      ...(signal === undefined ? {} : { signal }),
    },
  );
  const row = rows[0];
  if (row === undefined || timeOfBookmarkValue(keyOf(row, 'StatusValue') ?? '', shardId) === undefined)
    return undefined;
  const checkpoint = cellOf(row, Column.checkpoint);
  return typeof checkpoint === 'string' && checkpoint !== TRIM_HORIZON ? checkpoint : undefined;
}

/** Inputs of {@link writeWindowPositions}. */
export interface WritePositionsInput {
  readonly streamId: string;
  readonly tableName: string;
  readonly window: SyncWindow;
  readonly positions: readonly ShardPosition[];
  readonly version: string;
  readonly signal?: AbortSignal;
}

/**
 * Stores a window's end positions as DataX does: first removes the job description and every checkpoint row at
 * that end time (a rerun of the window starts clean), then writes one checkpoint per shard and, last, the job
 * description. Until the description is written, a reader sees an incomplete set and starts fresh instead of
 * resuming from half of one.
 */
export async function writeWindowPositions(table: StatusTable, input: WritePositionsInput): Promise<void> {
  const { streamId, window, signal } = input;
  const endMs = window.endMs;
  const stale = await readCheckpoints(table, streamId, endMs, signal);
  await table.writeRows(
    [
      { type: 'DELETE', primaryKey: jobDescriptionKey(streamId, endMs) },
      ...stale.map((c): BatchRowChange => ({ type: 'DELETE', primaryKey: checkpointKey(streamId, endMs, c.shardId) })),
    ],
    signal,
  );
  await table.writeRows(
    input.positions.map((p): BatchRowChange => ({
      type: 'PUT',
      primaryKey: checkpointKey(streamId, endMs, p.shardId),
      attributes: [
        { name: Column.version, value: input.version },
        { name: Column.checkpoint, value: p.checkpoint },
        { name: Column.skipCount, value: 0n },
        ...(p.sendRecordCount > 0 ? [{ name: Column.sendRecordCount, value: BigInt(p.sendRecordCount) }] : []),
      ],
    })),
    signal,
  );
  const chunks = encodeShardIdChunks(input.positions.map((p) => p.shardId));
  await table.writeRows(
    [
      {
        type: 'PUT',
        primaryKey: jobDescriptionKey(streamId, endMs),
        attributes: [
          ...chunks.map((chunk, i) => ({ name: `${Column.shardIdsPrefix}${i}`, value: chunk })),
          { name: Column.version, value: input.version },
          { name: Column.tableName, value: input.tableName },
          { name: Column.jobStreamId, value: streamId },
          { name: Column.startTime, value: BigInt(window.startMs) },
          { name: Column.endTime, value: BigInt(endMs) },
        ],
      },
    ],
    signal,
  );
}

/** Stores time bookmarks (`ShardTimeCheckpointForDataxReader`), which later fresh starts use (§5.4 B). */
export async function writeTimeBookmarks(
  table: StatusTable,
  streamId: string,
  bookmarks: readonly TimeBookmark[],
  signal?: AbortSignal,
): Promise<void> {
  if (bookmarks.length === 0) return;
  await table.writeRows(
    bookmarks.map((b) => ({
      type: 'PUT',
      primaryKey: timeBookmarkKey(streamId, b.shardId, b.timeMs),
      attributes: [{ name: Column.checkpoint, value: b.iterator }],
    })),
    signal,
  );
}
