/**
 * UpdateRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/updaterow
 *
 * Supported: put a version, delete one version, delete all versions, atomic INCREMENT (recorded in the stream as a
 * put of the result, spec 4.8), conditions, return content; creates the row if absent. One UPDATE_ROW stream record
 * per success. Not supported: local transactions.
 */
import type { UpdateRowRequest, UpdateRowResponse } from '../../../tablestore';
import { writeRow } from '../store/write';
import type { Handler } from './context';
import { optionalReturn } from './put-row';
import { rejectUnsupported } from './row-guards';

export const updateRow: Handler<UpdateRowRequest, UpdateRowResponse> = (request, { instance, nowMs, nowUs }) => {
  rejectUnsupported(request);
  const table = instance.table(request.tableName);
  return writeRow(
    instance,
    table,
    {
      kind: 'update',
      rowBytes: request.rowChange,
      condition: request.condition,
      ...optionalReturn(request.returnContent),
    },
    nowMs,
    nowUs,
  );
};
