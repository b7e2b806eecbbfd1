/**
 * Reads one shard from a start iterator up to the window boundary (otsstream-reader.md §6.3):
 *
 * - the first record with commit time ≥ end stops the shard, positioned exactly before it: DataX re-reads the
 *   batch with `limit = i`; we do too, but verify that the re-read returned those same i records and continue
 *   until it did, so a short page can never leave the position too early (§8.2 item 6);
 * - an empty page with a next iterator means drained (unless the server says `mayMoreRecord`, §9.2.7);
 * - an absent next iterator means the shard closed: `SHARD_END`;
 * - on a fresh start, records before the window start are dropped until the first record at or after it (§3.2);
 * - a resumed pre-2023 checkpoint's non-zero `SkipCount` skips that many already-emitted records (§9.1.8).
 *
 * `OTSTrimmedDataAccess` becomes a {@link DataGapError} naming the shard and the span that is gone.
 */
import type { SourceRecord, SyncWindow } from '../../types';
import { TablestoreError } from '../../../tablestore';
import {
  compareChangeSequence,
  type CallRetryPolicy,
  type ChangeRecord,
  type StreamRecordPage,
  type TablestoreStreamClient,
} from './client';
import { DataGapError, StreamConsistencyError } from './errors';
import { toSourceRecords, type LineLayout } from './layouts';
import { SHARD_END } from './status-keys';

/** A bookmark DataX keeps to find a start position by time (§5.3). */
export interface TimeBookmark {
  readonly shardId: string;
  /** Commit time (ms) of the record the iterator points at, or the window end for a drained shard. */
  readonly timeMs: number;
  readonly iterator: string;
}

/** Inputs of {@link readShard}. */
export interface ShardReadInput {
  readonly client: TablestoreStreamClient;
  readonly streamId: string;
  readonly shardId: string;
  readonly window: SyncWindow;
  readonly startIterator: string;
  /** Records to skip first (a pre-2023 checkpoint's `SkipCount`). */
  readonly skipCount: number;
  /** Fresh start: drop records before the window start until the first one at or after it. */
  readonly dropBeforeStart: boolean;
  readonly layout: LineLayout;
  /** Sent with every GetStreamRecord (table groups). */
  readonly tableName?: string;
  readonly retry: CallRetryPolicy;
  readonly signal: AbortSignal;
  /** Receives the lines of each page, in log order; the next page is read only after it resolves. */
  readonly emit: (records: SourceRecord[]) => Promise<void>;
  /** Called after each page. */
  readonly onPage?: (page: { streamRecords: number; records: number }) => void;
}

/** Where and how a shard stopped. */
export interface ShardReadResult {
  readonly shardId: string;
  /** An iterator, or `SHARD_END`. */
  readonly checkpoint: string;
  readonly reachedEnd: boolean;
  readonly stop: 'boundary' | 'drained' | 'closed';
  /** Stream records emitted (DataX's `SendRecordCount`). */
  readonly streamRecords: number;
  readonly records: number;
  readonly droppedBeforeStart: number;
  readonly skipped: number;
  readonly bookmarks: TimeBookmark[];
}

const BOOKMARK_INTERVAL_MS = 10 * 60_000;
/** Consecutive empty pages with `mayMoreRecord` before the shard counts as drained anyway. */
const MAX_EMPTY_MORE_PAGES = 100;

/** Commit time of a record in ms: the sequence timestamp (µs) integer-divided by 1000 (§3.1). */
export function commitTimeMs(change: ChangeRecord): number {
  return Number(change.sequence.timestamp / 1000n);
}

/**
 * Reads the shard. @throws DataGapError when the position was trimmed; StreamConsistencyError when the boundary
 * re-read disagrees with the first read; the client's errors after its retries; the signal's reason on abort.
 */
export async function readShard(input: ShardReadInput): Promise<ShardReadResult> {
  const { client, shardId, window, signal } = input;
  const call = { signal, retry: input.retry };
  const tableName = input.tableName === undefined ? {} : { tableName: input.tableName };
  const read = async (shardIterator: string, limit?: number): Promise<StreamRecordPage> => {
    try {
      return await client.getStreamRecord(
        { shardIterator, ...tableName, ...(limit === undefined ? {} : { limit }) },
        call,
      );
    } catch (error) {
      if (error instanceof TablestoreError && error.code === 'OTSTrimmedDataAccess') {
        throw await trimmedGap(input, error);
      }
      throw error;
    }
  };
  const bookmarks: TimeBookmark[] = [];
  let lastBookmarkMs: number | undefined;
  let streamRecords = 0;
  let records = 0;
  let dropped = 0;
  let toSkip = input.skipCount;
  let dropping = input.dropBeforeStart;
  let iterator = input.startIterator;
  let emptyMore = 0;
  const result = (checkpoint: string, stop: ShardReadResult['stop']): ShardReadResult => ({
    shardId,
    checkpoint,
    reachedEnd: stop === 'closed',
    stop,
    streamRecords,
    records,
    droppedBeforeStart: dropped,
    skipped: input.skipCount - toSkip,
    bookmarks,
  });

  for (;;) {
    signal.throwIfAborted();
    const page = await read(iterator);
    if (page.records.length === 0) {
      if (page.nextShardIterator === undefined) return result(SHARD_END, 'closed');
      if (page.mayMoreRecord === true && ++emptyMore < MAX_EMPTY_MORE_PAGES) {
        iterator = page.nextShardIterator;
        continue;
      }
      bookmarks.push({ shardId, timeMs: window.endMs, iterator: page.nextShardIterator });
      return result(page.nextShardIterator, 'drained');
    }
    emptyMore = 0;
    const first = page.records[0] as ChangeRecord;
    const firstMs = commitTimeMs(first);
    if (lastBookmarkMs === undefined || firstMs - lastBookmarkMs >= BOOKMARK_INTERVAL_MS) {
      bookmarks.push({ shardId, timeMs: firstMs, iterator });
      lastBookmarkMs = firstMs;
    }
    const out: SourceRecord[] = [];
    let boundary = -1;
    for (let i = 0; i < page.records.length; i++) {
      const change = page.records[i] as ChangeRecord;
      const timeMs = commitTimeMs(change);
      if (timeMs >= window.endMs) {
        boundary = i;
        break;
      }
      if (toSkip > 0) {
        toSkip--;
        continue;
      }
      if (dropping && timeMs < window.startMs) {
        dropped++;
        continue;
      }
      dropping = false;
      const lines = toSourceRecords(change, shardId, input.layout);
      for (const line of lines) out.push(line);
      streamRecords++;
    }
    records += out.length;
    if (out.length > 0) await input.emit(out);
    input.onPage?.({ streamRecords: page.records.length, records: out.length });
    if (boundary >= 0) {
      const checkpoint =
        boundary === 0 ? iterator : await positionAfter(read, shardId, iterator, page.records.slice(0, boundary));
      return result(checkpoint, 'boundary');
    }
    if (page.nextShardIterator === undefined) return result(SHARD_END, 'closed');
    iterator = page.nextShardIterator;
  }
}

/**
 * The iterator right after `expected` (records read from `start`): re-reads them with `limit` and checks that the
 * same records come back, continuing when a page is short.
 */
async function positionAfter(
  read: (iterator: string, limit?: number) => Promise<StreamRecordPage>,
  shardId: string,
  start: string,
  expected: readonly ChangeRecord[],
): Promise<string> {
  let iterator = start;
  let got = 0;
  while (got < expected.length) {
    const page = await read(iterator, expected.length - got);
    if (page.records.length === 0 || page.records.length > expected.length - got) {
      throw new StreamConsistencyError(
        shardId,
        `re-reading ${expected.length - got} records to position at the window boundary returned ${page.records.length}.`,
      );
    }
    for (const change of page.records) {
      const want = expected[got++] as ChangeRecord;
      if (compareChangeSequence(change.sequence, want.sequence) !== 0 || change.action !== want.action) {
        throw new StreamConsistencyError(shardId, 're-reading to the window boundary returned other records.');
      }
    }
    if (page.nextShardIterator === undefined) {
      throw new StreamConsistencyError(shardId, 'the shard closed before the boundary record while re-reading.');
    }
    iterator = page.nextShardIterator;
  }
  return iterator;
}

/** The data gap of a trimmed position: from the window start to the oldest record still retained, if any. */
async function trimmedGap(input: ShardReadInput, cause: TablestoreError): Promise<DataGapError> {
  let oldestMs: number | undefined;
  try {
    const call = { signal: input.signal, retry: input.retry };
    const horizon = await input.client.getShardIterator({ streamId: input.streamId, shardId: input.shardId }, call);
    const page = await input.client.getStreamRecord({ shardIterator: horizon.shardIterator, limit: 1 }, call);
    if (page.records[0] !== undefined) oldestMs = commitTimeMs(page.records[0]);
  } catch {
    // Best effort: the gap is reported either way, only its end stays unknown.
  }
  return new DataGapError(
    'trimmed',
    [input.shardId],
    input.window.startMs,
    oldestMs,
    'the saved shard position points into stream records already trimmed by the retention (OTSTrimmedDataAccess)',
    { cause },
  );
}
