/**
 * The Tablestore Stream source: one object per job, built from the production client and the compiled reader
 * config, offering what the activities need — check the endpoints, read a window, store its end positions in the
 * DataX status table, and move the committed-window fence (see fence.ts for the protocol).
 */
import { TablestoreError } from '../../../tablestore';
import type { ShardPosition, SyncWindow } from '../../types';
import {
  findLatestCompleteEnd,
  loadStartPositions,
  writeTimeBookmarks,
  writeWindowPositions,
  type LoadedStartPositions,
} from './checkpoints';
import type { StreamShard, TablestoreStreamClient } from './client';
import { DataGapError, StreamSourceError } from './errors';
import { commitWindow, readCommitted, type CommittedWindow, type FenceExpectation } from './fence';
import type { LineLayout } from './layouts';
import { readerRetryPolicy, RetryStats } from './retry-policy';
import type { CompiledTablestoreStreamConfig } from './schema';
import { newRunVersion } from './status-keys';
import { StatusTable } from './status-table';
import {
  readWindowShards,
  type RecordConsumer,
  type StartPositions,
  type WindowCounts,
  type WindowReadOptions,
} from './window-reader';

/** What {@link TablestoreStreamSource.prepare} found. */
export interface PreparedSource {
  readonly streamId: string;
  /** Stream retention in hours. */
  readonly retentionHours: number;
  readonly statusTable: 'created' | 'exists';
}

/** Options of {@link TablestoreStreamSource.readWindow}. */
export interface ReadWindowOptions extends WindowReadOptions {
  /** "Now" for the retention check, epoch ms. @default Date.now() */
  nowMs?: number;
  /**
   * Safety margin of the retention check: a window may start no earlier than now − retention + this.
   * @default 600000 (DataX's BEFORE_OFFSET_TIME_MILLIS)
   */
  retentionMarginMs?: number;
  /** Store time bookmarks for later fresh starts, as DataX does. @default true */
  writeBookmarks?: boolean;
  /** Start from these positions instead of looking them up in the status table (tests, backfills). */
  startPositions?: StartPositions;
}

/** Result of {@link TablestoreStreamSource.readWindow}. */
export interface ReadWindowResult {
  readonly streamId: string;
  readonly window: SyncWindow;
  /** End position of every shard: pass to `writePositions`. */
  readonly positions: ShardPosition[];
  readonly counts: WindowCounts;
  /** How the start positions were found (resume from the previous window, or a fresh start and why). */
  readonly start: Pick<LoadedStartPositions, 'kind'> & Partial<Pick<LoadedStartPositions, 'source' | 'notFoundReason'>>;
  readonly retries: { readonly count: number; readonly pausedMs: number };
}

/** Options of the source. */
export interface TablestoreStreamSourceOptions {
  /** Status-table readiness wait after creating it. @default 120000 */
  statusTableReadyTimeoutMs?: number;
}

const HOUR_MS = 3_600_000;

/** The Tablestore Stream reader of one job. */
export class TablestoreStreamSource {
  readonly #client: TablestoreStreamClient;
  readonly #config: CompiledTablestoreStreamConfig;
  readonly #statusTable: StatusTable;
  readonly #layout: LineLayout;
  readonly #stats = new RetryStats();
  #prepared: PreparedSource | undefined;

  /** @throws StreamSourceError when the config asks for time-series tables (not implemented). */
  constructor(
    client: TablestoreStreamClient,
    config: CompiledTablestoreStreamConfig,
    options: TablestoreStreamSourceOptions = {},
  ) {
    this.#client = client;
    this.#config = config;
    this.#layout = layoutOf(config);
    this.#statusTable = new StatusTable(client, config.statusTable, {
      retry: readerRetryPolicy(config.maxRetries, this.#stats),
      ...(options.statusTableReadyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.statusTableReadyTimeoutMs }),
    });
  }

  /**
   * Checks the data table (exists, stream enabled), finds its stream and retention, and ensures the status table.
   * @throws StreamSourceError when the table is missing or has no enabled stream; StatusTableError.
   */
  async prepare(signal?: AbortSignal): Promise<PreparedSource> {
    const table = this.#config.dataTable;
    const call = {
      ...(signal === undefined ? {} : { signal }),
      retry: readerRetryPolicy(this.#config.maxRetries, this.#stats),
    };
    let description;
    try {
      description = await this.#client.describeTable(table, call);
    } catch (error) {
      if (error instanceof TablestoreError && error.code === 'OTSObjectNotExist') {
        throw new StreamSourceError(table, 'does not exist.', {
          cause: error,
          hint: 'Check dataTable and the instance.',
        });
      }
      throw error;
    }
    if (!description.stream.enabled) {
      throw new StreamSourceError(table, 'its stream is not enabled.', {
        hint: 'Enable the table stream in the Tablestore console.',
      });
    }
    const streams = await this.#client.listStream({ tableName: table }, call);
    const stream = streams.find((s) => s.tableName === table);
    if (stream === undefined) throw new StreamSourceError(table, 'no stream is listed for it.');
    const statusTable = await this.#statusTable.ensure(signal);
    this.#prepared = {
      streamId: stream.streamId,
      retentionHours: description.stream.expirationTimeHours ?? 24,
      statusTable,
    };
    return this.#prepared;
  }

  /**
   * Reads every change of `window` and hands the lines to `consumer` in batches. Start positions come from the
   * status table at the window start (a resume) or a fresh start (§5.4).
   * @throws DataGapError when the window starts before the retention, or stored positions were trimmed.
   */
  async readWindow(
    window: SyncWindow,
    consumer: RecordConsumer,
    options: ReadWindowOptions = {},
  ): Promise<ReadWindowResult> {
    const prepared = this.#prepared ?? (await this.prepare(options.signal));
    const signal = options.signal;
    const retry = readerRetryPolicy(this.#config.maxRetries, this.#stats);
    const { shards } = await this.#client.describeStreamAllPages(prepared.streamId, {
      ...(signal === undefined ? {} : { signal }),
      retry,
    });
    const nowMs = options.nowMs ?? Date.now();
    const oldestMs = nowMs - prepared.retentionHours * HOUR_MS + (options.retentionMarginMs ?? 600_000);
    if (window.startMs < oldestMs) {
      throw new DataGapError(
        'retention',
        shards.map((s) => s.shardId),
        window.startMs,
        oldestMs,
        `the window starts before now − ${prepared.retentionHours} h retention + margin`,
      );
    }
    const start: StartPositions & Partial<LoadedStartPositions> =
      options.startPositions ??
      (await loadStartPositions(this.#statusTable, {
        streamId: prepared.streamId,
        window,
        shards,
        retentionHours: prepared.retentionHours,
        nowMs,
        enableSeekIterator: this.#config.enableSeekIterator,
        ...(signal === undefined ? {} : { signal }),
      }));
    const before = { count: this.#stats.retries, pausedMs: this.#stats.pausedMs };
    const result = await readWindowShards({
      client: this.#client,
      streamId: prepared.streamId,
      shards: shards as StreamShard[],
      window,
      start,
      layout: this.#layout,
      retry,
      enableSeekIterator: this.#config.enableSeekIterator,
      ...(this.#config.enableTableGroupSupport ? { tableName: this.#config.dataTable } : {}),
      consumer,
      options: { ...options, concurrency: options.concurrency ?? Math.min(this.#config.threadNum, 8) },
    });
    if (options.writeBookmarks ?? true) {
      await writeTimeBookmarks(this.#statusTable, prepared.streamId, result.bookmarks, signal);
    }
    return {
      streamId: prepared.streamId,
      window,
      positions: result.positions,
      counts: result.counts,
      start: {
        kind: start.kind,
        ...(start.source === undefined ? {} : { source: start.source }),
        ...(start.notFoundReason === undefined ? {} : { notFoundReason: start.notFoundReason }),
      },
      retries: { count: this.#stats.retries - before.count, pausedMs: this.#stats.pausedMs - before.pausedMs },
    };
  }

  /**
   * Stores a window's end positions in the DataX format (job description last), so the next window — run by
   * otsync or DataWorks — resumes from them. Pass the window (or its end; the start then defaults to the end).
   */
  async writePositions(
    window: SyncWindow | number,
    positions: readonly ShardPosition[],
    version: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const prepared = this.#prepared ?? (await this.prepare(signal));
    const w = typeof window === 'number' ? { startMs: window, endMs: window } : window;
    await writeWindowPositions(this.#statusTable, {
      streamId: prepared.streamId,
      tableName: this.#config.dataTable,
      window: w,
      positions,
      version,
      ...(signal === undefined ? {} : { signal }),
    });
  }

  /**
   * Where a job that DataWorks (or an earlier otsync without a fence) ran resumes: the end of the newest window
   * with a complete DataX checkpoint set for this stream, or undefined.
   */
  async findLatestCompleteEnd(signal?: AbortSignal): Promise<number | undefined> {
    const prepared = this.#prepared ?? (await this.prepare(signal));
    return findLatestCompleteEnd(this.#statusTable, prepared.streamId, signal === undefined ? {} : { signal });
  }

  /** The job's committed window end, or undefined (see fence.ts). */
  readCommitted(jobId: string, signal?: AbortSignal): Promise<CommittedWindow | undefined> {
    return readCommitted(this.#statusTable, jobId, signal);
  }

  /**
   * Moves the job's fence from `expected` to `newEndMs` (compare-and-set).
   * @throws CheckpointConflictError when another run moved it or the move is not forward.
   */
  commitWindow(
    jobId: string,
    expected: FenceExpectation,
    newEndMs: number,
    version: string,
    signal?: AbortSignal,
  ): Promise<CommittedWindow> {
    return commitWindow(this.#statusTable, jobId, expected, newEndMs, version, signal);
  }

  /** A new DataX run version, `"<now ms>-<UUID>"`. */
  newRunVersion(nowMs: number = Date.now()): string {
    return newRunVersion(nowMs);
  }
}

/** The line layout of a compiled config. @throws StreamSourceError for time-series tables (not implemented). */
export function layoutOf(config: CompiledTablestoreStreamConfig): LineLayout {
  const output = config.output;
  if (output.mode === 'multi_version') return { mode: 'multi_version', exportSequenceInfo: config.exportSequenceInfo };
  if (output.isTimeseriesTable || output.columns.some((c) => c.isTimeseriesTag)) {
    throw new StreamSourceError(
      config.dataTable,
      'time-series tables (isTimeseriesTable, is_timeseries_tag) are not supported yet.',
      {
        hint: 'Remove isTimeseriesTable and is_timeseries_tag, or use DataX for this job.',
      },
    );
  }
  return {
    mode: 'single_version_and_update_only',
    columns: output.columns.map((c) => c.name),
    exportSequenceInfo: config.exportSequenceInfo,
  };
}
