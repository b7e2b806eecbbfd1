/**
 * Row writes (PutRow, UpdateRow, DeleteRow and the rows of BatchWriteRow): decode the PlainBuffer, check it
 * against the table, check the condition, resolve what the server decides (timestamps, increments,
 * auto-increment keys), commit, and build the response's consumed capacity and returned row (spec 5.3–5.5).
 */
import {
  decodeRow,
  encodeRow,
  RowExistenceExpectation,
  RowReturnType,
  type AttributeCell,
  type Condition,
  type ConsumedCapacity,
  type DecodedRow,
  type PrimaryKeyColumn,
  type ReturnContent,
} from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { compileFilter } from './filter';
import type { Instance } from './instance';
import { checkPrimaryKey, specialOf } from './primary-key';
import type { RowChange, StoredRow, Table } from './table';

export type WriteKind = 'put' | 'update' | 'delete';

/** Limits of one written row (spec 5.4). */
const MAX_ATTRIBUTE_VALUE_BYTES = 2 * 1024 * 1024;
const MAX_COLUMNS_PER_WRITE = 1024;
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** The result of one successful row write. */
export interface WriteResult {
  consumed: ConsumedCapacity;
  /** Present when the request asked for return content. */
  row?: Uint8Array;
}

/** Everything a row write needs. */
export interface WriteRequest {
  kind: WriteKind;
  /** PlainBuffer: `row` (PutRow), `row_change` (UpdateRow, BatchWriteRow) or `primary_key` (DeleteRow). */
  rowBytes: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
}

/**
 * Performs one row write.
 * @throws TablestoreServerError for a malformed row (`OTSParameterInvalid`), a key that does not match the schema
 *   (`OTSInvalidPK`) or a failed condition (`OTSConditionCheckFail`).
 */
export function writeRow(
  instance: Instance,
  table: Table,
  request: WriteRequest,
  nowMs: number,
  nowUs: number,
): WriteResult {
  const row = decodeRow(request.rowBytes);
  checkPrimaryKey(table.definition.primaryKey, row.primaryKey, request.kind === 'delete' ? 'point' : 'write');
  const primaryKey = fillAutoIncrement(table, row.primaryKey);
  const change = resolve(table, request.kind, { ...row, primaryKey }, nowMs);
  const existing = table.find(primaryKey);
  checkCondition(table, existing, request.condition, nowMs);
  instance.commitRow(table, change, nowUs);
  const conditional = request.condition.rowExistence !== RowExistenceExpectation.IGNORE;
  const result: WriteResult = {
    consumed: { capacityUnit: { read: conditional ? 1 : 0, write: capacityUnits(change) } },
  };
  const returned = returnedRow(table, change, request.returnContent);
  if (returned !== undefined) result.row = returned;
  return result;
}

function resolve(table: Table, kind: WriteKind, row: DecodedRow, nowMs: number): RowChange {
  const { primaryKey } = row;
  if (kind === 'delete') {
    if (!row.deleteMarker) {
      throw TablestoreServerError.invalid('Invalid request of delete row: missing RowDeleteMarker in request.');
    }
    if (row.attributes.length > 0)
      throw TablestoreServerError.invalid('Invalid request of delete row: unexpected cells.');
    return { kind: 'delete', primaryKey };
  }
  if (row.deleteMarker) throw TablestoreServerError.invalid('Unexpected RowDeleteMarker in a put or update row.');
  if (row.attributes.length > MAX_COLUMNS_PER_WRITE) {
    throw new TablestoreServerError(
      'OTSOutOfColumnCountLimit',
      `The number of columns from the request exceeds the limit, limit count: ${MAX_COLUMNS_PER_WRITE}, column count: ${row.attributes.length}.`,
    );
  }
  if (kind === 'update' && row.attributes.length === 0) {
    throw TablestoreServerError.invalid('Invalid update row request: missing cells in request.');
  }
  const options = table.definition.options;
  const deviationMs = options.deviationCellVersionInSec * 1000n;
  const oldestMs = options.timeToLive > 0 ? BigInt(nowMs - options.timeToLive * 1000) : undefined;
  const now = BigInt(nowMs);
  const current = kind === 'update' ? table.find(primaryKey) : undefined;
  const cells: AttributeCell[] = row.attributes.map((cell) => {
    checkColumnName(cell.name, table);
    if (kind === 'put' && cell.operation !== undefined) {
      throw TablestoreServerError.invalid(`OpType cannot be given for column name: ${cell.name} in PutRow.`);
    }
    checkValueSize(cell);
    if (cell.operation === 'DELETE_ALL_VERSION' || cell.operation === 'DELETE_ONE_VERSION') return cell;
    if (cell.operation === 'INCREMENT') {
      // Stream records cannot carry INCREMENT (the Java reader rejects op 0x04), so the result becomes a put
      // cell with the server's timestamp (spec 4.8, derived).
      const latest = current?.columns.get(cell.name)?.[0]?.value ?? 0n;
      if (typeof latest !== 'bigint') {
        throw TablestoreServerError.invalid(
          `The type of column '${cell.name}' is not INTEGER and can not be increased.`,
        );
      }
      return { name: cell.name, value: latest + (cell.value as bigint), timestamp: now };
    }
    const timestamp = cell.timestamp ?? now;
    if (cell.timestamp !== undefined) {
      const tooFar = timestamp > now + deviationMs || timestamp < now - deviationMs;
      if (tooFar || timestamp < 0n || (oldestMs !== undefined && timestamp < oldestMs)) {
        // Wording UNCONFIRMED; the docs name the error "Invalid timestamp" (spec 5.3).
        throw TablestoreServerError.invalid(
          `Invalid timestamp for column '${cell.name}': ${timestamp} is outside the allowed range of the table.`,
        );
      }
    }
    return { name: cell.name, value: cell.value, timestamp };
  });
  return { kind, primaryKey, cells };
}

function checkColumnName(name: string, table: Table): void {
  if (!NAME.test(name)) throw TablestoreServerError.invalid(`Invalid column name: '${name}'.`);
  if (table.definition.primaryKey.some((c) => c.name === name)) {
    throw TablestoreServerError.invalid(`Column name '${name}' is the same as a primary key column.`);
  }
}

function checkValueSize(cell: AttributeCell): void {
  const v = cell.value;
  const size = typeof v === 'string' ? Buffer.byteLength(v) : v instanceof Uint8Array ? v.length : 0;
  if (size > MAX_ATTRIBUTE_VALUE_BYTES) {
    throw new TablestoreServerError(
      'OTSParameterInvalid',
      `The length of attribute column: '${cell.name}' exceeds the MaxLength:${MAX_ATTRIBUTE_VALUE_BYTES} with CurrentLength:${size}.`,
    );
  }
}

function fillAutoIncrement(table: Table, primaryKey: PrimaryKeyColumn[]): PrimaryKeyColumn[] {
  if (!primaryKey.some((c) => specialOf(c.value) === 'AUTO_INCREMENT')) return primaryKey;
  return primaryKey.map((c) => {
    if (specialOf(c.value) !== 'AUTO_INCREMENT') return c;
    table.autoIncrement += 1n;
    return { name: c.name, value: table.autoIncrement };
  });
}

/** Whether a stored row counts as existing now: it has a visible cell, or was written with none. */
export function rowExists(table: Table, row: StoredRow | undefined, nowMs: number): boolean {
  if (row === undefined) return false;
  if (row.columns.size === 0) return true;
  const ttl = table.definition.options.timeToLive;
  if (ttl <= 0) return true;
  const minTs = BigInt(nowMs - ttl * 1000);
  for (const versions of row.columns.values()) if (versions.some((v) => v.timestamp >= minTs)) return true;
  return false;
}

/**
 * @throws TablestoreServerError `OTSConditionCheckFail` when the row-existence expectation or column condition fails.
 */
export function checkCondition(table: Table, row: StoredRow | undefined, condition: Condition, nowMs: number): void {
  const exists = rowExists(table, row, nowMs);
  const expectation = condition.rowExistence;
  if (expectation === RowExistenceExpectation.EXPECT_EXIST && !exists) throw TablestoreServerError.conditionFailed();
  if (expectation === RowExistenceExpectation.EXPECT_NOT_EXIST && exists) throw TablestoreServerError.conditionFailed();
  if (
    expectation !== RowExistenceExpectation.IGNORE &&
    expectation !== RowExistenceExpectation.EXPECT_EXIST &&
    expectation !== RowExistenceExpectation.EXPECT_NOT_EXIST
  ) {
    throw TablestoreServerError.invalid(`Invalid row existence expectation: ${String(expectation)}.`);
  }
  if (condition.columnCondition !== undefined && condition.columnCondition.length > 0) {
    const filter = compileFilter(condition.columnCondition);
    if (!filter(exists ? row : undefined, nowMs, table.definition.options.timeToLive)) {
      throw TablestoreServerError.conditionFailed();
    }
  }
}

/** Write capacity units: ceil(bytes / 4 KB) of the key and written cells, at least 1 (spec 5.5). */
function capacityUnits(change: RowChange): number {
  let size = 0;
  for (const c of change.primaryKey) size += Buffer.byteLength(c.name) + valueSize(c.value);
  if (change.kind !== 'delete') for (const c of change.cells) size += Buffer.byteLength(c.name) + valueSize(c.value);
  return Math.max(1, Math.ceil(size / 4096));
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.length;
  if (typeof value === 'boolean') return 1;
  return value === undefined ? 0 : 8;
}

/**
 * The row of a write response: RT_PK returns the primary key (with auto-increment values filled); RT_AFTER_MODIFY
 * returns the key and the newest version of the named columns (or of the written ones) after the write.
 */
function returnedRow(table: Table, change: RowChange, content: ReturnContent | undefined): Uint8Array | undefined {
  const type = content?.returnType ?? RowReturnType.RT_NONE;
  if (type === RowReturnType.RT_NONE) return undefined;
  if (type === RowReturnType.RT_PK || change.kind === 'delete') return encodeRow({ primaryKey: change.primaryKey });
  const names = content?.returnColumnNames?.length ? content.returnColumnNames : change.cells.map((c) => c.name);
  const stored = table.find(change.primaryKey);
  const attributes: AttributeCell[] = [];
  for (const name of [...new Set(names)].sort()) {
    const latest = stored?.columns.get(name)?.[0];
    if (latest !== undefined) attributes.push({ name, value: latest.value, timestamp: latest.timestamp });
  }
  return encodeRow({ primaryKey: change.primaryKey, attributes });
}
