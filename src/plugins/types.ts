import type { DatasourceType, PublicDatasource } from '../datasources/catalog';
import type { SecretRef } from '../datasources/secret-ref';
import type { IssueCollector, JsonPath } from '../job/issues';

/** Plugin ids (STYLE.md): lowercase nouns named after the service. */
export type SourcePluginId = 'tablestore-stream';
export type SinkPluginId = 'elasticsearch' | 'oss' | 'maxcompute';
export type PluginId = SourcePluginId | SinkPluginId;

/** Everything a plugin schema needs to compile its `parameter` block; no I/O, no secrets. */
export interface PluginCompileContext {
  /** JSON path of the `parameter` block, for issue paths. */
  readonly path: JsonPath;
  readonly issues: IssueCollector;
  /** The datasource named by `datasource`, already merged into the parameters (explicit keys win). */
  readonly datasource: PublicDatasource | undefined;
  /** Where the credentials are; already checked for presence. */
  readonly credentials: SecretRef;
  /** IANA zone of the run (time strings and dates are local to it). */
  readonly timeZone: string;
  /** "Now" in epoch milliseconds for the 5-minute and retention rules; those rules are skipped when absent. */
  readonly nowMs: number | undefined;
  /** The data table's stream retention in hours, when known; the retention rule then errors instead of warning. */
  readonly streamRetentionHours: number | undefined;
  /** Whether the raw (unexpanded) value of `key` changes between two 5-minute runs of one day. */
  variesWithinDay(key: string): boolean;
}

/** Which parameter keys hold connection values a datasource can supply, by datasource field. */
export type DatasourceFieldMap = Partial<
  Record<'endpoint' | 'instanceName' | 'bucket' | 'project' | 'tunnelServer', string>
>;

/** One plugin's parameter schema and the facts the compiler needs about it. */
export interface PluginSchema<Connection = unknown, Config = unknown> {
  readonly id: PluginId;
  readonly role: 'source' | 'sink';
  /** DataX name (`otsstreamreader`) and DataWorks name (`otsstream`). */
  readonly dataxName: string;
  readonly dataworksName: string;
  readonly datasourceType: DatasourceType;
  readonly datasourceFields: DatasourceFieldMap;
  /** Keys that may hold each credential, in precedence order (DataX aliases such as `username`/`accessId`). */
  readonly credentialKeys: {
    readonly accessId: readonly string[];
    readonly accessKey: readonly string[];
    readonly securityToken?: readonly string[];
  };
  /** Whether the plugin cannot run without an AccessKey pair. */
  readonly credentialsRequired: boolean;
  /** Validates the parameters (secrets and `datasource` already removed) into a typed connection and config. */
  compile(
    parameter: Record<string, unknown>,
    ctx: PluginCompileContext,
  ): { connection: Connection; config: Config } | undefined;
}

// ----------------------------------------------------------------------------------------------------------------
// Runtime contracts between the source, the staging area and the sinks (issue 5). Plain data: no secrets, no I/O.
// ----------------------------------------------------------------------------------------------------------------

/** A half-open window `[startMs, endMs)` of Tablestore commit time, in epoch milliseconds. */
export interface SyncWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * One typed value of a DataX output line (otsstream-reader.md §4.1): STRING → string, INTEGER → bigint (64-bit
 * exact), DOUBLE → number, BOOLEAN → boolean, BINARY → Uint8Array, absent → null.
 */
export type LineValue = null | string | bigint | number | boolean | Uint8Array;

/** A primary-key column of the changed row, in the table's primary-key order. */
export interface KeyColumn {
  readonly name: string;
  readonly value: bigint | string | Uint8Array;
}

/** Where a change sits in its shard's log; orders the changes of one primary key. */
export interface ChangeSequence {
  readonly epoch: number;
  /** Commit time in microseconds since the epoch. */
  readonly timestampUs: bigint;
  readonly rowIndex: number;
  readonly shardId: string;
}

/**
 * One output record of the Tablestore Stream reader: the DataX line (`columns`, exactly what DataX would send to
 * its writer) plus what otsync needs to go beyond DataX (ordering, deletes, partial updates).
 *
 * - Multi-version mode: one record per DataX line (`U`/`DO`/`DA`/`DR`, §4.2); `columns` = pk…, column name,
 *   version, value, op code[, sequence info].
 * - Row mode (`single_version_and_update_only`, §4.3): one record per PUT/UPDATE change with the configured
 *   columns[, sequence info]. DELETE changes, which DataX drops, are yielded too with `dataxEmits: false` and the
 *   key columns filled (others null), so a sink can propagate deletes; so are changes that touch none of the
 *   configured columns (`dataxEmits: false`).
 */
export interface SourceRecord {
  readonly columns: readonly LineValue[];
  /** False for records DataX would not emit; a sink in DataX-identical mode skips them. */
  readonly dataxEmits: boolean;
  readonly change: {
    readonly action: 'PUT' | 'UPDATE' | 'DELETE';
    readonly primaryKey: readonly KeyColumn[];
    readonly sequence: ChangeSequence;
    /**
     * Row mode only: for each entry of `columns`, whether this change set it (a primary-key column, or a cell put
     * by this change). An UPDATE leaves untouched columns null in `columns`; a sink that merges partial updates
     * must not write those. Absent in multi-version mode.
     */
    readonly touched?: readonly boolean[];
  };
}

/** A shard's read position at a window boundary, in the DataX status-table vocabulary (§5.2). */
export interface ShardPosition {
  readonly shardId: string;
  /** A shard iterator, or `TRIM_HORIZON` (read from the oldest record) or `SHARD_END` (closed and fully read). */
  readonly checkpoint: string;
  /** Stream records this run read from the shard (DataX's `SendRecordCount`). */
  readonly sendRecordCount: number;
}

/** What a sink reports for one window. */
export interface SinkWriteResult {
  /** Records applied (indexed, updated or deleted). */
  readonly written: number;
  /** Records the sink skipped because it already holds a newer or equal version (reruns, replays). */
  readonly skippedStale: number;
  /** Records refused as bad data (counted against the job's errorLimit, never retried). */
  readonly dirty: number;
  /** Up to 10 samples of dirty records' errors, data-free (no values). */
  readonly dirtySamples: readonly string[];
}

/**
 * What a two-phase sink (MaxCompute) hands back from writing a window: everything uploaded, nothing visible yet.
 * The commit activity makes it visible, idempotently, right before the checkpoint moves. Plain data, no secrets
 * (it goes into workflow history).
 */
export interface PendingSinkCommit {
  readonly token: string;
}

/** What a sink that writes whole windows (files: OSS) knows about the window it writes. */
export interface WindowWriteContext {
  /** The job: part of deterministic object names, so a rerun of the window replaces its own output. */
  readonly jobId: string;
  readonly window: SyncWindow;
}
