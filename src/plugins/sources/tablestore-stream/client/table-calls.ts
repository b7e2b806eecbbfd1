/**
 * Request/response mapping of the table-level calls the status table needs: GetRange, BatchWriteRow and CreateTable
 * (tablestore-protocol.md §5.2–5.4). The client methods in `client.ts` send them; this module states each
 * protocol rule once (absent vs empty next key, per-row results, PlainBuffer encodings).
 */
import {
  decodeRows,
  decodeRow,
  Direction,
  encodePrimaryKey,
  encodeRow,
  OperationType,
  PrimaryKeyType,
  TablestoreError,
  type BatchWriteRowRequest,
  type BatchWriteRowResponse,
  type CreateTableRequest,
  type GetRangeRequest as GetRangeMessage,
  type GetRangeResponse,
  type PrimaryKeyColumn,
  type RowInBatchWriteRowRequest,
} from '../../../../tablestore';
import { encodeCondition, NO_CONDITION, type RowCondition } from './conditions';
import { TablestoreClientOptionError } from './errors';
import { checkPositiveInt32, toPutAttribute, toUpdateAttribute, type PutCell, type UpdateCell } from './rows';
import type { PrimaryKeyTypeName, TableRow } from './types';

/** Most rows one BatchWriteRow may carry (tablestore-protocol.md §5.4). */
export const MAX_BATCH_WRITE_ROWS = 200;

/** A GetRange request: rows with `inclusiveStartPrimaryKey` ≤ key < `exclusiveEndPrimaryKey` (reversed for BACKWARD). */
export interface GetRangeRequest {
  tableName: string;
  /** Every primary-key column; `INF_MIN`/`INF_MAX` allowed. */
  inclusiveStartPrimaryKey: PrimaryKeyColumn[];
  exclusiveEndPrimaryKey: PrimaryKeyColumn[];
  /** @default 'FORWARD' */
  direction?: 'FORWARD' | 'BACKWARD';
  /** Rows per page, 1..2^31-1. @default the service's page size (5000) */
  limit?: number;
  columnsToGet?: string[];
  /** @default 1 */
  maxVersions?: number;
}

/** One page of GetRange. */
export interface RangePage {
  rows: TableRow[];
  /** Where the next page starts; absent once the range is exhausted. */
  nextStartPrimaryKey?: PrimaryKeyColumn[];
}

/** One row change of BatchWriteRow. */
export type BatchRowChange =
  | { type: 'PUT'; primaryKey: PrimaryKeyColumn[]; attributes?: PutCell[]; condition?: RowCondition }
  | { type: 'UPDATE'; primaryKey: PrimaryKeyColumn[]; cells: UpdateCell[]; condition?: RowCondition }
  | { type: 'DELETE'; primaryKey: PrimaryKeyColumn[]; condition?: RowCondition };

/** Outcome of one row of BatchWriteRow, in request order. */
export type BatchRowResult = { ok: true } | { ok: false; error: TablestoreError };

/** A table to create: key schema and the options the service requires. */
export interface CreateTableSpec {
  tableName: string;
  primaryKey: Array<{ name: string; type: PrimaryKeyTypeName }>;
  /** Seconds; -1 keeps data forever. */
  timeToLive: number;
  maxVersions: number;
  /** @default 0 */
  reservedRead?: number;
  /** @default 0 */
  reservedWrite?: number;
  /** A stream on the new table (data tables); status tables have none. */
  stream?: { expirationTimeHours: number };
}

/** The protobuf request of {@link GetRangeRequest}. */
export function toGetRangeMessage(request: GetRangeRequest): GetRangeMessage {
  if (request.limit !== undefined) checkPositiveInt32('limit', request.limit);
  const maxVersions = request.maxVersions ?? 1;
  checkPositiveInt32('maxVersions', maxVersions);
  return {
    tableName: request.tableName,
    direction: request.direction === 'BACKWARD' ? Direction.BACKWARD : Direction.FORWARD,
    maxVersions,
    inclusiveStartPrimaryKey: encodePrimaryKey(request.inclusiveStartPrimaryKey),
    exclusiveEndPrimaryKey: encodePrimaryKey(request.exclusiveEndPrimaryKey),
    ...(request.limit === undefined ? {} : { limit: request.limit }),
    ...(request.columnsToGet === undefined ? {} : { columnsToGet: request.columnsToGet }),
  };
}

/** The page of a GetRange response; an empty `next_start_primary_key` ends the range like an absent one. */
export function toRangePage(response: GetRangeResponse): RangePage {
  const page: RangePage = {
    rows: decodeRows(response.rows).map((row) => ({ primaryKey: row.primaryKey, attributes: row.attributes })),
  };
  if (response.nextStartPrimaryKey !== undefined && response.nextStartPrimaryKey.length > 0) {
    page.nextStartPrimaryKey = decodeRow(response.nextStartPrimaryKey).primaryKey;
  }
  return page;
}

/**
 * The protobuf request of a BatchWriteRow on one table.
 * @throws TablestoreClientOptionError when there are no rows, more than {@link MAX_BATCH_WRITE_ROWS}, or an UPDATE
 *   without cells.
 */
export function toBatchWriteMessage(tableName: string, rows: readonly BatchRowChange[]): BatchWriteRowRequest {
  if (rows.length === 0 || rows.length > MAX_BATCH_WRITE_ROWS) {
    throw new TablestoreClientOptionError('rows', `BatchWriteRow takes 1 to ${MAX_BATCH_WRITE_ROWS} rows.`);
  }
  return { tables: [{ tableName, rows: rows.map(toBatchRow) }] };
}

function toBatchRow(change: BatchRowChange): RowInBatchWriteRowRequest {
  const condition = encodeCondition(change.condition ?? NO_CONDITION);
  switch (change.type) {
    case 'PUT':
      return {
        type: OperationType.PUT,
        rowChange: encodeRow({
          primaryKey: change.primaryKey,
          attributes: (change.attributes ?? []).map(toPutAttribute),
        }),
        condition,
      };
    case 'UPDATE':
      if (change.cells.length === 0)
        throw new TablestoreClientOptionError('cells', 'UpdateRow needs at least one cell.');
      return {
        type: OperationType.UPDATE,
        rowChange: encodeRow({ primaryKey: change.primaryKey, attributes: change.cells.map(toUpdateAttribute) }),
        condition,
      };
    case 'DELETE':
      return {
        type: OperationType.DELETE,
        rowChange: encodePrimaryKey(change.primaryKey, { deleteMarker: true }),
        condition,
      };
  }
}

/**
 * Per-row outcomes of a BatchWriteRow response, in request order. A row the response does not answer counts as
 * failed (`OTSClientUnknownError`), so that nothing counts as written unless the service said so.
 */
export function toBatchRowResults(response: BatchWriteRowResponse, expected: number): BatchRowResult[] {
  const rows = response.tables[0]?.rows ?? [];
  const out: BatchRowResult[] = [];
  for (let i = 0; i < expected; i++) {
    const row = rows[i];
    if (row?.isOk) out.push({ ok: true });
    else {
      const code = row?.error?.code ?? 'OTSClientUnknownError';
      const message = row?.error?.message ?? 'The BatchWriteRow response has no result for this row.';
      out.push({ ok: false, error: new TablestoreError(code, message) });
    }
  }
  return out;
}

/** The protobuf request of {@link CreateTableSpec}. */
export function toCreateTableMessage(spec: CreateTableSpec): CreateTableRequest {
  return {
    tableMeta: {
      tableName: spec.tableName,
      primaryKey: spec.primaryKey.map((c) => ({ name: c.name, type: PrimaryKeyType[c.type] })),
    },
    reservedThroughput: { capacityUnit: { read: spec.reservedRead ?? 0, write: spec.reservedWrite ?? 0 } },
    tableOptions: { timeToLive: spec.timeToLive, maxVersions: spec.maxVersions },
    ...(spec.stream ? { streamSpec: { enableStream: true, expirationTime: spec.stream.expirationTimeHours } } : {}),
  };
}
