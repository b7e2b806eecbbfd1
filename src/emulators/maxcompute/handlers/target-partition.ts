/** The partition a Tunnel request addresses (spec 4.2 errors), resolved against the table. */
import { MaxComputeServerError } from '../errors';
import type { TableState } from '../store/catalog';
import { parseSpecText, resolvePartition, type ResolvedPartition } from '../store/partition-spec';
import type { RequestContext } from './context';

/**
 * The `partition=` of the request: undefined for a non-partitioned table.
 * @throws MaxComputeServerError MissingPartitionSpec (partitioned table, no spec), InvalidPartitionSpec.
 */
export function targetPartition(context: RequestContext, table: TableState): ResolvedPartition | undefined {
  const text = context.query.get('partition')?.trim() ?? '';
  const partitioned = table.info.partitionKeys.length > 0;
  if (!partitioned) {
    if (text !== '') {
      throw new MaxComputeServerError('InvalidPartitionSpec', {
        message: `The table ${table.info.name} is not partitioned; remove the partition spec.`,
      });
    }
    return undefined;
  }
  if (text === '') throw new MaxComputeServerError('MissingPartitionSpec');
  return resolvePartition(table.info, parseSpecText(text));
}

export function noSuchPartition(spec: string): MaxComputeServerError {
  return new MaxComputeServerError('NoSuchPartition', {
    message: `The specified partition '${spec}' does not exist.`,
  });
}
