/**
 * Byte-exact keys and cell encodings of DataX's status table (otsstream-reader.md §5.1–5.2), so that DataWorks and
 * otsync can resume from each other's positions. Pure functions.
 *
 * Primary key: (`StreamId`, `StatusType`, `StatusValue`), all STRING. Times in `StatusValue` are Java `%16d`:
 * decimal, left-padded with spaces to 16 characters; the separator is a TAB.
 */
import { randomUUID } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import type { PrimaryKeyColumn } from '../../../tablestore';
import { StreamConsistencyError } from './errors';

export const STATUS_TABLE_PRIMARY_KEY = ['StreamId', 'StatusType', 'StatusValue'] as const;
/** DataX's TTL (30 days) and max versions for a status table it creates. */
export const STATUS_TABLE_TTL_SECONDS = 2_592_000;
export const STATUS_TABLE_MAX_VERSIONS = 1;

export const StatusType = {
  checkpoint: 'CheckpointForDataxReader',
  jobDescription: 'DataxJobDesc',
  timeBookmark: 'ShardTimeCheckpointForDataxReader',
  /** otsync's own committed-window fence (never read by DataX: it only reads its three types). */
  committedWindow: 'OtsyncCommittedWindow',
} as const;

export const Column = {
  checkpoint: 'Checkpoint',
  version: 'Version',
  skipCount: 'SkipCount',
  sendRecordCount: 'SendRecordCount',
  shardCount: 'ShardCount',
  shardIdsPrefix: 'ShardIds_',
  tableName: 'TableName',
  jobStreamId: 'JobStreamId',
  startTime: 'StartTime',
  endTime: 'EndTime',
} as const;

/** Positions that are not iterators (Alibaba's stream client `CheckpointPosition`). */
export const TRIM_HORIZON = 'TRIM_HORIZON';
export const SHARD_END = 'SHARD_END';

const SEPARATOR = '\t';
/** DataX's upper bound of a shard-id range scan: `(char) 127`. */
const LARGEST_SHARD_ID = '\x7f';
/** DataX cuts the compressed shard list into cells of this many bytes. */
export const SHARD_IDS_CHUNK_BYTES = 64 * 1024;

/** Java's `String.format("%16d", ms)`. */
export function formatTime16(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`Not an integer millisecond time: ${ms}.`);
  return String(ms).padStart(16, ' ');
}

function key(streamId: string, statusType: string, statusValue: string): PrimaryKeyColumn[] {
  return [
    { name: 'StreamId', value: streamId },
    { name: 'StatusType', value: statusType },
    { name: 'StatusValue', value: statusValue },
  ];
}

/** Per-shard window checkpoint at `endMs`. */
export function checkpointKey(streamId: string, endMs: number, shardId: string): PrimaryKeyColumn[] {
  return key(streamId, StatusType.checkpoint, `${formatTime16(endMs)}${SEPARATOR}${shardId}`);
}

/** Range `[start, end)` covering every per-shard checkpoint at `endMs` (DataX's delete/scan range). */
export function checkpointRange(streamId: string, endMs: number): [PrimaryKeyColumn[], PrimaryKeyColumn[]] {
  const prefix = `${formatTime16(endMs)}${SEPARATOR}`;
  return [
    key(streamId, StatusType.checkpoint, prefix),
    key(streamId, StatusType.checkpoint, prefix + LARGEST_SHARD_ID),
  ];
}

/** The shard id of a checkpoint row at `endMs`, or undefined when the value is not of that form. */
export function shardIdOfCheckpointValue(statusValue: string, endMs: number): string | undefined {
  const prefix = `${formatTime16(endMs)}${SEPARATOR}`;
  return statusValue.startsWith(prefix) ? statusValue.slice(prefix.length) : undefined;
}

/** Legacy shard-count row of pre-2023 readers (read only). */
export function legacyShardCountKey(streamId: string, endMs: number): PrimaryKeyColumn[] {
  return key(streamId, StatusType.checkpoint, formatTime16(endMs));
}

/** All job descriptions of a stream, as a `[start, end)` key range (end times sort as their padded text). */
export function jobDescriptionRange(streamId: string): [PrimaryKeyColumn[], PrimaryKeyColumn[]] {
  return [key(streamId, StatusType.jobDescription, ''), key(streamId, StatusType.jobDescription, '\u007f')];
}

/** Job description at `endMs`. */
export function jobDescriptionKey(streamId: string, endMs: number): PrimaryKeyColumn[] {
  return key(streamId, StatusType.jobDescription, formatTime16(endMs));
}

/** Time bookmark of a shard at `timeMs`. */
export function timeBookmarkKey(streamId: string, shardId: string, timeMs: number): PrimaryKeyColumn[] {
  return key(streamId, StatusType.timeBookmark, `${shardId}${SEPARATOR}${formatTime16(timeMs)}`);
}

/** The time of a bookmark row's `StatusValue`, or undefined when it is not `shardId` TAB `%16d`. */
export function timeOfBookmarkValue(statusValue: string, shardId: string): number | undefined {
  const prefix = `${shardId}${SEPARATOR}`;
  if (!statusValue.startsWith(prefix)) return undefined;
  const text = statusValue.slice(prefix.length);
  if (!/^ *-?\d+$/.test(text)) return undefined;
  const ms = Number(text.trim());
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/** otsync's committed-window fence of a job. `StreamId` is a constant so the fence survives a re-enabled stream. */
export function committedWindowKey(jobId: string): PrimaryKeyColumn[] {
  return key(OTSYNC_FENCE_STREAM_ID, StatusType.committedWindow, jobId);
}

/** `StreamId` of otsync's fence rows; no Tablestore stream id has this form (`<table>_<µs>`). */
export const OTSYNC_FENCE_STREAM_ID = 'otsync';

/** Gson's HTML-safe escaping (its default), so the JSON bytes match what DataX writes. */
function gsonJson(ids: readonly string[]): string {
  return JSON.stringify(ids).replace(
    /[<>&='\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The job description's shard list: the JSON array, zlib-compressed (Java `Deflater` defaults), cut into
 * 64 KiB chunks stored as `ShardIds_0`, `ShardIds_1`, … (StreamJob.serializeShardIdList).
 */
export function encodeShardIdChunks(shardIds: readonly string[]): Buffer[] {
  const content = deflateSync(Buffer.from(gsonJson(shardIds), 'utf8'));
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += SHARD_IDS_CHUNK_BYTES) {
    chunks.push(content.subarray(i, Math.min(i + SHARD_IDS_CHUNK_BYTES, content.length)));
  }
  return chunks;
}

/**
 * The shard ids of a job description, from its `ShardIds_<n>` cells read in order until one is missing.
 * @throws StreamConsistencyError when the cells do not hold a compressed JSON array of strings.
 */
export function decodeShardIdChunks(cell: (name: string) => unknown): string[] {
  const parts: Buffer[] = [];
  for (let i = 0; ; i++) {
    const value = cell(`${Column.shardIdsPrefix}${i}`);
    if (value === undefined) break;
    if (!(value instanceof Uint8Array))
      throw new StreamConsistencyError(undefined, `job description cell ShardIds_${i} is not binary.`);
    parts.push(Buffer.from(value));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(inflateSync(Buffer.concat(parts)).toString('utf8'));
  } catch (cause) {
    throw new StreamConsistencyError(undefined, 'job description shard list cannot be decompressed.', { cause });
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    throw new StreamConsistencyError(undefined, 'job description shard list is not a JSON array of strings.');
  }
  return parsed;
}

/** A DataX run version: `"<ms at job start>-<random UUID>"`. */
export function newRunVersion(nowMs: number, uuid: string = randomUUID()): string {
  return `${nowMs}-${uuid}`;
}
