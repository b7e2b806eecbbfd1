/**
 * Random row operations on a table with primary key `uid` and the model of what the table then holds: whole-row
 * puts, partial updates (also of absent rows, which creates them), deletes, and re-creates of deleted rows. Seeded,
 * so a failure can be replayed with the same `OTSYNC_ACCEPTANCE_SEED`.
 *
 * Three views of the truth are kept:
 * - `rows`: the table now, which the index must equal in otsync's default mode (versioned, deletes propagated);
 * - `dataxRows`: what DataX's row mode + `actionType: index` leaves in the index (otsstream-reader.md §4.3,
 *   writers.md §1.4/§1.6): each PutRow/UpdateRow line replaces the document with the record's columns only (the
 *   untouched ones null), and row deletes are dropped, so a deleted row keeps its last document;
 * - optionally `history`: every state of every key with the time its write was acknowledged, to check that a
 *   committed window end is never ahead of the index.
 */
import type { BatchRowChange } from '../../../src/plugins/sources/tablestore-stream/client/table-calls';
import { DATA_COLUMNS } from './table';

export type Row = Record<string, string | number>;

export interface Op {
  readonly key: string;
  readonly kind: 'put' | 'update' | 'delete';
  readonly cells: Row;
}

export interface Batch {
  readonly rows: BatchRowChange[];
  readonly ops: Op[];
  /** When the BatchWriteRow request was sent / acknowledged, on the server's clock (ms). */
  startedMs?: number;
  doneMs?: number;
}

/** mulberry32: small, fast and good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['Hangzhou', 'Beijing', 'Shanghai', 'Shenzhen', 'Chengdu', 'Wuhan', 'Xi’an', '杭州'];

export interface HistoryEntry {
  /** Acknowledgement time of the write that produced this state (server clock, ms). */
  readonly doneMs: number;
  /** The row after the write; null when it was deleted. */
  readonly state: Row | null;
}

export class TableModel {
  readonly rows = new Map<string, Row>();
  readonly dataxRows = new Map<string, Row>();
  readonly history = new Map<string, HistoryEntry[]>();
  readonly counts = { put: 0, update: 0, delete: 0, recreate: 0 };
  #random: () => number;
  #everDeleted = new Set<string>();

  constructor(
    readonly keyCount: number,
    seed: number,
    readonly options: { trackHistory?: boolean; deletes?: boolean } = {},
  ) {
    this.#random = rng(seed);
  }

  get opCount(): number {
    return this.counts.put + this.counts.update + this.counts.delete;
  }

  #int(n: number): number {
    return Math.floor(this.#random() * n);
  }

  #cells(min: number): Row {
    const cols = DATA_COLUMNS.filter(() => this.#random() < 0.5);
    while (cols.length < min) {
      const c = DATA_COLUMNS[this.#int(DATA_COLUMNS.length)]!;
      if (!cols.includes(c)) cols.push(c);
    }
    const row: Row = {};
    for (const c of cols) {
      if (c === 'name') row.name = `n-${this.#int(1e9).toString(36)}`;
      else if (c === 'city') row.city = CITIES[this.#int(CITIES.length)]!;
      else if (c === 'age') row.age = this.#int(120);
      else row.score = this.#int(2 ** 40) - 2 ** 39;
    }
    return row;
  }

  /** The next batch: `size` operations on distinct keys (BatchWriteRow takes each row once). */
  nextBatch(size: number): Batch {
    const keys = new Set<string>();
    for (let guard = 0; keys.size < Math.min(size, this.keyCount) && guard < size * 50; guard++) {
      keys.add(`k${String(this.#int(this.keyCount)).padStart(7, '0')}`);
    }
    const batch: Batch = { rows: [], ops: [] };
    for (const key of keys) {
      const exists = this.rows.has(key);
      const dice = this.#random();
      let op: Op;
      if (exists && this.options.deletes !== false && dice < 0.2) op = { key, kind: 'delete', cells: {} };
      else if (exists && dice < 0.65) op = { key, kind: 'update', cells: this.#cells(1) };
      else if (!exists && dice < 0.1)
        op = { key, kind: 'update', cells: this.#cells(1) }; // upsert by UpdateRow
      else op = { key, kind: 'put', cells: this.#cells(this.#random() < 0.1 ? 0 : 1) };
      batch.ops.push(op);
      batch.rows.push(toChange(op));
    }
    return batch;
  }

  /** Applies an acknowledged batch to the model. */
  apply(batch: Batch): void {
    const doneMs = batch.doneMs ?? Number.NaN;
    for (const op of batch.ops) {
      const { key } = op;
      this.counts[op.kind]++;
      if (op.kind === 'delete') {
        this.rows.delete(key);
        this.#everDeleted.add(key);
      } else {
        if (op.kind === 'put' && this.#everDeleted.has(key) && !this.rows.has(key)) this.counts.recreate++;
        const base = op.kind === 'update' ? (this.rows.get(key) ?? { uid: key }) : { uid: key };
        this.rows.set(key, { ...base, ...op.cells });
        this.dataxRows.set(key, { uid: key, ...op.cells });
      }
      if (this.options.trackHistory) {
        const list = this.history.get(key) ?? [];
        const state = this.rows.get(key);
        list.push({ doneMs, state: state ? { ...state } : null });
        this.history.set(key, list);
      }
    }
  }
}

function toChange(op: Op): BatchRowChange {
  const primaryKey = [{ name: 'uid', value: op.key }];
  const cells = Object.entries(op.cells).map(([name, value]) => ({
    name,
    value: typeof value === 'number' ? BigInt(value) : value,
  }));
  if (op.kind === 'delete') return { type: 'DELETE', primaryKey };
  if (op.kind === 'update') return { type: 'UPDATE', primaryKey, cells };
  return { type: 'PUT', primaryKey, attributes: cells };
}

/** Keys whose document differs from the expected one, described for an assertion message (at most `limit`). */
export function differences(
  actual: ReadonlyMap<string, Record<string, unknown>>,
  expected: ReadonlyMap<string, Row>,
  limit = 10,
): { count: number; samples: string[] } {
  const samples: string[] = [];
  let count = 0;
  const note = (s: string) => {
    count++;
    if (samples.length < limit) samples.push(s);
  };
  for (const [key, want] of expected) {
    const got = actual.get(key);
    if (!got) note(`${key}: missing, want ${JSON.stringify(want)}`);
    else if (!sameRow(got, want)) note(`${key}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  }
  for (const [key, got] of actual) if (!expected.has(key)) note(`${key}: unexpected ${JSON.stringify(got)}`);
  return { count, samples };
}

export function sameRow(got: Record<string, unknown> | null | undefined, want: Row | null | undefined): boolean {
  if (!got || !want) return !got && !want;
  const a = Object.keys(got).sort();
  const b = Object.keys(want).sort();
  return a.length === b.length && a.every((k, i) => k === b[i] && got[k] === want[k]);
}
