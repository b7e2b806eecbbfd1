/**
 * The MaxCompute sink: each window is one Tunnel upload session — append, or overwrite when the job says
 * `truncate: true` (DataX drops and re-adds the partition before writing; an overwrite session gives the same
 * result atomically) — filled with blocks of DataX-converted records and committed only by the commit activity,
 * after the window's dirty records passed the job's `errorLimit` and right before the checkpoint moves. The commit
 * is idempotent (a session that is already closed was committed), so a retried commit never applies a window twice
 * and a window that failed before its commit left nothing visible.
 */
import { normalizePartitionSpec, RecordStreamWriter, type TunnelColumn, type TunnelValue } from '../../../maxcompute';
import type { LineValue, PendingSinkCommit, SinkWriteResult, SourceRecord, WindowWriteContext } from '../../types';
import { ConversionError } from '../elasticsearch/datax-values';
import { type Converter, converterFor } from './convert';
import { MaxComputeConfigError, MaxComputeRequestError } from './errors';
import { type MaxComputeCredentials, SignedHttp } from './http';
import { MaxComputeMeta, sqlSpec, type TableSchema } from './meta';
import type { CompiledMaxComputeConfig } from './schema';
import { TunnelClient } from './tunnel';

const MIB = 1024 * 1024;

export interface MaxComputeConnectionOptions {
  /** REST endpoint, e.g. `http://service.cn-hangzhou.maxcompute.aliyun.com/api`. */
  readonly odpsServer: string;
  /** Tunnel endpoint; discovered from the project when absent. */
  readonly tunnelServer?: string;
  readonly project: string;
  readonly credentials: MaxComputeCredentials;
}

export interface MaxComputeSinkOptions {
  readonly timeZone: string;
  /** Overrides for tests: block size in bytes, first retry pause. */
  readonly blockBytes?: number;
  readonly backoffMs?: number;
}

interface Pending {
  readonly uploadId: string;
  readonly partition?: string;
  readonly blocks: readonly number[];
}

export class MaxComputeSink {
  readonly #config: CompiledMaxComputeConfig;
  readonly #connection: MaxComputeConnectionOptions;
  readonly #options: MaxComputeSinkOptions;
  readonly #meta: MaxComputeMeta;
  #tunnel: TunnelClient | undefined;
  #schema: TableSchema | undefined;
  readonly #partition: string | undefined;

  constructor(
    config: CompiledMaxComputeConfig,
    connection: MaxComputeConnectionOptions,
    options: MaxComputeSinkOptions,
  ) {
    this.#config = config;
    this.#connection = connection;
    this.#options = options;
    this.#meta = new MaxComputeMeta(
      new SignedHttp(connection.odpsServer, connection.credentials, this.#http()),
      connection.project,
    );
    this.#partition = config.partition ? normalizePartitionSpec(config.partition) : undefined;
  }

  #http() {
    return {
      attempts: this.#config.maxRetryTime,
      backoffMs: this.#options.backoffMs ?? 1000,
      timeoutMs: this.#config.writeTimeoutMs,
    };
  }

  /** Loads the table and checks partition and columns against it (DataX Job.init/prepare checks). */
  async prepare(): Promise<void> {
    const schema = await this.#meta.table(this.#config.table);
    const table = `${this.#connection.project}.${this.#config.table}`;
    if (schema.partitionKeys.length > 0) {
      if (!this.#partition) {
        throw new MaxComputeConfigError(`the table ${table} is partitioned: "partition" is required`, {
          hint: `name every level, e.g. "${schema.partitionKeys.map((k) => `${k.name}=\${bizdate}`).join(',')}"`,
        });
      }
      const keys = this.#partition.split(',').map((kv) => kv.split('=')[0]!.toLowerCase());
      const want = schema.partitionKeys.map((k) => k.name.toLowerCase());
      if (keys.join(',') !== want.join(',')) {
        throw new MaxComputeConfigError(
          `"partition" ${this.#partition} does not name the table's partition levels (${want.join(', ')}) in order`,
          { hint: 'the writer writes one static partition, down to the last level' },
        );
      }
    } else if (this.#partition) {
      throw new MaxComputeConfigError(`the table ${table} is not partitioned: remove "partition"`);
    }
    this.#mapping(schema.columns);
    this.#schema = schema;
  }

  /** For each configured column: its index among the table's data columns and its converter. */
  #mapping(columns: readonly TunnelColumn[]): { index: number; convert: Converter }[] {
    const names =
      this.#config.columns.length === 1 && this.#config.columns[0] === '*'
        ? columns.map((c) => c.name)
        : this.#config.columns;
    const seen = new Set<string>();
    return names.map((name) => {
      const lower = name.toLowerCase();
      if (seen.has(lower)) throw new MaxComputeConfigError(`column "${name}" is listed twice`);
      seen.add(lower);
      const index = columns.findIndex((c) => c.name.toLowerCase() === lower);
      if (index < 0) {
        throw new MaxComputeConfigError(`column "${name}" does not exist in ${this.#config.table}`, {
          hint: `the table's columns: ${columns.map((c) => c.name).join(', ')}`,
        });
      }
      try {
        return { index, convert: converterFor(columns[index]!.type, this.#convertOptions()) };
      } catch (err) {
        throw new MaxComputeConfigError(`column "${name}": ${(err as Error).message}`);
      }
    });
  }

  #convertOptions() {
    const c = this.#config;
    return {
      emptyAsNull: c.emptyAsNull,
      timeZone: c.calendarTimeZone ?? this.#options.timeZone,
      overLengthRule: c.overLengthRule,
      maxFieldLength: c.maxFieldLength,
      maxOdpsFieldLength: c.maxOdpsFieldLength,
    };
  }

  async #tunnelClient(): Promise<TunnelClient> {
    if (!this.#tunnel) {
      const endpoint = this.#connection.tunnelServer ?? (await this.#discoverTunnel());
      this.#tunnel = new TunnelClient(
        new SignedHttp(endpoint, this.#connection.credentials, this.#http()),
        this.#connection.project,
      );
    }
    return this.#tunnel;
  }

  /** `GET /projects/{p}/tunnel?service` answers a bare `host[:port]`; the scheme is the service endpoint's. */
  async #discoverTunnel(): Promise<string> {
    const http = new SignedHttp(this.#connection.odpsServer, this.#connection.credentials, this.#http());
    const res = await http.call({
      operation: 'GetTunnelEndpoint',
      method: 'GET',
      path: `/projects/${this.#connection.project}/tunnel`,
      query: [
        ['curr_project', this.#connection.project],
        ['service', ''],
      ],
    });
    return `${new URL(this.#connection.odpsServer).protocol}//${res.body.toString('utf8').trim()}`;
  }

  write(): Promise<SinkWriteResult> {
    return Promise.reject(new Error('the MaxCompute sink writes whole windows (writeWindow)'));
  }

  async writeWindow(
    _context: WindowWriteContext,
    batches: AsyncIterable<readonly SourceRecord[]>,
    options: { signal: AbortSignal; onProgress: (totals: SinkWriteResult) => void },
  ): Promise<SinkWriteResult & { pendingCommit?: PendingSinkCommit }> {
    if (!this.#schema) await this.prepare();
    const config = this.#config;
    const table = config.table;
    const partition = this.#partition;
    for (const statement of config.preSql) await this.#meta.sql(statement, 'otsync_presql');
    if (partition && !(await this.#meta.partitionExists(table, partition))) {
      await this.#meta.sql(
        `ALTER TABLE ${table} ADD IF NOT EXISTS PARTITION (${sqlSpec(partition)});`,
        'otsync_add_partition',
      );
    }
    const tunnel = await this.#tunnelClient();
    const session = await tunnel.create(table, partition, config.truncate);
    const mapping = this.#mapping(session.columns);
    const blockBytes = this.#options.blockBytes ?? Math.max(8, config.blockSizeInMb) * MIB - 4 * MIB;
    const totals = { written: 0, skippedStale: 0, dirty: 0, dirtySamples: [] as string[] };
    const blocks: number[] = [];
    let writer = new RecordStreamWriter(session.columns);
    const flush = async () => {
      const id = blocks.length;
      await tunnel.putBlock(table, partition, session.uploadId, id, writer.finish());
      blocks.push(id);
      writer = new RecordStreamWriter(session.columns);
    };
    const row: TunnelValue[] = new Array<TunnelValue>(session.columns.length).fill(null);
    for await (const batch of batches) {
      if (options.signal.aborted) throw options.signal.reason ?? new Error('cancelled');
      for (const record of batch) {
        if (!record.dataxEmits) continue;
        if (!this.#convert(record.columns, mapping, row, totals)) continue;
        writer.write(row);
        totals.written++;
        if (writer.byteLength >= blockBytes) await flush();
      }
      options.onProgress(totals);
    }
    if (writer.recordCount > 0) await flush();
    // An empty append window has nothing to make visible; an empty overwrite still empties the partition (DataX
    // truncates even when the run reads nothing).
    if (blocks.length === 0 && !config.truncate) return totals;
    const pending: Pending = { uploadId: session.uploadId, ...(partition ? { partition } : {}), blocks };
    return { ...totals, pendingCommit: { token: JSON.stringify(pending) } };
  }

  /** Fills `row` from a record; false (and counted dirty) when a value cannot be converted. */
  #convert(
    columns: readonly LineValue[],
    mapping: readonly { index: number; convert: Converter }[],
    row: TunnelValue[],
    totals: { dirty: number; dirtySamples: string[] },
  ): boolean {
    if (columns.length > mapping.length) {
      // DataX: more fields than configured columns fails the task (OdpsWriter-09), not a dirty record.
      throw new MaxComputeConfigError(`a record has ${columns.length} fields but "column" lists ${mapping.length}`, {
        hint: 'list one MaxCompute column per reader column',
      });
    }
    row.fill(null);
    for (let i = 0; i < mapping.length; i++) {
      const m = mapping[i]!;
      try {
        row[m.index] = i < columns.length ? m.convert(columns[i]!) : null;
      } catch (err) {
        if (!(err instanceof ConversionError)) throw err;
        totals.dirty++;
        if (totals.dirtySamples.length < 10) {
          totals.dirtySamples.push(
            `the data of field [${i}] ${this.#config.columns[i] ?? ''} is wrong: ${err.message}`,
          );
        }
        return false;
      }
    }
    return true;
  }

  /** Commits a window's session unless it already was (closed); then runs `postSql`. */
  async commitPending(pendingCommit: PendingSinkCommit): Promise<void> {
    const pending = JSON.parse(pendingCommit.token) as Pending;
    const tunnel = await this.#tunnelClient();
    const table = this.#config.table;
    const session = await tunnel.reload(table, pending.partition, pending.uploadId);
    if (session.status !== 'closed') {
      if (session.status !== 'normal') {
        throw new MaxComputeRequestError(
          'CommitUploadSession',
          undefined,
          `Session${session.status}`,
          false,
          1,
          undefined,
          `upload session ${pending.uploadId} is ${session.status}; the window must be written again`,
        );
      }
      const missing = pending.blocks.filter((b) => !session.blocks.includes(b));
      if (missing.length > 0) {
        throw new MaxComputeRequestError(
          'CommitUploadSession',
          undefined,
          'BlocksNotMatch',
          false,
          1,
          undefined,
          `blocks ${missing.join(', ')} are not on the server`,
        );
      }
      try {
        await tunnel.commit(table, pending.partition, pending.uploadId);
      } catch (err) {
        // A commit whose answer was lost: the session says whether it happened.
        const again = await tunnel.reload(table, pending.partition, pending.uploadId).catch(() => undefined);
        if (again?.status !== 'closed') throw err;
      }
    }
    for (const statement of this.#config.postSql) await this.#meta.sql(statement, 'otsync_postsql');
  }

  async finishWindow(): Promise<void> {}

  async close(): Promise<void> {}
}
