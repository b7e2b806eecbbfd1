/**
 * The index mapping and settings the writer creates (writers.md §1.3; alibaba/DataX ElasticSearchWriter.java
 * genMappings).
 */
import type { CompiledElasticsearchConfig, EsColumnType } from './schema';

/** Column types that address the document instead of being a field of it. */
export const VIRTUAL_TYPES: ReadonlySet<EsColumnType> = new Set(['id', 'parent', 'routing', 'version']);

/**
 * `{"properties": {...}[, "dynamic": dstDynamic]}`, wrapped as `{"<type>": {...}}` below Elasticsearch 7.
 * Virtual columns get no entry (DataX also maps `parent` columns, which every server rejects; otsync leaves them
 * out as documented). Columns named in an `id` column's `combineFields` get none either, but only when that `id`
 * column comes first, as in DataX. Attributes: `doc_values`, `ignore_above`, `index` for all types, plus
 * `eager_global_ordinals` (keyword), `analyzer`/`norms`/`index_options`/`fields` (text), `format`/`dstFormat`
 * (date with `origin`), `tree`/`precision` (geo_shape), `dynamic` (object, nested), and `other_params` merged last.
 */
export function buildMapping(config: CompiledElasticsearchConfig, sevenPlus: boolean): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  let combined: readonly string[] = [];
  for (const c of config.columns) {
    if (c.type === 'id' && c.combineFields && c.combineFields.length > 0) combined = c.combineFields;
    if (VIRTUAL_TYPES.has(c.type) || combined.includes(c.name)) continue;
    const m = c.mapping;
    const field: Record<string, unknown> = { type: c.type };
    const copy = (...keys: string[]) => {
      for (const k of keys) if (m[k] !== undefined && m[k] !== null) field[k] = m[k];
    };
    copy('doc_values', 'ignore_above', 'index');
    if (c.type === 'keyword') copy('eager_global_ordinals');
    if (c.type === 'text') copy('analyzer', 'norms', 'index_options', 'fields');
    if (c.type === 'geo_shape') copy('tree', 'precision');
    if (c.type === 'object' || c.type === 'nested') copy('dynamic');
    if (c.type === 'date' && c.origin) {
      const format = c.dstFormat ?? c.format;
      if (format !== undefined) field.format = format;
    }
    const other = m.other_params;
    if (other && typeof other === 'object' && !Array.isArray(other)) Object.assign(field, other);
    properties[c.name] = field;
  }
  const body: Record<string, unknown> = { properties };
  if (config.dstDynamic?.trim()) body.dynamic = config.dstDynamic;
  return sevenPlus ? body : { [config.indexType]: body };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge; `over` wins. */
export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isObject(b) && isObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

/**
 * Settings for re-creating an index on `cleanup`: the old index's `includeSettingKeys` (read from its
 * `settings.index`) under the configured `settings`, which win. Kept keys go where the configured settings put
 * index settings: under `index` when `settings` uses that shape, at the top otherwise, so that one key is never
 * given twice in two spellings.
 */
export function mergeKeptSettings(configured: Json, oldIndexSettings: Json, keys: readonly string[]): Json {
  const kept: Json = {};
  for (const k of keys) if (oldIndexSettings[k] !== undefined) kept[k] = oldIndexSettings[k];
  if (Object.keys(kept).length === 0) return configured;
  return isObject(configured.index)
    ? deepMerge({ index: kept }, configured)
    : deepMerge(
        Object.fromEntries(Object.entries(kept).filter(([k]) => configured[`index.${k}`] === undefined)),
        configured,
      );
}

/**
 * Adds `index.gc_deletes` to creation settings, in the shape the configured settings use, unless they set it
 * themselves (prepare raises a too-short value afterwards).
 */
export function withGcDeletes(settings: Json, gcDeletes: string): Json {
  const given =
    settings.gc_deletes ??
    settings['index.gc_deletes'] ??
    (isObject(settings.index) ? settings.index.gc_deletes : undefined);
  if (given !== undefined) return settings;
  if (isObject(settings.index)) return deepMerge(settings, { index: { gc_deletes: gcDeletes } });
  return { ...settings, 'index.gc_deletes': gcDeletes };
}
