/**
 * GetRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/getrow
 *
 * Supported: columns to get (attribute or key names), max versions, time range, filters (single and composite
 * column value). Cells come sorted by name, versions newest first. An absent row is empty bytes.
 * Not supported: start/end column, token (wide-row paging), local transactions.
 */
import { decodeRow, encodeRow, type GetRowRequest, type GetRowResponse } from '../../../tablestore';
import { compileFilter } from '../store/filter';
import { checkPrimaryKey } from '../store/primary-key';
import { projectRow, readSelection, type ReadSelection } from '../store/read';
import type { Handler } from './context';
import { rejectUnsupported } from './row-guards';

export const getRow: Handler<GetRowRequest, GetRowResponse> = (request, { instance, nowMs }) => {
  rejectUnsupported(request);
  const table = instance.table(request.tableName);
  const key = decodeRow(request.primaryKey);
  checkPrimaryKey(table.definition.primaryKey, key.primaryKey, 'point');
  const selection: ReadSelection = readSelection(request);
  if (request.filter !== undefined && request.filter.length > 0) selection.filter = compileFilter(request.filter);
  const stored = table.find(key.primaryKey);
  const options = table.definition.options;
  const row =
    stored === undefined
      ? undefined
      : projectRow(stored, selection, { ttlSeconds: options.timeToLive, maxVersions: options.maxVersions }, nowMs);
  const bytes = row === undefined ? Buffer.alloc(0) : encodeRow(row);
  return {
    consumed: { capacityUnit: { read: Math.max(1, Math.ceil(bytes.length / 4096)), write: 0 } },
    row: bytes,
  };
};
