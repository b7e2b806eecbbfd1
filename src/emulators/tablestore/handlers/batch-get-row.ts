/**
 * BatchGetRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/batchgetrow
 *
 * Supported: several tables, ≤ 100 rows, per-table columns to get, max versions, time range and filter; results in
 * request order (the Go and npm SDKs match them by position); the same row twice is fine (spec 5.4). A row that
 * fails (missing table, bad key) gets `is_ok=false` with code and message. Not supported: start/end column, token.
 */
import {
  decodeRow,
  encodeRow,
  type BatchGetRowRequest,
  type BatchGetRowResponse,
  type RowInBatchGetRowResponse,
} from '../../../tablestore';
import { toServiceError, TablestoreServerError } from '../errors';
import { compileFilter } from '../store/filter';
import { checkPrimaryKey } from '../store/primary-key';
import { projectRow, readSelection, type ReadSelection } from '../store/read';
import type { Handler } from './context';
import { rejectUnsupported } from './row-guards';

const MAX_ROWS = 100;

export const batchGetRow: Handler<BatchGetRowRequest, BatchGetRowResponse> = (request, { instance, nowMs }) => {
  const total = request.tables.reduce((n, t) => n + t.primaryKey.length, 0);
  if (total === 0) throw TablestoreServerError.invalid('No row specified in the request of BatchGetRow.');
  if (total > MAX_ROWS) throw TablestoreServerError.invalid(`Rows count exceeds the upper limit: ${MAX_ROWS}.`);
  return {
    tables: request.tables.map((t) => {
      rejectUnsupported({
        ...(t.startColumn === undefined ? {} : { startColumn: t.startColumn }),
        ...(t.endColumn === undefined ? {} : { endColumn: t.endColumn }),
      });
      if (t.token?.some((x) => x.length > 0)) rejectUnsupported({ token: Buffer.from([1]) });
      const selection: ReadSelection = readSelection(t);
      if (t.filter !== undefined && t.filter.length > 0) selection.filter = compileFilter(t.filter);
      return {
        tableName: t.tableName,
        rows: t.primaryKey.map((keyBytes): RowInBatchGetRowResponse => {
          try {
            const table = instance.table(t.tableName);
            const key = decodeRow(keyBytes);
            checkPrimaryKey(table.definition.primaryKey, key.primaryKey, 'point');
            const stored = table.find(key.primaryKey);
            const o = table.definition.options;
            const row =
              stored === undefined
                ? undefined
                : projectRow(stored, selection, { ttlSeconds: o.timeToLive, maxVersions: o.maxVersions }, nowMs);
            const bytes = row === undefined ? Buffer.alloc(0) : encodeRow(row);
            return {
              isOk: true,
              consumed: { capacityUnit: { read: Math.max(1, Math.ceil(bytes.length / 4096)), write: 0 } },
              row: bytes,
            };
          } catch (err) {
            const e = toServiceError(err);
            if (e.code === 'OTSInternalServerError') throw err;
            return { isOk: false, error: { code: e.code, message: e.message } };
          }
        }),
      };
    }),
  };
};
