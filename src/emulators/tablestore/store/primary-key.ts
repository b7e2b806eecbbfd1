/**
 * Primary keys: validation against a table's schema, the total order rows are sorted in, and a string key for
 * point lookups. Order (spec 5.4): column by column; INTEGER numerically, STRING and BINARY bytewise (STRING as
 * UTF-8 bytes); INF_MIN below and INF_MAX above every value of its column.
 */
import { PrimaryKeyType, type PrimaryKeyColumn, type PrimaryKeyValue } from '../../../tablestore';
import { TablestoreServerError } from '../errors';

/** One primary-key column of a table's schema. */
export interface PrimaryKeyColumnSchema {
  readonly name: string;
  readonly type: PrimaryKeyType;
  readonly autoIncrement: boolean;
}

/** Longest STRING/BINARY primary-key value the service accepts (spec 5.4 limits). */
export const MAX_PRIMARY_KEY_VALUE_BYTES = 1024;

const TYPE_NAMES: Record<PrimaryKeyType, string> = {
  [PrimaryKeyType.INTEGER]: 'INTEGER',
  [PrimaryKeyType.STRING]: 'STRING',
  [PrimaryKeyType.BINARY]: 'BINARY',
};

/** What a request's primary key may hold besides concrete values. */
export type PrimaryKeyUse = 'point' | 'write' | 'range';

/**
 * Checks a request's primary key against the schema: same column count, names and types, in order. `point`
 * allows only concrete values, `write` also AUTO_INCREMENT on an auto-increment column, `range` also INF_MIN/INF_MAX.
 * @throws TablestoreServerError `OTSInvalidPK` on a size, name or type mismatch (the size and name messages are the
 *   service's, spec 2.2; the type message is UNCONFIRMED), `OTSParameterInvalid` for misplaced placeholders or
 *   oversized values.
 */
export function checkPrimaryKey(
  schema: readonly PrimaryKeyColumnSchema[],
  pk: readonly PrimaryKeyColumn[],
  use: PrimaryKeyUse,
): void {
  if (pk.length !== schema.length) {
    throw new TablestoreServerError(
      'OTSInvalidPK',
      `Validate PK size fail. Input: ${pk.length}, Meta: ${schema.length}.`,
    );
  }
  for (let i = 0; i < schema.length; i++) {
    const meta = schema[i] as PrimaryKeyColumnSchema;
    const column = pk[i] as PrimaryKeyColumn;
    if (column.name !== meta.name) {
      throw new TablestoreServerError(
        'OTSInvalidPK',
        `Validate PK name fail. Input: ${column.name}, Meta: ${meta.name}.`,
      );
    }
    const value = column.value;
    const special = specialOf(value);
    if (special !== undefined) {
      const allowed =
        (use === 'range' && (special === 'INF_MIN' || special === 'INF_MAX')) ||
        (use === 'write' && special === 'AUTO_INCREMENT' && meta.autoIncrement);
      if (!allowed) {
        throw TablestoreServerError.invalid(`Invalid primary key: column '${meta.name}' can not be ${special} here.`);
      }
      continue;
    }
    const actual = typeOfValue(value);
    if (actual !== meta.type) {
      throw new TablestoreServerError(
        'OTSInvalidPK',
        `Validate PK type fail. Input: ${TYPE_NAMES[actual]}, Meta: ${TYPE_NAMES[meta.type]}.`,
      );
    }
    const size = typeof value === 'string' ? Buffer.byteLength(value) : value instanceof Uint8Array ? value.length : 0;
    if (size > MAX_PRIMARY_KEY_VALUE_BYTES) {
      throw TablestoreServerError.invalid(
        `The length of primary key column: '${meta.name}' exceeds the MaxLength:${MAX_PRIMARY_KEY_VALUE_BYTES} with CurrentLength:${size}.`,
      );
    }
  }
}

function typeOfValue(value: PrimaryKeyValue): PrimaryKeyType {
  if (typeof value === 'bigint') return PrimaryKeyType.INTEGER;
  if (typeof value === 'string') return PrimaryKeyType.STRING;
  return PrimaryKeyType.BINARY;
}

/** `INF_MIN` / `INF_MAX` / `AUTO_INCREMENT` for a placeholder, undefined for a concrete value. */
export function specialOf(value: PrimaryKeyValue): 'INF_MIN' | 'INF_MAX' | 'AUTO_INCREMENT' | undefined {
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return value.special;
  return undefined;
}

/**
 * Compares strings by their UTF-8 bytes without encoding them: UTF-16 code-unit order equals code-point (and so
 * UTF-8 byte) order except that surrogates (code points above U+FFFF) must sort after U+E000–U+FFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** Compares two values of one column (same type, or a placeholder on either side). */
export function compareValues(a: PrimaryKeyValue, b: PrimaryKeyValue): number {
  const sa = specialOf(a);
  const sb = specialOf(b);
  if (sa !== undefined || sb !== undefined) {
    const rank = (s: string | undefined) => (s === 'INF_MIN' ? -1 : s === 'INF_MAX' ? 1 : 0);
    const d = rank(sa) - rank(sb);
    return d < 0 ? -1 : d > 0 ? 1 : 0;
  }
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  return Buffer.compare(a as Uint8Array, b as Uint8Array);
}

/** Total order of primary keys of one table (column by column). */
export function comparePrimaryKeys(a: readonly PrimaryKeyColumn[], b: readonly PrimaryKeyColumn[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = compareValues((a[i] as PrimaryKeyColumn).value, (b[i] as PrimaryKeyColumn).value);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** A string that identifies a concrete primary key (the point-lookup map's key). */
export function primaryKeyString(pk: readonly PrimaryKeyColumn[]): string {
  let out = '';
  for (const { value } of pk) {
    if (typeof value === 'bigint') out += `i${value}\u0000`;
    else if (typeof value === 'string') out += `s${value.length}:${value}\u0000`;
    else out += `b${Buffer.from(value as Uint8Array).toString('hex')}\u0000`;
  }
  return out;
}
