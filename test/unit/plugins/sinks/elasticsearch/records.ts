import type { CompiledElasticsearchConfig, EsColumn } from '../../../../../src/plugins/sinks/elasticsearch/schema';
import type { LineValue, SourceRecord } from '../../../../../src/plugins/types';

/** A column definition with DataX defaults. */
export function col(name: string, type: EsColumn['type'], extra: Partial<EsColumn> = {}): EsColumn {
  return {
    name,
    type,
    array: false,
    dstArray: false,
    jsonArray: false,
    origin: false,
    combineFieldsValueSeparator: '-',
    mapping: {},
    ...extra,
  };
}

/** A compiled config with the DataX code defaults and otsync's extensions on. */
export function config(
  index: string,
  overrides: Partial<CompiledElasticsearchConfig> = {},
): CompiledElasticsearchConfig {
  return {
    index,
    indexType: index,
    actionType: 'index',
    cleanup: false,
    batchSize: 1024,
    trySize: 30,
    tryIntervalMs: 60_000,
    timeoutMs: 60_000,
    discovery: false,
    discoveryFilter: '_all',
    compression: true,
    multiThread: true,
    maxTotalConnection: 200,
    ignoreWriteError: false,
    ignoreParseError: true,
    aliasMode: 'append',
    settings: {},
    splitter: '-,-',
    dynamic: false,
    masterTimeout: '5m',
    enableWriteNull: true,
    esPartitionColumn: [],
    deleteBy: [],
    urlParams: {},
    enableRedundantColumn: false,
    includeSettingKeys: ['number_of_shards', 'number_of_replicas'],
    retryTimes: 3,
    sleepTimeMs: 10,
    columns: [col('uid', 'id'), col('name', 'keyword'), col('age', 'long')],
    externalVersioning: true,
    propagateDeletes: true,
    gcDeletes: '7d',
    ...overrides,
  };
}

let seq = 0;

/**
 * A row-mode record. `ts` is the commit time in µs (defaults to an increasing counter); `touched` defaults to
 * the non-null columns (plus column 0, the key).
 */
export function rec(
  action: 'PUT' | 'UPDATE' | 'DELETE',
  columns: readonly LineValue[],
  options: { ts?: bigint; rowIndex?: number; touched?: readonly boolean[]; dataxEmits?: boolean; epoch?: number } = {},
): SourceRecord {
  seq += 1;
  const touched = options.touched ?? columns.map((v, i) => i === 0 || (action !== 'DELETE' && v !== null));
  return {
    columns,
    dataxEmits: options.dataxEmits ?? action !== 'DELETE',
    change: {
      action,
      primaryKey: [{ name: 'uid', value: String(columns[0]) }],
      sequence: {
        epoch: options.epoch ?? 1,
        timestampUs: options.ts ?? 1_735_696_800_000_000n + BigInt(seq) * 1000n,
        rowIndex: options.rowIndex ?? 0,
        shardId: 's1',
      },
      touched,
    },
  };
}
