/**
 * DeleteRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/deleterow
 *
 * Supported: delete by primary key (the PlainBuffer must carry the delete marker), conditions, return content.
 * One DELETE_ROW stream record per success, also when the row did not exist under IGNORE (UNCONFIRMED, spec 4.9).
 */
import type { DeleteRowRequest, DeleteRowResponse } from '../../../tablestore';
import { writeRow } from '../store/write';
import type { Handler } from './context';
import { optionalReturn } from './put-row';
import { rejectUnsupported } from './row-guards';

export const deleteRow: Handler<DeleteRowRequest, DeleteRowResponse> = (request, { instance, nowMs, nowUs }) => {
  rejectUnsupported(request);
  const table = instance.table(request.tableName);
  return writeRow(
    instance,
    table,
    {
      kind: 'delete',
      rowBytes: request.primaryKey,
      condition: request.condition,
      ...optionalReturn(request.returnContent),
    },
    nowMs,
    nowUs,
  );
};
