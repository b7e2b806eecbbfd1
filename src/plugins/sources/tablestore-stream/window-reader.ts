/**
 * Reads every shard of a stream for one window [start, end) (otsstream-reader.md §3, §6): shards in parallel with
 * bounded concurrency (DataX reads one at a time per task, §6.5), parents before children (§6.2), each up to the
 * boundary (§6.3); lines go to the caller's consumer in bounded batches, so memory stays bounded for any window.
 *
 * Ordering: lines pass through one FIFO, and a child shard starts only after its parents' last lines were
 * queued, so the consumer sees every key's changes in commit order. Batches are delivered one at a time.
 */
import type { ShardPosition, SourceRecord, SyncWindow } from '../../types';
import type { CallRetryPolicy, StreamShard, TablestoreStreamClient } from './client';
import { StreamConsistencyError } from './errors';
import type { LineLayout } from './layouts';
import { settleLineage, type ShardState } from './lineage';
import { readShard, type ShardReadResult, type TimeBookmark } from './shard-reader';
import { SHARD_END, TRIM_HORIZON } from './status-keys';

/** A shard's start position: an iterator, `TRIM_HORIZON` or `SHARD_END`, with a legacy `SkipCount`. */
export interface StartPosition {
  readonly checkpoint: string;
  /** Records after `checkpoint` that a pre-2023 reader already emitted. @default 0 */
  readonly skipCount?: number;
}

/** Start positions of a window and how they were found (§5.4). */
export interface StartPositions {
  /**
   * `resume`: the complete set saved at the window start (no lower-bound filter); `fresh`: no complete set, so
   * records before the start are dropped until the first one at or after it (§3.2).
   */
  readonly kind: 'resume' | 'fresh';
  /** Per shard; shards not listed here start at `TRIM_HORIZON`. */
  readonly positions: ReadonlyMap<string, StartPosition>;
}

/** Receives one batch of lines; the next batch comes only after it resolves. */
export type RecordConsumer = (records: readonly SourceRecord[]) => Promise<void>;

/** Progress of a window read, reported after every page (use it as the activity heartbeat). */
export interface WindowProgress {
  readonly shardsTotal: number;
  readonly shardsDone: number;
  readonly streamRecords: number;
  readonly records: number;
  readonly batchesDelivered: number;
}

/** Options of a window read. */
export interface WindowReadOptions {
  /** Shards read at once. @default min(threadNum, 8) */
  concurrency?: number;
  /** Lines per consumer call (the last batch may be smaller). @default 1000 */
  batchSize?: number;
  onProgress?: (progress: WindowProgress) => void;
  signal?: AbortSignal;
}

/** Everything {@link readWindowShards} needs. */
export interface WindowReadInput {
  readonly client: TablestoreStreamClient;
  readonly streamId: string;
  readonly shards: readonly StreamShard[];
  readonly window: SyncWindow;
  readonly start: StartPositions;
  readonly layout: LineLayout;
  readonly retry: CallRetryPolicy;
  /** Seek `TRIM_HORIZON` shards of a fresh start to start − 10 min (§5.4 C). */
  readonly enableSeekIterator: boolean;
  /** Sent with GetStreamRecord when the job enables table-group support. */
  readonly tableName?: string;
  readonly consumer: RecordConsumer;
  readonly options?: WindowReadOptions;
}

/** Counts of a window read. */
export interface WindowCounts {
  /** Stream records turned into lines. */
  readonly streamRecords: number;
  /** Lines delivered (`SourceRecord`s). */
  readonly records: number;
  /** Lines DataX itself would have emitted (`dataxEmits`). */
  readonly dataxRecords: number;
  /** Fresh start: records before the window start that were dropped. */
  readonly droppedBeforeStart: number;
  /** Records skipped for a legacy `SkipCount`. */
  readonly skippedBySkipCount: number;
  readonly shardsRead: number;
  /** Shards deferred to the next window (a parent not closed). */
  readonly shardsDeferred: number;
  /** Shards that are (now) closed and fully read. */
  readonly shardsAtEnd: number;
}

/** Result of a window read. */
export interface WindowReadResult {
  /** End position of every listed shard, in listing order: what the next window starts from. */
  readonly positions: ShardPosition[];
  readonly counts: WindowCounts;
  /** Time bookmarks taken while reading (§5.3), for fresh starts of later runs. */
  readonly bookmarks: TimeBookmark[];
}

const SEEK_OFFSET_MS = 600_000;

/** Reads the window. Rejects with the first error of any shard or of the consumer; the other readers stop. */
export async function readWindowShards(input: WindowReadInput): Promise<WindowReadResult> {
  const { client, window, start, options = {} } = input;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const abort = new AbortController();
  const signal = options.signal === undefined ? abort.signal : AbortSignal.any([options.signal, abort.signal]);
  const order = input.shards.map((s) => s.shardId);
  const byId = new Map(input.shards.map((s) => [s.shardId, s]));
  const states = new Map<string, ShardState>(order.map((id) => [id, 'PENDING']));
  const results = new Map<string, ShardPosition>();
  const bookmarks: TimeBookmark[] = [];
  const counts = {
    streamRecords: 0,
    records: 0,
    dataxRecords: 0,
    droppedBeforeStart: 0,
    skippedBySkipCount: 0,
    shardsRead: 0,
    shardsDeferred: 0,
    shardsAtEnd: 0,
  };
  const batches = new BatchQueue(input.consumer, Math.max(1, options.batchSize ?? 1000));
  const progress = () =>
    options.onProgress?.({
      shardsTotal: order.length,
      shardsDone: results.size,
      streamRecords: counts.streamRecords,
      records: counts.records,
      batchesDelivered: batches.delivered,
    });

  // Shards already closed and read need no read; SHARD_END is carried so their children can start.
  for (const id of order) {
    if (start.positions.get(id)?.checkpoint === SHARD_END) {
      states.set(id, 'DONE_REACH_END');
      results.set(id, { shardId: id, checkpoint: SHARD_END, sendRecordCount: 0 });
      counts.shardsAtEnd++;
    }
  }

  const resolveIterator = async (shardId: string): Promise<string> => {
    const checkpoint = start.positions.get(shardId)?.checkpoint ?? TRIM_HORIZON;
    if (checkpoint !== TRIM_HORIZON) return checkpoint;
    const call = { signal, retry: input.retry };
    const seekMs = window.startMs - SEEK_OFFSET_MS;
    // The seek is used on fresh starts only. DataX also seeks TRIM_HORIZON shards of a resumed run (new or
    // deferred children) and relies on them holding nothing older than start − 10 min [derived, unconfirmed];
    // reading those from the trim horizon instead can cost time but never loses a record.
    if (input.enableSeekIterator && start.kind === 'fresh' && seekMs > 0) {
      return client.seekShardIterator({ streamId: input.streamId, shardId, timestamp: BigInt(seekMs) * 1000n }, call);
    }
    return (await client.getShardIterator({ streamId: input.streamId, shardId }, call)).shardIterator;
  };

  const runShard = async (shardId: string): Promise<ShardReadResult> => {
    const startIterator = await resolveIterator(shardId);
    return readShard({
      client,
      streamId: input.streamId,
      shardId,
      window,
      startIterator,
      skipCount: start.kind === 'resume' ? (start.positions.get(shardId)?.skipCount ?? 0) : 0,
      dropBeforeStart: start.kind === 'fresh',
      layout: input.layout,
      ...(input.tableName === undefined ? {} : { tableName: input.tableName }),
      retry: input.retry,
      signal,
      emit: async (records) => {
        for (const r of records) if (r.dataxEmits) counts.dataxRecords++;
        counts.records += records.length;
        await batches.push(records);
      },
      onPage: () => progress(),
    });
  };

  const running = new Map<string, Promise<{ id: string; result: ShardReadResult }>>();
  try {
    for (;;) {
      const { ready, skipped } = settleLineage(order, byId, states);
      for (const id of skipped) {
        results.set(id, { shardId: id, checkpoint: TRIM_HORIZON, sendRecordCount: 0 });
        counts.shardsDeferred++;
      }
      for (const id of ready) {
        if (running.size >= concurrency) break;
        states.set(id, 'RUNNING');
        running.set(
          id,
          runShard(id).then((result) => ({ id, result })),
        );
      }
      if (running.size === 0) {
        const stuck = order.filter((id) => states.get(id) === 'PENDING');
        if (stuck.length > 0)
          throw new StreamConsistencyError(stuck[0], 'its parents can never finish (lineage cycle).');
        break;
      }
      const { id, result } = await Promise.race(running.values());
      running.delete(id);
      states.set(id, result.reachedEnd ? 'DONE_REACH_END' : 'DONE_NOT_END');
      results.set(id, { shardId: id, checkpoint: result.checkpoint, sendRecordCount: result.streamRecords });
      bookmarks.push(...result.bookmarks);
      counts.streamRecords += result.streamRecords;
      counts.droppedBeforeStart += result.droppedBeforeStart;
      counts.skippedBySkipCount += result.skipped;
      counts.shardsRead++;
      if (result.reachedEnd) counts.shardsAtEnd++;
      progress();
    }
    await batches.flush();
  } catch (error) {
    abort.abort(error);
    // Let the other readers stop before reporting, so no request outlives the call.
    await Promise.allSettled(running.values());
    throw error;
  }
  progress();
  const positions = order.map((id) => results.get(id) as ShardPosition);
  return { positions, counts, bookmarks };
}

/**
 * The one FIFO of lines between shard readers and the consumer: `push` resolves once the lines are queued and any
 * full batch delivered, so readers wait while the consumer is busy (backpressure) and memory stays at about one
 * batch plus one page per reader.
 */
class BatchQueue {
  #buffer: SourceRecord[] = [];
  #tail: Promise<void> = Promise.resolve();
  delivered = 0;

  constructor(
    private readonly consumer: RecordConsumer,
    private readonly batchSize: number,
  ) {}

  push(records: readonly SourceRecord[]): Promise<void> {
    return this.#enqueue(async () => {
      for (const r of records) this.#buffer.push(r);
      while (this.#buffer.length >= this.batchSize) await this.#deliver(this.#buffer.splice(0, this.batchSize));
    });
  }

  flush(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#buffer.length > 0) await this.#deliver(this.#buffer.splice(0));
    });
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#tail = this.#tail.then(step);
    return this.#tail;
  }

  async #deliver(batch: SourceRecord[]): Promise<void> {
    await this.consumer(batch);
    this.delivered++;
  }
}
