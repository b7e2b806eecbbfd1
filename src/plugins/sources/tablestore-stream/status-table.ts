/**
 * The status table's I/O (otsstream-reader.md §5): create it with DataX's exact schema and options when missing,
 * scan key ranges, and write rows in batches. DataX's checkpoint rules on top of it live in `checkpoints.ts`, the
 * committed-window fence in `fence.ts`.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { INF_MAX, INF_MIN, TablestoreError, type AttributeValue, type PrimaryKeyColumn } from '../../../tablestore';
import {
  MAX_BATCH_WRITE_ROWS,
  type BatchRowChange,
  type CallRetryPolicy,
  type TableRow,
  type TablestoreStreamClient,
} from './client';
import { StatusTableError } from './errors';
import { isDataxRetryable } from './retry-policy';
import { STATUS_TABLE_MAX_VERSIONS, STATUS_TABLE_PRIMARY_KEY, STATUS_TABLE_TTL_SECONDS } from './status-keys';

/** Options of {@link StatusTable}. */
export interface StatusTableOptions {
  retry: CallRetryPolicy;
  /** How long a newly created table may stay unreadable. @default 120000 (DataX) */
  readyTimeoutMs?: number;
  /** Pause between readiness probes. @default 100 (DataX) */
  probeIntervalMs?: number;
}

/** Codes a freshly created table answers while it loads (DataX tolerates exactly these). */
const NOT_READY_CODES = new Set(['OTSTableNotReady', 'OTSPartitionUnavailable']);

/** The latest value of a row's column, or undefined. */
export function cellOf(row: TableRow | undefined, name: string): AttributeValue | undefined {
  return row?.attributes.find((c) => c.name === name)?.value;
}

/** The string value of a primary-key column. */
export function keyOf(row: TableRow, name: string): string | undefined {
  const value = row.primaryKey.find((c) => c.name === name)?.value;
  return typeof value === 'string' ? value : undefined;
}

/** A status table of one Tablestore instance. */
export class StatusTable {
  readonly #client: TablestoreStreamClient;
  readonly #options: Required<StatusTableOptions>;

  constructor(
    client: TablestoreStreamClient,
    readonly tableName: string,
    options: StatusTableOptions,
  ) {
    this.#client = client;
    this.#options = { readyTimeoutMs: 120_000, probeIntervalMs: 100, ...options };
  }

  /**
   * Makes sure the table exists with DataX's primary key; creates it (TTL 30 days, 1 version, 0/0 reserved
   * throughput) and waits until it is readable when missing.
   * @returns whether it was created.
   * @throws StatusTableError when the existing table's key differs, or it is not readable in time.
   */
  async ensure(signal?: AbortSignal): Promise<'created' | 'exists'> {
    const call = this.#call(signal);
    try {
      const description = await this.#client.describeTable(this.tableName, call);
      const actual = description.primaryKey.map((c) => `${c.name}:${c.type}`).join(', ');
      const expected = STATUS_TABLE_PRIMARY_KEY.map((name) => `${name}:STRING`).join(', ');
      if (actual !== expected) {
        throw new StatusTableError(this.tableName, `its primary key is (${actual}), expected (${expected}).`);
      }
      return 'exists';
    } catch (error) {
      if (!(error instanceof TablestoreError) || error.code !== 'OTSObjectNotExist') throw error;
    }
    try {
      await this.#client.createTable(
        {
          tableName: this.tableName,
          primaryKey: STATUS_TABLE_PRIMARY_KEY.map((name) => ({ name, type: 'STRING' as const })),
          timeToLive: STATUS_TABLE_TTL_SECONDS,
          maxVersions: STATUS_TABLE_MAX_VERSIONS,
          reservedRead: 0,
          reservedWrite: 0,
        },
        call,
      );
    } catch (error) {
      // Another run created it in the meantime: check its schema like any existing table.
      if (error instanceof TablestoreError && error.code === 'OTSObjectAlreadyExist') return this.ensure(signal);
      throw error;
    }
    await this.#waitReadable(signal);
    return 'created';
  }

  async #waitReadable(signal: AbortSignal | undefined): Promise<void> {
    const deadline = Date.now() + this.#options.readyTimeoutMs;
    const probe: PrimaryKeyColumn[] = STATUS_TABLE_PRIMARY_KEY.map((name) => ({ name, value: INF_MIN }));
    const end: PrimaryKeyColumn[] = STATUS_TABLE_PRIMARY_KEY.map((name) => ({ name, value: INF_MAX }));
    for (;;) {
      try {
        // One probe attempt at a time: the deadline, not the retry budget, bounds the wait.
        await this.#client.getRange(
          { tableName: this.tableName, inclusiveStartPrimaryKey: probe, exclusiveEndPrimaryKey: end, limit: 1 },
          { ...(signal === undefined ? {} : { signal }), retry: { maxRetries: 0 } },
        );
        return;
      } catch (error) {
        if (!(error instanceof TablestoreError) || !NOT_READY_CODES.has(error.code)) throw error;
        if (Date.now() >= deadline) {
          throw new StatusTableError(this.tableName, 'the new table did not become readable within 2 minutes.', {
            cause: error,
          });
        }
        await sleepFor(this.#options.probeIntervalMs, undefined, signal === undefined ? undefined : { signal });
      }
    }
  }

  /** One row, or undefined. */
  async getRow(primaryKey: PrimaryKeyColumn[], signal?: AbortSignal): Promise<TableRow | undefined> {
    return this.#client.getRow({ tableName: this.tableName, primaryKey }, this.#call(signal));
  }

  /**
   * Rows in `[start, end)` (or `(end, start]` backward), every page, up to `limit` rows.
   */
  async scan(
    start: PrimaryKeyColumn[],
    end: PrimaryKeyColumn[],
    options: { direction?: 'FORWARD' | 'BACKWARD'; limit?: number; signal?: AbortSignal } = {},
  ): Promise<TableRow[]> {
    const rows: TableRow[] = [];
    let next: PrimaryKeyColumn[] | undefined = start;
    while (next !== undefined && (options.limit === undefined || rows.length < options.limit)) {
      const page = await this.#client.getRange(
        {
          tableName: this.tableName,
          inclusiveStartPrimaryKey: next,
          exclusiveEndPrimaryKey: end,
          ...(options.direction === undefined ? {} : { direction: options.direction }),
          ...(options.limit === undefined ? {} : { limit: options.limit - rows.length }),
        },
        this.#call(options.signal),
      );
      rows.push(...page.rows);
      next = page.nextStartPrimaryKey;
    }
    return rows;
  }

  /**
   * Applies unconditional row changes in batches of 200, retrying rows that failed with a retryable error (the
   * whole write is idempotent: the same puts and deletes again).
   * @throws TablestoreError of the first row that fails for good.
   */
  async writeRows(changes: readonly BatchRowChange[], signal?: AbortSignal): Promise<void> {
    const maxRetries = this.#options.retry.maxRetries ?? 30;
    for (let i = 0; i < changes.length; i += MAX_BATCH_WRITE_ROWS) {
      let pending = changes.slice(i, i + MAX_BATCH_WRITE_ROWS);
      for (let attempt = 0; pending.length > 0; attempt++) {
        const results = await this.#client.batchWriteRow(
          { tableName: this.tableName, rows: pending },
          { ...this.#call(signal), idempotent: true },
        );
        const failed: BatchRowChange[] = [];
        for (let r = 0; r < results.length; r++) {
          const result = results[r];
          if (result === undefined || result.ok) continue;
          if (!isDataxRetryable(result.error) || attempt >= maxRetries) throw result.error;
          failed.push(pending[r] as BatchRowChange);
        }
        pending = failed;
        if (pending.length > 0) {
          await sleepFor(
            Math.min(10_000, 100 * 2 ** Math.min(attempt, 10)),
            undefined,
            signal === undefined ? undefined : { signal },
          );
        }
      }
    }
  }

  /** The per-call options with the reader's retry policy. */
  #call(signal: AbortSignal | undefined) {
    return { ...(signal === undefined ? {} : { signal }), retry: this.#options.retry };
  }

  /** Options for callers that write through the client directly (the fence). */
  callOptions(signal?: AbortSignal): { signal?: AbortSignal; retry: CallRetryPolicy } {
    return this.#call(signal);
  }

  get client(): TablestoreStreamClient {
    return this.#client;
  }
}
