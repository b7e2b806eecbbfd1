import { z } from 'zod';
import type { SecretRef } from '../../../datasources/secret-ref';
import { dxBoolean, dxInteger, dxObject, dxString, dxStringList } from '../../../job/schema/datax-values';
import { parseParameters, requireText } from '../../../job/schema/parse-parameters';
import type { PluginSchema } from '../../types';
import { parseTimeValueMs } from './time-value';

/** Column types the DataX writer knows (writers.md §1.2); virtual types get no mapping entry. */
export const ES_COLUMN_TYPES = [
  'id',
  'parent',
  'routing',
  'version',
  'string',
  'text',
  'keyword',
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'date',
  'boolean',
  'binary',
  'integer_range',
  'float_range',
  'long_range',
  'double_range',
  'date_range',
  'geo_point',
  'geo_shape',
  'ip',
  'ip_range',
  'completion',
  'token_count',
  'object',
  'nested',
] as const;
export type EsColumnType = (typeof ES_COLUMN_TYPES)[number];

/** One column definition; mapping attributes are kept as given under `mapping`. */
export interface EsColumn {
  readonly name: string;
  readonly type: EsColumnType;
  readonly array: boolean;
  readonly dstArray: boolean;
  readonly jsonArray: boolean;
  readonly origin: boolean;
  readonly format?: string;
  readonly dstFormat?: string;
  readonly timezone?: string;
  readonly combineFields?: readonly string[];
  readonly combineFieldsValueSeparator: string;
  /** doc_values, ignore_above, index, analyzer, fields, other_params … passed to the mapping as written. */
  readonly mapping: Readonly<Record<string, unknown>>;
}

export interface ElasticsearchConnection {
  /** Base URLs from the comma-separated `endpoint`. */
  readonly endpoints: readonly string[];
  readonly datasource?: string;
  readonly credentials: SecretRef;
}

/** The Elasticsearch writer's parameters after validation; defaults are DataX's code defaults (writers.md §1.1). */
export interface CompiledElasticsearchConfig {
  readonly index: string;
  /** Only for Elasticsearch < 7. @default the index name */
  readonly indexType: string;
  readonly actionType: 'index' | 'update';
  /** Delete and recreate the index before writing. @default false */
  readonly cleanup: boolean;
  readonly batchSize: number;
  readonly trySize: number;
  readonly tryIntervalMs: number;
  readonly timeoutMs: number;
  readonly discovery: boolean;
  readonly discoveryFilter: string;
  readonly compression: boolean;
  readonly multiThread: boolean;
  readonly maxTotalConnection: number;
  readonly ignoreWriteError: boolean;
  readonly ignoreParseError: boolean;
  readonly alias?: string;
  readonly aliasMode: 'append' | 'exclusive';
  readonly settings: Readonly<Record<string, unknown>>;
  /** A Java regular expression splitting `array` values. @default "-,-" */
  readonly splitter: string;
  readonly dynamic: boolean;
  readonly dstDynamic?: string;
  readonly esVersion?: number;
  readonly masterTimeout: string;
  readonly enableWriteNull: boolean;
  readonly primaryKeyInfo?: {
    readonly type?: string;
    readonly columns: readonly string[];
    readonly fieldDelimiter: string;
  };
  readonly esPartitionColumn: readonly string[];
  readonly deleteBy: readonly Readonly<Record<string, unknown>>[];
  readonly urlParams: Readonly<Record<string, unknown>>;
  readonly enableRedundantColumn: boolean;
  readonly includeSettingKeys: readonly string[];
  readonly retryTimes: number;
  readonly sleepTimeMs: number;
  readonly columns: readonly EsColumn[];
  /**
   * otsync extension `externalVersioning`: write every change with `version_type: external` and a version taken
   * from its stream sequence (commit time and row index), fold each document's changes in a batch, and merge
   * partial updates with the stored document; an older change then never overwrites a newer one and a rerun of a
   * window is a no-op. `false` writes exactly as DataX does (`actionType` index, or update with doc_as_upsert).
   * @default true, or false when a `version` column exists (the user's versions then apply, as in DataX)
   */
  readonly externalVersioning: boolean;
  /**
   * otsync extension `propagateDeletes`: row deletes (which DataX's reader drops in row mode) become Elasticsearch
   * deletes. `false` skips them, as DataX does.
   * @default true
   */
  readonly propagateDeletes: boolean;
  /**
   * otsync extension `gcDeletes`: the least `index.gc_deletes` (how long Elasticsearch remembers a deleted
   * document's version) ensured with external versioning. Should cover the stream's retention, the oldest change
   * a replay can bring back. An Elasticsearch time value.
   * @default "7d" (Tablestore's longest stream retention, 168 hours)
   */
  readonly gcDeletes: string;
}

const columnShape = {
  name: z.string({ error: 'each column needs a name' }).trim().min(1, { error: 'column name must not be empty' }),
  type: z.string({ error: 'each column needs a type' }).optional(),
  array: dxBoolean(),
  dstArray: dxBoolean(),
  json_array: dxBoolean(),
  origin: dxBoolean(),
  format: dxString(),
  dstFormat: dxString(),
  timezone: dxString(),
  combineFields: dxStringList(),
  combineFieldsValueSeparator: dxString(),
};
const MAPPING_KEYS = [
  'doc_values',
  'ignore_above',
  'index',
  'eager_global_ordinals',
  'analyzer',
  'norms',
  'index_options',
  'fields',
  'tree',
  'precision',
  'dynamic',
  'other_params',
];
const shape = {
  endpoint: dxString(),
  index: dxString(),
  indexType: dxString(),
  type: dxString(),
  actionType: dxString(),
  cleanup: dxBoolean(),
  truncate: dxBoolean(),
  batchSize: dxInteger(1, 1_000_000),
  trySize: dxInteger(1, 1000),
  tryInterval: dxInteger(0),
  timeout: dxInteger(1),
  discovery: dxBoolean(),
  discoveryFilter: dxString(),
  compression: dxBoolean(),
  compress: dxBoolean(),
  multiThread: dxBoolean(),
  maxTotalConnection: dxInteger(1, 100_000),
  ignoreWriteError: dxBoolean(),
  ignoreParseError: dxBoolean(),
  alias: dxString(),
  aliasMode: dxString(),
  settings: dxObject(),
  splitter: dxString(),
  dynamic: dxBoolean(),
  dstDynamic: dxString(),
  esVersion: dxInteger(1, 100),
  masterTimeout: dxString(),
  enableWriteNull: dxBoolean(),
  primaryKeyInfo: z
    .object({ type: dxString(), column: dxStringList(), fieldDelimiter: dxString() }, { error: 'must be an object' })
    .optional(),
  fieldDelimiter: dxString(),
  esPartitionColumn: z
    .array(z.object({ name: z.string({ error: 'each entry needs a name' }) }).loose(), {
      error: 'must be a list of {"name": ...}',
    })
    .optional(),
  deleteBy: z.array(z.record(z.string(), z.unknown()), { error: 'must be a list of objects' }).optional(),
  urlParams: dxObject(),
  enableRedundantColumn: dxBoolean(),
  includeSettingKeys: dxStringList(),
  retryTimes: dxInteger(1, 1000),
  sleepTimeInMilliSecond: dxInteger(0),
  externalVersioning: dxBoolean(),
  propagateDeletes: dxBoolean(),
  gcDeletes: dxString(),
  column: z.array(z.looseObject(columnShape), { error: 'must be a list of column objects' }).optional(),
};
const schema = z.looseObject(shape);
const IGNORED = {
  mode: 'the DataX writer never reads it',
  versioning: 'the DataX writer never reads it',
  version: 'the DataX writer never reads it',
};

function compileColumns(
  raw: z.infer<typeof schema>['column'],
  ctx: Parameters<PluginSchema['compile']>[1],
): EsColumn[] | undefined {
  const { path, issues } = ctx;
  if (!raw || raw.length === 0) {
    issues.error(
      [...path, 'column'],
      raw ? 'is empty' : 'is required',
      'list the document fields, e.g. [{"name": "uid", "type": "id"}, {"name": "name", "type": "text"}]',
    );
    return undefined;
  }
  let ok = true;
  const columns = raw.map((c, i): EsColumn => {
    // DataX treats a column named "pk" as the document id whatever its type (legacy compatibility).
    const type = (c.name === 'pk' ? 'id' : (c.type ?? '').trim().toLowerCase()) as EsColumnType;
    if (!c.type && c.name !== 'pk') {
      issues.error([...path, 'column', i, 'type'], 'is required', `one of ${ES_COLUMN_TYPES.join(', ')}`);
      ok = false;
    } else if (!ES_COLUMN_TYPES.includes(type)) {
      issues.error(
        [...path, 'column', i, 'type'],
        `unsupported type "${c.type}"`,
        `one of ${ES_COLUMN_TYPES.join(', ')}`,
      );
      ok = false;
    } else if (type === 'completion' || type === 'token_count') {
      issues.error(
        [...path, 'column', i, 'type'],
        `${type} columns cannot be written (DataX marks every record dirty)`,
        'use keyword or text',
      );
      ok = false;
    }
    const extra = Object.keys(c).filter((k) => !(k in columnShape) && !MAPPING_KEYS.includes(k));
    for (const k of extra) issues.warn([...path, 'column', i, k], `unknown column attribute "${k}" is ignored`);
    const mapping = Object.fromEntries(Object.entries(c).filter(([k]) => MAPPING_KEYS.includes(k)));
    return {
      name: c.name,
      type,
      array: c.array ?? false,
      dstArray: c.dstArray ?? false,
      jsonArray: c.json_array ?? false,
      origin: c.origin ?? false,
      ...(c.format !== undefined && { format: c.format }),
      ...(c.dstFormat !== undefined && { dstFormat: c.dstFormat }),
      ...(c.timezone !== undefined && { timezone: c.timezone }),
      ...(c.combineFields !== undefined && { combineFields: c.combineFields }),
      combineFieldsValueSeparator: c.combineFieldsValueSeparator ?? '-',
      mapping,
    };
  });
  return ok ? columns : undefined;
}

/** The Elasticsearch writer (DataX `elasticsearchwriter`, DataWorks `elasticsearch`). */
export const elasticsearchSchema: PluginSchema<ElasticsearchConnection, CompiledElasticsearchConfig> = {
  id: 'elasticsearch',
  role: 'sink',
  dataxName: 'elasticsearchwriter',
  dataworksName: 'elasticsearch',
  datasourceType: 'elasticsearch',
  datasourceFields: { endpoint: 'endpoint' },
  // `username` wins over its alias `accessId`, `password` over `accessKey` (ES.Key).
  credentialKeys: { accessId: ['username', 'accessId'], accessKey: ['password', 'accessKey'] },
  credentialsRequired: false,
  compile(parameter, ctx) {
    const { path, issues } = ctx;
    const p = parseParameters({ schema, known: Object.keys(shape), ignored: IGNORED }, parameter, path, issues);
    if (!p) return undefined;
    const endpointText = requireText(
      p.endpoint,
      [...path, 'endpoint'],
      issues,
      'e.g. "http://localhost:9200", or set "datasource"',
    );
    const endpoints = (endpointText ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const e of endpoints) {
      if (!/^https?:\/\/[^\s/]+/.test(e))
        issues.error([...path, 'endpoint'], `"${e}" is not an http(s) URL`, 'e.g. http://es-host:9200');
    }
    const index = requireText(p.index, [...path, 'index'], issues, 'the target index; it is created when missing');
    const action = (p.actionType ?? 'index').trim().toLowerCase();
    if (action !== 'index' && action !== 'update') {
      issues.error(
        [...path, 'actionType'],
        `unsupported actionType "${p.actionType}"`,
        'use index or update (DataX sends nothing for create and delete)',
      );
    }
    const columns = compileColumns(p.column, ctx);
    const names = new Set(columns?.map((c) => c.name));
    const pkColumns = p.primaryKeyInfo?.column ?? [];
    pkColumns.forEach(
      (n, i) =>
        names.has(n) ||
        !columns ||
        issues.error([...path, 'primaryKeyInfo', 'column', i], `"${n}" is not a column name`),
    );
    (p.esPartitionColumn ?? []).forEach(
      (c, i) =>
        names.has(c.name) ||
        !columns ||
        issues.error([...path, 'esPartitionColumn', i, 'name'], `"${c.name}" is not a column name`),
    );
    if (action === 'update' && columns && !columns.some((c) => c.type === 'id') && pkColumns.length === 0) {
      issues.error(
        [...path, 'actionType'],
        'update needs a document id: an "id" column or primaryKeyInfo.column',
        'add {"name": "<key>", "type": "id"} to column',
      );
    }
    const aliasMode = (p.aliasMode ?? 'append').trim().toLowerCase();
    if (aliasMode !== 'append' && aliasMode !== 'exclusive')
      issues.warn([...path, 'aliasMode'], `aliasMode "${p.aliasMode}" behaves as append`);
    const cleanup = p.truncate ?? p.cleanup ?? false;
    if (cleanup) {
      issues.warn(
        [...path, p.truncate !== undefined ? 'truncate' : 'cleanup'],
        'cleanup deletes and recreates the index at the start of every run: a 5-minute incremental job keeps only its last window',
        'set "cleanup": false for incremental sync',
      );
    }
    const hasVersionColumn = columns?.some((c) => c.type === 'version') ?? false;
    if (p.externalVersioning === true && hasVersionColumn) {
      issues.error(
        [...path, 'externalVersioning'],
        'cannot be combined with a "version" column: both set the document version',
        'remove the version column, or set "externalVersioning": false',
      );
    }
    const externalVersioning = p.externalVersioning ?? !hasVersionColumn;
    const propagateDeletes = p.propagateDeletes ?? true;
    const hasId = pkColumns.length > 0 || (columns?.some((c) => c.type === 'id') ?? false);
    if (columns && !hasId && (externalVersioning || propagateDeletes)) {
      issues.warn(
        [...path, 'column'],
        'without an "id" column or primaryKeyInfo, documents get generated ids: external versioning and delete propagation cannot apply',
        'add {"name": "<primary key>", "type": "id"}',
      );
    }
    const gcDeletes = (p.gcDeletes ?? '7d').trim();
    const gcMs = parseTimeValueMs(gcDeletes);
    if (gcMs === undefined || gcMs < 0) {
      issues.error([...path, 'gcDeletes'], `"${p.gcDeletes}" is not an Elasticsearch time value`, 'e.g. "7d" or "48h"');
    } else if (gcMs < 60_000) {
      issues.error([...path, 'gcDeletes'], 'must be at least 60s, the Elasticsearch default', 'e.g. "7d"');
    }
    if (!endpointText || !index || !columns || issues.hasErrors) return undefined;
    return {
      connection: {
        endpoints,
        ...(ctx.datasource && { datasource: ctx.datasource.name }),
        credentials: ctx.credentials,
      },
      config: {
        index,
        indexType: p.indexType?.trim() || p.type?.trim() || index,
        actionType: action as 'index' | 'update',
        cleanup,
        batchSize: p.batchSize ?? 1024,
        trySize: p.trySize ?? 30,
        tryIntervalMs: p.tryInterval ?? 60_000,
        timeoutMs: p.timeout ?? 600_000,
        discovery: p.discovery ?? false,
        discoveryFilter: p.discoveryFilter ?? '_all',
        compression: p.compress ?? p.compression ?? true,
        multiThread: p.multiThread ?? true,
        maxTotalConnection: p.maxTotalConnection ?? 200,
        ignoreWriteError: p.ignoreWriteError ?? false,
        ignoreParseError: p.ignoreParseError ?? true,
        ...(p.alias?.trim() && { alias: p.alias.trim() }),
        aliasMode: aliasMode === 'exclusive' ? 'exclusive' : 'append',
        settings: p.settings ?? {},
        splitter: p.splitter ?? '-,-',
        dynamic: p.dynamic ?? false,
        ...(p.dstDynamic !== undefined && { dstDynamic: p.dstDynamic }),
        ...(p.esVersion !== undefined && { esVersion: p.esVersion }),
        masterTimeout: p.masterTimeout ?? '5m',
        enableWriteNull: p.enableWriteNull ?? true,
        ...(p.primaryKeyInfo && {
          primaryKeyInfo: {
            ...(p.primaryKeyInfo.type !== undefined && { type: p.primaryKeyInfo.type }),
            columns: pkColumns,
            fieldDelimiter: p.primaryKeyInfo.fieldDelimiter ?? p.fieldDelimiter ?? '',
          },
        }),
        esPartitionColumn: (p.esPartitionColumn ?? []).map((c) => c.name),
        deleteBy: p.deleteBy ?? [],
        urlParams: p.urlParams ?? {},
        enableRedundantColumn: p.enableRedundantColumn ?? false,
        includeSettingKeys: p.includeSettingKeys ?? ['number_of_shards', 'number_of_replicas'],
        retryTimes: p.retryTimes ?? 3,
        sleepTimeMs: p.sleepTimeInMilliSecond ?? 10_000,
        columns,
        externalVersioning,
        propagateDeletes,
        gcDeletes,
      },
    };
  },
};
