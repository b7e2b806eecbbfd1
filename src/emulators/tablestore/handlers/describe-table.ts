/**
 * DescribeTable — https://www.alibabacloud.com/help/en/tablestore/developer-reference/describetable
 *
 * Supported: table meta, options, reserved throughput, status (always ACTIVE), stream details (always sent,
 * `enable_stream=false` when off), creation time (µs). No shard splits, indexes or encryption details.
 */
import { TableStatus, type DescribeTableRequest, type DescribeTableResponse } from '../../../tablestore';
import type { Handler } from './context';
import { reservedThroughputOf, streamDetailsOf, tableMetaOf, tableOptionsOf } from './table-details';

export const describeTable: Handler<DescribeTableRequest, DescribeTableResponse> = (request, { instance }) => {
  const table = instance.table(request.tableName);
  return {
    tableMeta: tableMetaOf(table),
    reservedThroughputDetails: reservedThroughputOf(instance, table),
    tableOptions: tableOptionsOf(table),
    tableStatus: TableStatus.ACTIVE,
    streamDetails: streamDetailsOf(instance, table),
    creationTime: BigInt(table.definition.createdUs),
  };
};
