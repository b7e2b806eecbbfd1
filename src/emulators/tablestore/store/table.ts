/**
 * One table: its definition and its rows, kept sorted by primary key in an array (binary search for ranges,
 * `splice` to insert) plus a map for point lookups. Each column holds versions newest first, at most
 * `max_versions` of them (older ones are dropped on write, as they would be invisible to every read anyway).
 */
import type { AttributeCell, AttributeValue, PrimaryKeyColumn, PrimaryKeyType } from '../../../tablestore';
import { comparePrimaryKeys, primaryKeyString, type PrimaryKeyColumnSchema } from './primary-key';

/** Table options after defaults are applied. */
export interface ResolvedTableOptions {
  /** Seconds; -1 keeps versions forever. */
  timeToLive: number;
  maxVersions: number;
  /** How far (seconds) a client-supplied cell timestamp may be from the server clock. */
  deviationCellVersionInSec: bigint;
}

/** Everything CreateTable fixes about a table, as logged and replayed. */
export interface TableDefinition {
  name: string;
  primaryKey: PrimaryKeyColumnSchema[];
  definedColumns: { name: string; type: number }[];
  options: ResolvedTableOptions;
  reservedRead: number;
  reservedWrite: number;
  /** Microseconds since the epoch. */
  createdUs: number;
}

/** One version of a cell. */
export interface CellVersion {
  /** Milliseconds since the epoch. */
  timestamp: bigint;
  value: AttributeValue;
}

export interface StoredRow {
  readonly key: string;
  readonly primaryKey: PrimaryKeyColumn[];
  /** Column name → versions, newest first. */
  readonly columns: Map<string, CellVersion[]>;
}

/**
 * A write with everything the server decides already decided (timestamps assigned, increments computed,
 * auto-increment keys filled): applying it is deterministic, so it is what the write-ahead log stores and what
 * stream records are made of.
 */
export type RowChange =
  | { kind: 'put'; primaryKey: PrimaryKeyColumn[]; cells: AttributeCell[] }
  | { kind: 'update'; primaryKey: PrimaryKeyColumn[]; cells: AttributeCell[] }
  | { kind: 'delete'; primaryKey: PrimaryKeyColumn[] };

export class Table {
  readonly definition: TableDefinition;
  /** Sorted by primary key. */
  readonly rows: StoredRow[] = [];
  private readonly index = new Map<string, StoredRow>();
  /** Last value handed out for the auto-increment column. */
  autoIncrement = 0n;

  constructor(definition: TableDefinition) {
    this.definition = definition;
  }

  get name(): string {
    return this.definition.name;
  }

  get primaryKeyTypes(): PrimaryKeyType[] {
    return this.definition.primaryKey.map((c) => c.type);
  }

  find(primaryKey: readonly PrimaryKeyColumn[]): StoredRow | undefined {
    return this.index.get(primaryKeyString(primaryKey));
  }

  /** Index of the first row whose key is ≥ `bound` (or > `bound` when `strict`). */
  lowerBound(bound: readonly PrimaryKeyColumn[], strict = false): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const d = comparePrimaryKeys((this.rows[mid] as StoredRow).primaryKey, bound);
      if (d < 0 || (strict && d === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Applies a resolved change. */
  apply(change: RowChange): void {
    if (change.kind === 'delete') {
      this.remove(change.primaryKey);
      return;
    }
    let row = this.find(change.primaryKey);
    if (change.kind === 'put' && row !== undefined) row.columns.clear();
    if (row === undefined) {
      // An update made only of deletes does not bring a missing row into existence.
      if (change.kind === 'update' && change.cells.every((c) => c.operation !== undefined)) return;
      row = this.insert(change.primaryKey);
    }
    for (const cell of change.cells) {
      if (cell.operation === 'DELETE_ALL_VERSION') {
        row.columns.delete(cell.name);
      } else if (cell.operation === 'DELETE_ONE_VERSION') {
        const versions = row.columns.get(cell.name);
        if (versions === undefined) continue;
        const i = versions.findIndex((v) => v.timestamp === cell.timestamp);
        if (i >= 0) versions.splice(i, 1);
        if (versions.length === 0) row.columns.delete(cell.name);
      } else {
        this.putVersion(row, cell.name, { timestamp: cell.timestamp as bigint, value: cell.value as AttributeValue });
      }
    }
  }

  private putVersion(row: StoredRow, name: string, version: CellVersion): void {
    let versions = row.columns.get(name);
    if (versions === undefined) {
      versions = [];
      row.columns.set(name, versions);
    }
    // Newest first; writing an existing timestamp replaces that version.
    let i = 0;
    while (i < versions.length && (versions[i] as CellVersion).timestamp > version.timestamp) i++;
    if (i < versions.length && (versions[i] as CellVersion).timestamp === version.timestamp) versions[i] = version;
    else versions.splice(i, 0, version);
    const max = this.definition.options.maxVersions;
    if (versions.length > max) versions.length = max;
  }

  private insert(primaryKey: PrimaryKeyColumn[]): StoredRow {
    const row: StoredRow = { key: primaryKeyString(primaryKey), primaryKey, columns: new Map() };
    this.rows.splice(this.lowerBound(primaryKey), 0, row);
    this.index.set(row.key, row);
    for (let i = 0; i < primaryKey.length; i++) {
      const v = (primaryKey[i] as PrimaryKeyColumn).value;
      if (this.definition.primaryKey[i]?.autoIncrement && typeof v === 'bigint' && v > this.autoIncrement) {
        this.autoIncrement = v;
      }
    }
    return row;
  }

  private remove(primaryKey: readonly PrimaryKeyColumn[]): void {
    const key = primaryKeyString(primaryKey);
    if (!this.index.delete(key)) return;
    const i = this.lowerBound(primaryKey);
    this.rows.splice(i, 1);
  }
}
