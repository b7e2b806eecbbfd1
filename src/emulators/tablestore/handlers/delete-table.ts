/**
 * DeleteTable — https://www.alibabacloud.com/help/en/tablestore/developer-reference/deletetable
 *
 * Supported in full. The table's stream goes with it (UNCONFIRMED, spec 5.2): its iterators then fail with
 * OTSTrimmedDataAccess. The response body is empty (the Go SDK would fail on anything else).
 */
import type { DeleteTableRequest, DeleteTableResponse } from '../../../tablestore';
import type { Handler } from './context';

export const deleteTable: Handler<DeleteTableRequest, DeleteTableResponse> = (request, { instance }) => {
  const table = instance.table(request.tableName);
  instance.commit({ op: 'deleteTable', name: table.name });
  return {};
};
