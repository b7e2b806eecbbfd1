/**
 * Types of the normalized, language-neutral lines the conformance clients print (test/conformance/README.md).
 * `runClient` returns plain objects; cast them to these types after checking the `op`/`action` fields.
 */

/** Value types of cells and primary-key columns; the INF_* and AUTO_INCREMENT kinds appear only in keys. */
export type NormalizedType =
  'INTEGER' | 'STRING' | 'BINARY' | 'DOUBLE' | 'BOOLEAN' | 'INF_MIN' | 'INF_MAX' | 'AUTO_INCREMENT';

/**
 * INTEGER: decimal string (64-bit safe); STRING: the string; BINARY: standard base64 with padding; DOUBLE: a JSON
 * number, or "NaN" / "Infinity" / "-Infinity"; BOOLEAN: true/false; INF_MIN/INF_MAX/AUTO_INCREMENT: null.
 */
export type NormalizedValue = string | number | boolean | null;

export interface NormalizedPrimaryKeyColumn {
  readonly name: string;
  readonly type: NormalizedType;
  readonly value: NormalizedValue;
}

/** One line of `read-stream`: one stream record, in read order (shards parents-first, records in shard order). */
export interface StreamRecordLine {
  readonly shardId: string;
  readonly action: 'PUT' | 'UPDATE' | 'DELETE';
  readonly primaryKey: readonly NormalizedPrimaryKeyColumn[];
  readonly columns: readonly StreamRecordCell[];
  readonly sequence: {
    readonly epoch: number;
    /** Commit time in µs, decimal string. */
    readonly timestamp: string;
    readonly rowIndex: number;
  };
}

export interface StreamRecordCell {
  readonly name: string;
  /** Null unless op is PUT. */
  readonly type: NormalizedType | null;
  readonly value: NormalizedValue;
  /** Cell version in ms, decimal string; null for DELETE_ALL_VERSIONS. */
  readonly timestamp: string | null;
  readonly op: 'PUT' | 'DELETE_ONE_VERSION' | 'DELETE_ALL_VERSIONS';
}

/** A row as read by GetRow/GetRange/BatchGetRow, columns in the order the SDK returned them. */
export interface NormalizedRow {
  readonly primaryKey: readonly NormalizedPrimaryKeyColumn[];
  readonly columns: readonly {
    readonly name: string;
    readonly type: NormalizedType;
    readonly value: NormalizedValue;
    /** Cell version in ms, decimal string. */
    readonly timestamp: string;
  }[];
}

/** The single line `write` prints. */
export interface WriteSummaryLine {
  readonly op: 'write';
  readonly client: 'go' | 'java';
  readonly table: string;
  /** Base of the workload's explicit cell timestamps, ms, decimal string. */
  readonly baseTimestamp: string;
  readonly streamId: string;
  readonly operations: Readonly<Record<'CreateTable' | 'PutRow' | 'UpdateRow' | 'DeleteRow' | 'BatchWriteRow', number>>;
  /** One stream record per successful row write: 12 for the fixed workload. */
  readonly expectedRecords: number;
}

/** Lines `rows` prints, in this order: 7 GetRow, the GetRange FORWARD pages, the BACKWARD pages, 1 BatchGetRow. */
export type RowsLine =
  | {
      readonly op: 'GetRow';
      readonly primaryKey: readonly NormalizedPrimaryKeyColumn[];
      readonly columnsToGet: readonly string[];
      readonly maxVersions: number;
      readonly row: NormalizedRow | null;
    }
  | {
      readonly op: 'GetRange';
      readonly direction: 'FORWARD' | 'BACKWARD';
      readonly limit: number;
      readonly page: number;
      readonly rows: readonly NormalizedRow[];
      readonly nextStartPrimaryKey: readonly NormalizedPrimaryKeyColumn[] | null;
    }
  | {
      readonly op: 'BatchGetRow';
      readonly maxVersions: number;
      readonly results: readonly {
        readonly primaryKey: readonly NormalizedPrimaryKeyColumn[];
        readonly isOk: boolean;
        readonly error: { readonly code: string; readonly message: string } | null;
        readonly row: NormalizedRow | null;
      }[];
    };
