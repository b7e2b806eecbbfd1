/**
 * The Tablestore API operations this server answers, one handler each (model: jamhall/s3rver, lib/routes.js).
 * `dispatch` decodes the request message named by `OPERATIONS`, runs the handler and encodes its response.
 * Every other action, including real operations that this server does not implement (search, indexes,
 * transactions, ComputeSplitPointsBySize, ...), is answered "Unsupported operation: {Op}." (spec 2.2).
 */
import { messages, OPERATIONS, type MessageCodec, type OperationName } from '../../tablestore';
import { TablestoreServerError } from './errors';
import { batchGetRow } from './handlers/batch-get-row';
import { batchWriteRow } from './handlers/batch-write-row';
import type { Handler, HandlerContext } from './handlers/context';
import { createTable } from './handlers/create-table';
import { deleteRow } from './handlers/delete-row';
import { deleteTable } from './handlers/delete-table';
import { describeStream } from './handlers/describe-stream';
import { describeTable } from './handlers/describe-table';
import { getRange } from './handlers/get-range';
import { getRow } from './handlers/get-row';
import { getShardIterator } from './handlers/get-shard-iterator';
import { getStreamRecord } from './handlers/get-stream-record';
import { listStream } from './handlers/list-stream';
import { listTable } from './handlers/list-table';
import { putRow } from './handlers/put-row';
import { updateRow } from './handlers/update-row';
import { updateTable } from './handlers/update-table';

/* eslint-disable @typescript-eslint/no-explicit-any -- each handler is typed by its own messages; the table is not */
const HANDLERS: Record<OperationName, Handler<any, any>> = {
  CreateTable: createTable,
  UpdateTable: updateTable,
  DescribeTable: describeTable,
  ListTable: listTable,
  DeleteTable: deleteTable,
  PutRow: putRow,
  UpdateRow: updateRow,
  DeleteRow: deleteRow,
  GetRow: getRow,
  GetRange: getRange,
  BatchWriteRow: batchWriteRow,
  BatchGetRow: batchGetRow,
  ListStream: listStream,
  DescribeStream: describeStream,
  GetShardIterator: getShardIterator,
  GetStreamRecord: getStreamRecord,
};

/** Whether `action` (the URL's last path segment) is an operation this server answers. */
export function isSupportedOperation(action: string): action is OperationName {
  return Object.hasOwn(HANDLERS, action);
}

/**
 * Runs one API call: request body in, response body out.
 * @throws TablestoreError for every failure the response must report (malformed bodies are `OTSParameterInvalid`).
 */
export function dispatch(action: string, body: Uint8Array, context: HandlerContext): Uint8Array {
  if (!isSupportedOperation(action)) throw TablestoreServerError.unsupportedOperation(action);
  const names = OPERATIONS[action];
  const requestCodec = messages[names.request] as MessageCodec<unknown>;
  const responseCodec = messages[names.response] as MessageCodec<unknown>;
  const request = requestCodec.decode(body);
  const response = HANDLERS[action](request, context) as unknown;
  return responseCodec.encode(response);
}
