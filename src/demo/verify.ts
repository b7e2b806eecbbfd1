/**
 * The demo's closing check: the index holds exactly the table's rows, one document per row with the same fields
 * (deletes propagated, partial updates merged).
 */
import type { Client as EsClient } from '@elastic/elasticsearch';
import type { DemoRow } from './table';

/** The index's documents by `_id`, null fields left out; undefined when the index does not exist yet. */
export async function readIndexDocuments(es: EsClient, index: string): Promise<Map<string, DemoRow> | undefined> {
  const exists = await es.indices.exists({ index });
  if (!exists) return undefined;
  await es.indices.refresh({ index });
  const docs = new Map<string, DemoRow>();
  // The demo's key space is bounded (≤ 10,000 rows), so one page holds every document.
  const res = await es.search<Record<string, unknown>>({ index, size: 10_000, query: { match_all: {} } });
  for (const hit of res.hits.hits) {
    const source = Object.entries(hit._source ?? {}).filter(([, v]) => v !== null && v !== undefined);
    docs.set(hit._id!, Object.fromEntries(source) as DemoRow);
  }
  return docs;
}

/** How many documents the index holds, or undefined before it exists. */
export async function countDocuments(es: EsClient, index: string): Promise<number | undefined> {
  try {
    return (await es.count({ index })).count;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
    throw err;
  }
}

export interface Comparison {
  readonly equal: boolean;
  readonly rows: number;
  readonly documents: number;
  /** Keys in the table but not the index, in the index but not the table, and present in both but different. */
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly different: readonly string[];
}

const canonical = (row: DemoRow): string =>
  JSON.stringify(Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));

export function compareRowsAndDocuments(rows: Map<string, DemoRow>, docs: Map<string, DemoRow>): Comparison {
  const missing = [...rows.keys()].filter((k) => !docs.has(k));
  const extra = [...docs.keys()].filter((k) => !rows.has(k));
  const different = [...rows.entries()]
    .filter(([k, row]) => docs.has(k) && canonical(row) !== canonical(docs.get(k)!))
    .map(([k]) => k);
  return {
    equal: missing.length === 0 && extra.length === 0 && different.length === 0,
    rows: rows.size,
    documents: docs.size,
    missing,
    extra,
    different,
  };
}
