/**
 * Column filters (spec 5.3): `Condition.column_condition` of writes and `filter` of reads. Supported:
 * SingleColumnValueFilter and CompositeColumnValueFilter (NOT/AND/OR), nested. ColumnPaginationFilter is rejected
 * as unsupported. Values of different types never match (the service's behaviour there is UNCONFIRMED).
 */
import {
  ComparatorType,
  decodeValueBytes,
  FilterType,
  LogicalOperator,
  messages,
  type AttributeValue,
  type Filter,
} from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { compareUtf8 } from './primary-key';
import type { StoredRow } from './table';

/** A compiled filter: whether a row (undefined = missing) passes, at `nowMs` under a TTL in seconds. */
export type RowFilter = (row: StoredRow | undefined, nowMs: number, ttlSeconds: number) => boolean;

const MAX_DEPTH = 32;

/**
 * Compiles serialized `Filter` bytes.
 * @throws TablestoreServerError `OTSParameterInvalid` for malformed or unsupported filters.
 */
export function compileFilter(bytes: Uint8Array): RowFilter {
  return compile(messages.Filter.decode(bytes), 0);
}

function compile(filter: Filter, depth: number): RowFilter {
  if (depth > MAX_DEPTH) throw TablestoreServerError.invalid('The filter is nested too deeply.');
  switch (filter.type) {
    case FilterType.FT_SINGLE_COLUMN_VALUE: {
      const f = messages.SingleColumnValueFilter.decode(filter.filter);
      const expected = decodeValueBytes(f.columnValue);
      if (typeof expected === 'object' && !(expected instanceof Uint8Array)) {
        throw TablestoreServerError.invalid(`Invalid filter value for column '${f.columnName}'.`);
      }
      const comparator = f.comparator;
      if (!Object.values(ComparatorType).includes(comparator)) {
        throw TablestoreServerError.invalid(`Invalid comparator type: ${comparator}.`);
      }
      const filterIfMissing = f.filterIfMissing ?? false;
      const latestOnly = f.latestVersionOnly ?? true;
      return (row, nowMs, ttlSeconds) => {
        const minTs = ttlSeconds > 0 ? BigInt(nowMs - ttlSeconds * 1000) : undefined;
        const versions = (row?.columns.get(f.columnName) ?? []).filter(
          (v) => minTs === undefined || v.timestamp >= minTs,
        );
        if (versions.length === 0) return !filterIfMissing;
        const candidates = latestOnly ? versions.slice(0, 1) : versions;
        return candidates.some((v) => matches(v.value, expected as AttributeValue, comparator));
      };
    }
    case FilterType.FT_COMPOSITE_COLUMN_VALUE: {
      const f = messages.CompositeColumnValueFilter.decode(filter.filter);
      const subs = f.subFilters.map((s) => compile(s, depth + 1));
      if (f.combinator === LogicalOperator.LO_NOT) {
        const [only] = subs;
        if (subs.length !== 1 || only === undefined) {
          throw TablestoreServerError.invalid('The NOT combinator takes exactly one sub filter.');
        }
        return (row, now, ttl) => !only(row, now, ttl);
      }
      if (subs.length < 2) throw TablestoreServerError.invalid('A composite filter needs at least two sub filters.');
      if (f.combinator === LogicalOperator.LO_AND) return (row, now, ttl) => subs.every((s) => s(row, now, ttl));
      if (f.combinator === LogicalOperator.LO_OR) return (row, now, ttl) => subs.some((s) => s(row, now, ttl));
      throw TablestoreServerError.invalid(`Invalid logical operator: ${f.combinator}.`);
    }
    case FilterType.FT_COLUMN_PAGINATION:
      throw TablestoreServerError.invalid('Unsupported filter type: ColumnPaginationFilter.');
    default:
      throw TablestoreServerError.invalid(`Invalid filter type: ${filter.type}.`);
  }
}

function matches(actual: AttributeValue, expected: AttributeValue, comparator: number): boolean {
  const d = compareAttribute(actual, expected);
  if (d === undefined) return comparator === ComparatorType.CT_NOT_EQUAL;
  switch (comparator) {
    case ComparatorType.CT_EQUAL:
      return d === 0;
    case ComparatorType.CT_NOT_EQUAL:
      return d !== 0;
    case ComparatorType.CT_GREATER_THAN:
      return d > 0;
    case ComparatorType.CT_GREATER_EQUAL:
      return d >= 0;
    case ComparatorType.CT_LESS_THAN:
      return d < 0;
    default:
      return d <= 0;
  }
}

/** Order of two values of the same type; undefined when the types differ. */
function compareAttribute(a: AttributeValue, b: AttributeValue): number | undefined {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return compareUtf8(a, b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  return undefined;
}
