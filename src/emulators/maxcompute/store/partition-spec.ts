/**
 * Partition specs as clients send them (spec 1): `pt=20250101,region=cn`, `pt='x'/region='y'`, spaces around
 * pieces, checked against a table's partition keys and turned into the one normalised form the store keys on.
 */
import { parsePartitionSpec, PartitionSpecError } from '../../../maxcompute';
import { MaxComputeServerError } from '../errors';
import type { TableInfo } from './types';

/** A partition spec resolved against a table: the normalised text and the values in key order. */
export interface ResolvedPartition {
  spec: string;
  values: [string, string][];
}

/** Characters a partition value may not hold here: they would not survive the clients' URL handling (spec 2.1). */
const BAD_VALUE = /[,/=&%+'"\\\n\r\t]/;

/**
 * Parses a query-string spec.
 * @throws MaxComputeServerError InvalidPartitionSpec.
 */
export function parseSpecText(text: string): [string, string][] {
  try {
    return parsePartitionSpec(text).map(([k, v]) => [k, v]);
  } catch (err) {
    if (err instanceof PartitionSpecError) {
      throw new MaxComputeServerError('InvalidPartitionSpec', { message: err.message, cause: err });
    }
    throw err;
  }
}

/**
 * The table's partition for these values: every key of the table, in any order, exactly once.
 * @throws MaxComputeServerError InvalidPartitionSpec (non-partitioned table, wrong/missing/duplicate keys, bad
 *   values).
 */
export function resolvePartition(table: TableInfo, given: readonly (readonly [string, string])[]): ResolvedPartition {
  const invalid = (why: string) =>
    new MaxComputeServerError('InvalidPartitionSpec', {
      message: `The specified partition spec is not valid for table ${table.name}: ${why}.`,
    });
  if (table.partitionKeys.length === 0) throw invalid('the table is not partitioned');
  const byKey = new Map<string, string>();
  for (const [rawKey, value] of given) {
    const key = rawKey.trim().toLowerCase();
    if (byKey.has(key)) throw invalid(`'${key}' is given twice`);
    if (value === '' || BAD_VALUE.test(value))
      throw invalid(`the value of '${key}' is empty or has reserved characters`);
    byKey.set(key, value);
  }
  const values: [string, string][] = [];
  for (const column of table.partitionKeys) {
    const value = byKey.get(column.name);
    if (value === undefined) throw invalid(`the partition key '${column.name}' is missing`);
    values.push([column.name, value]);
    byKey.delete(column.name);
  }
  if (byKey.size > 0) throw invalid(`'${[...byKey.keys()].join(', ')}' is not a partition key`);
  return { spec: values.map(([k, v]) => `${k}=${v}`).join(','), values };
}
