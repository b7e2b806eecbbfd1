/**
 * BatchWriteRow — https://www.alibabacloud.com/help/en/tablestore/developer-reference/batchwriterow
 *
 * Supported: PUT/UPDATE/DELETE rows over one or more tables, ≤ 200 rows, applied in request order with
 * independent per-row results (HTTP 200 with `is_ok=false` rows, each with code and message, spec 2.5); the same
 * row more than once only with IGNORE and no column condition (spec 5.4). A missing table fails its rows, not the
 * request (UNCONFIRMED). Not supported: atomic batches and local transactions.
 */
import {
  decodeRow,
  OperationType,
  RowExistenceExpectation,
  type BatchWriteRowRequest,
  type BatchWriteRowResponse,
  type RowInBatchWriteRowResponse,
} from '../../../tablestore';
import { toServiceError, TablestoreServerError } from '../errors';
import { primaryKeyString } from '../store/primary-key';
import { writeRow, type WriteKind } from '../store/write';
import type { Handler } from './context';
import { optionalReturn } from './put-row';

const MAX_ROWS = 200;
const KINDS: Record<number, WriteKind> = {
  [OperationType.PUT]: 'put',
  [OperationType.UPDATE]: 'update',
  [OperationType.DELETE]: 'delete',
};

export const batchWriteRow: Handler<BatchWriteRowRequest, BatchWriteRowResponse> = (request, context) => {
  const { instance, nowMs, nowUs } = context;
  if (request.isAtomic || request.transactionId) {
    throw TablestoreServerError.invalid(
      'Unsupported feature: atomic batches and local transactions are not supported by this server.',
    );
  }
  const total = request.tables.reduce((n, t) => n + t.rows.length, 0);
  if (total === 0) throw TablestoreServerError.invalid('No row is specified in BatchWriteRow.');
  if (total > MAX_ROWS) {
    throw TablestoreServerError.invalid(`Rows count exceeds the upper limit: ${MAX_ROWS}.`);
  }
  checkRepeatedRows(request);
  return {
    tables: request.tables.map((t) => ({
      tableName: t.tableName,
      rows: t.rows.map((r): RowInBatchWriteRowResponse => {
        try {
          const kind = KINDS[r.type];
          if (kind === undefined) throw TablestoreServerError.invalid(`Invalid operation type: ${String(r.type)}.`);
          const table = instance.table(t.tableName);
          const result = writeRow(
            instance,
            table,
            { kind, rowBytes: r.rowChange, condition: r.condition, ...optionalReturn(r.returnContent) },
            nowMs,
            nowUs,
          );
          return { isOk: true, consumed: result.consumed, ...(result.row === undefined ? {} : { row: result.row }) };
        } catch (err) {
          const e = toServiceError(err);
          // An unexpected failure fails the whole request: the batch may be half applied and the client must know.
          if (e.code === 'OTSInternalServerError') throw err;
          return { isOk: false, error: { code: e.code, message: e.message } };
        }
      }),
    })),
  };
};

/**
 * @throws TablestoreServerError `OTSParameterInvalid` when a row appears twice and one of its writes has a
 *   row-existence expectation or a column condition.
 */
function checkRepeatedRows(request: BatchWriteRowRequest): void {
  const seen = new Map<string, boolean>();
  for (const t of request.tables) {
    for (const r of t.rows) {
      let key: string;
      try {
        key = `${t.tableName}\u0001${primaryKeyString(decodeRow(r.rowChange).primaryKey)}`;
      } catch {
        continue; // the row fails on its own below
      }
      const conditional =
        r.condition.rowExistence !== RowExistenceExpectation.IGNORE || (r.condition.columnCondition?.length ?? 0) > 0;
      const before = seen.get(key);
      if (before !== undefined && (before || conditional)) {
        throw TablestoreServerError.invalid('Repeated rows do not support row exist expectation check in BatchModify.');
      }
      seen.set(key, (before ?? false) || conditional);
    }
  }
}
