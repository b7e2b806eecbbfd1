/**
 * Public shapes of the Tablestore Stream client: streams, shards, change records and the row/table views the
 * checkpoint store needs. 64-bit integers are `bigint` everywhere; 32-bit ones (epoch, row index, hours) `number`.
 */
import type { AttributeValue, DecodedRow, PrimaryKeyColumn } from '../../../../tablestore';

/** One stream-enabled table as ListStream reports it. */
export interface StreamSummary {
  streamId: string;
  tableName: string;
  /** Microseconds since the epoch. */
  creationTime: bigint;
}

/**
 * A shard and its lineage. A split child names its parent; a merge child names both parents. Per-key order holds
 * only if a shard is read after its parent and parent sibling are finished (spec 4.5).
 */
export interface StreamShard {
  shardId: string;
  parentId?: string;
  parentSiblingId?: string;
}

/** `STREAM_ENABLING` shortly after the stream was enabled, then `STREAM_ACTIVE`. */
export type StreamStatusName = 'ENABLING' | 'ACTIVE';

/** One page of DescribeStream. */
export interface StreamDescriptionPage {
  streamId: string;
  tableName: string;
  /** Retention of the stream's records, in hours. */
  expirationTimeHours: number;
  /** Microseconds since the epoch. */
  creationTime: bigint;
  status: StreamStatusName;
  shards: StreamShard[];
  /** Start of the next page; absent on the last page. */
  nextShardId?: string;
}

/** The whole stream: every page of DescribeStream joined, in the order the service listed the shards. */
export type StreamDescription = Omit<StreamDescriptionPage, 'nextShardId'>;

/** Result of one GetShardIterator call. */
export interface ShardIteratorResult {
  /** Opaque, durable position; store it as a checkpoint and send it back unchanged. */
  shardIterator: string;
  /** Set while a timestamp seek has more steps: call again with `token` (spec 4.6). */
  nextToken?: string;
}

/** What happened to a row: PutRow replaced it, UpdateRow changed some columns, DeleteRow removed it. */
export type ChangeAction = 'PUT' | 'UPDATE' | 'DELETE';

/** Position of a change record in its shard; records are ordered by (epoch, timestamp, rowIndex). */
export interface ChangeSequence {
  /** Partition epoch (i32); guards ordering against clock differences between hosts. */
  epoch: number;
  /** When the change was committed to the log, in microseconds since the epoch. */
  timestamp: bigint;
  /** Position among records of the same timestamp (i32). */
  rowIndex: number;
}

/** A cell that writes one version: `value` at `timestamp` (milliseconds). */
export interface PutChangeCell {
  name: string;
  operation: 'PUT';
  value: AttributeValue;
  /** Version, in milliseconds since the epoch. */
  timestamp: bigint;
}

/** A cell that deletes the version at `timestamp` (milliseconds) of one column. */
export interface DeleteOneVersionChangeCell {
  name: string;
  operation: 'DELETE_ONE_VERSION';
  /** The deleted version, in milliseconds since the epoch. */
  timestamp: bigint;
}

/** A cell that deletes every version of one column. */
export interface DeleteAllVersionsChangeCell {
  name: string;
  operation: 'DELETE_ALL_VERSIONS';
}

/** One column change of a stream record; switch on `operation`. */
export type ChangeCell = PutChangeCell | DeleteOneVersionChangeCell | DeleteAllVersionsChangeCell;

/** Operation of a {@link ChangeCell}. */
export type CellOperationType = ChangeCell['operation'];

/**
 * One decoded stream record.
 *
 * - `PUT`: the whole row was replaced; a sink must clear the row, then apply `cells` (all `PUT`).
 * - `UPDATE`: apply `cells` one by one, in order.
 * - `DELETE`: the row was deleted; `cells` is empty.
 */
export interface ChangeRecord {
  action: ChangeAction;
  /** Primary-key columns in table order. */
  primaryKey: PrimaryKeyColumn[];
  cells: ChangeCell[];
  sequence: ChangeSequence;
  /**
   * Pre-image of the columns named in the stream's `columnsToGet` (the record's `origin_record`), when the stream
   * was created with them; otherwise absent.
   */
  originCells?: ChangeCell[];
}

/** Read/write capacity units a call consumed. */
export interface CapacityUnits {
  read: number;
  write: number;
}

/** One page of GetStreamRecord. */
export interface StreamRecordPage {
  records: ChangeRecord[];
  /**
   * Where to continue. Absent means the shard is closed (split or merged) and fully read — after the records of
   * this page. Present with no records means "caught up": poll again later with it.
   */
  nextShardIterator?: string;
  /** `nextShardIterator === undefined`, spelled out because it decides when a child shard may start. */
  shardClosed: boolean;
  /** Newer clusters only: whether more records are available right now. Not needed for correctness. */
  mayMoreRecord?: boolean;
  consumed?: CapacityUnits;
}

/** Primary-key column type of a table. */
export type PrimaryKeyTypeName = 'INTEGER' | 'STRING' | 'BINARY';

/** Stream settings of a table (DescribeTable). */
export interface TableStreamDetails {
  enabled: boolean;
  /** Present when enabled. */
  streamId?: string;
  expirationTimeHours?: number;
  /** Microseconds since the epoch. */
  lastEnableTime?: bigint;
  /** Columns whose pre-image stream records carry (`originCells`). */
  columnsToGet: string[];
}

/** The parts of DescribeTable the sync uses. */
export interface TableDescription {
  tableName: string;
  primaryKey: Array<{ name: string; type: PrimaryKeyTypeName; autoIncrement: boolean }>;
  /** Seconds; -1 keeps data forever. */
  timeToLive?: number;
  maxVersions?: number;
  stream: TableStreamDetails;
}

/** A row read by GetRow: primary key and attribute cells (value and timestamp each). */
export type TableRow = Pick<DecodedRow, 'primaryKey' | 'attributes'>;
