/**
 * GetRange — https://www.alibabacloud.com/help/en/tablestore/developer-reference/getrange
 *
 * Supported: FORWARD and BACKWARD, INF_MIN/INF_MAX in any bound column, limit, columns to get, max versions, time
 * range, filters. A page ends at `limit` rows, 5000 rows or ~4 MB; `next_start_primary_key` is the key of the next
 * row in range and is absent once the range is exhausted (spec 5.4). Always answers in PlainBuffer.
 * Not supported: start/end column, token, local transactions.
 */
import {
  decodeRow,
  Direction,
  encodePrimaryKey,
  encodeRows,
  type GetRangeRequest,
  type GetRangeResponse,
  type PlainBufferRow,
  type PrimaryKeyColumn,
} from '../../../tablestore';
import { TablestoreServerError } from '../errors';
import { compileFilter } from '../store/filter';
import { checkPrimaryKey, comparePrimaryKeys } from '../store/primary-key';
import { projectRow, readSelection, type ReadSelection } from '../store/read';
import type { StoredRow } from '../store/table';
import type { Handler } from './context';
import { rejectUnsupported } from './row-guards';

const MAX_ROWS = 5000;
const MAX_BYTES = 4 * 1024 * 1024;

export const getRange: Handler<GetRangeRequest, GetRangeResponse> = (request, { instance, nowMs }) => {
  rejectUnsupported(request);
  const table = instance.table(request.tableName);
  const schema = table.definition.primaryKey;
  const start = decodeRow(request.inclusiveStartPrimaryKey).primaryKey;
  const end = decodeRow(request.exclusiveEndPrimaryKey).primaryKey;
  checkPrimaryKey(schema, start, 'range');
  checkPrimaryKey(schema, end, 'range');
  const forward = request.direction === Direction.FORWARD;
  if (!forward && request.direction !== Direction.BACKWARD) {
    throw TablestoreServerError.invalid(`Invalid direction: ${String(request.direction)}.`);
  }
  const order = comparePrimaryKeys(start, end);
  if (forward && order >= 0) throw TablestoreServerError.invalid('Begin key must less than end key in FORWARD.');
  if (!forward && order <= 0) throw TablestoreServerError.invalid('Begin key must more than end key in BACKWARD.');
  if (request.limit !== undefined && request.limit <= 0) {
    throw TablestoreServerError.invalid(`Invalid limit: ${request.limit}, it must be greater than 0.`);
  }
  const limit = Math.min(request.limit ?? MAX_ROWS, MAX_ROWS);
  const selection: ReadSelection = readSelection(request);
  if (request.filter !== undefined && request.filter.length > 0) selection.filter = compileFilter(request.filter);
  const options = table.definition.options;
  const tableLimits = { ttlSeconds: options.timeToLive, maxVersions: options.maxVersions };

  const rows = table.rows;
  const inRange = (r: StoredRow) =>
    forward ? comparePrimaryKeys(r.primaryKey, end) < 0 : comparePrimaryKeys(r.primaryKey, end) > 0;
  let i = forward ? table.lowerBound(start) : table.lowerBound(start, true) - 1;
  const step = forward ? 1 : -1;
  const out: PlainBufferRow[] = [];
  let bytes = 0;
  let scanned = 0;
  let next: PrimaryKeyColumn[] | undefined;
  for (; i >= 0 && i < rows.length; i += step) {
    const stored = rows[i] as StoredRow;
    if (!inRange(stored)) break;
    if (out.length >= limit || bytes >= MAX_BYTES || scanned >= MAX_ROWS) {
      next = stored.primaryKey;
      break;
    }
    scanned++;
    const row = projectRow(stored, selection, tableLimits, nowMs);
    if (row === undefined) continue;
    out.push(row);
    bytes += estimateSize(row);
  }
  const encoded = encodeRows(out);
  const response: GetRangeResponse = {
    consumed: { capacityUnit: { read: Math.max(1, Math.ceil(encoded.length / 4096)), write: 0 } },
    rows: encoded,
    dataBlockType: 0,
    compressType: 0,
  };
  if (next !== undefined) response.nextStartPrimaryKey = encodePrimaryKey(next);
  return response;
};

function estimateSize(row: PlainBufferRow): number {
  let size = 16;
  for (const c of [...row.primaryKey, ...(row.attributes ?? [])]) {
    const v = c.value;
    size += c.name.length + 16 + (typeof v === 'string' ? v.length * 3 : v instanceof Uint8Array ? v.length : 8);
  }
  return size;
}
