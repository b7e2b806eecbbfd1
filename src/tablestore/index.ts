/**
 * The Tablestore (OTS) wire protocol, shared by the local Tablestore server (`src/emulators/tablestore/`) and the
 * Tablestore Stream client: protobuf messages, PlainBuffer rows, request/response signing and the error model.
 * Behaviour follows ../shared/spec/tablestore-protocol.md; section numbers in comments refer to it.
 *
 * This folder does no network I/O. A client call is: encode the request message, build signed headers, POST to
 * `<endpoint>/<Action>`, then decode the body (2xx) or turn it into a {@link TablestoreError} (otherwise).
 *
 * @example
 * ```ts
 * import { buildRequestHeaders, decodeErrorResponse, decodeRow, messages } from '../tablestore';
 *
 * const body = messages.GetStreamRecordRequest.encode({ shardIterator, limit: 100 });
 * const headers = buildRequestHeaders({ action: 'GetStreamRecord', body, instanceName, credentials });
 * const res = await fetch(`${endpoint}/GetStreamRecord`, { method: 'POST', headers, body });
 * const bytes = new Uint8Array(await res.arrayBuffer());
 * if (!res.ok) throw decodeErrorResponse({ httpStatus: res.status, body: bytes, requestId: res.headers.get('x-ots-requestid') ?? undefined });
 * const page = messages.GetStreamRecordResponse.decode(bytes);
 * for (const r of page.streamRecords) {
 *   const row = decodeRow(r.record); // primaryKey, attributes (with operation/timestamp), sequenceInfo
 * }
 * ```
 */

export {
  ALWAYS_RETRYABLE_ERROR_CODES,
  IDEMPOTENT_OPERATIONS,
  IDEMPOTENT_RETRYABLE_ERROR_CODES,
  TABLESTORE_ERROR_MESSAGES,
  TABLESTORE_ERROR_STATUS,
  httpStatusForCode,
  isAlwaysRetryable,
  isRetryableFor,
  type KnownTablestoreErrorCode,
  type TablestoreErrorCode,
} from './error-codes';
export {
  MessageCodecError,
  PlainBufferError,
  TablestoreError,
  type AccessDeniedDetail,
  type TablestoreErrorOptions,
} from './errors';
export { decodeErrorResponse, encodeErrorBody, type ErrorResponse } from './error-body';

export {
  canonicalOtsHeaders,
  contentMd5,
  headerValue,
  hmacSha1Base64,
  requestStringToSign,
  responseStringToSign,
  signRequest,
  signResponse,
  verifyRequestSignature,
  verifyResponseSignature,
  type HeaderMap,
} from './signing';
export {
  API_VERSION,
  OtsHeader,
  RESPONSE_CONTENT_TYPE,
  buildRequestHeaders,
  buildResponseHeaders,
  formatRequestDate,
  formatResponseDate,
  parseOtsDate,
  type Credentials,
  type RequestHeaderOptions,
  type ResponseHeaderOptions,
} from './headers';
export {
  MANDATORY_REQUEST_HEADERS,
  authenticateRequest,
  type AuthenticateRequestOptions,
  type AuthenticatedRequest,
} from './request-auth';

export { PROTO_DIR, createMessageCodec, tablestoreRoot, type MessageCodec } from './messages/codec';
export { OPERATIONS, messages, type MessageName, type OperationName } from './messages/registry';
export * from './messages/enums';
export type * from './messages/types-shared';
export type * from './messages/types-table';
export type * from './messages/types-row';
export type * from './messages/types-stream';
export type * from './messages/types-filter';

export { CellOp, HEADER as PLAIN_BUFFER_HEADER, Tag, ValueType } from './plain-buffer/constants';
export { crc8, crc8Byte, crc8Range } from './plain-buffer/crc8';
export { decodeRow, decodeRows } from './plain-buffer/decoder';
export { encodePrimaryKey, encodeRow, encodeRows } from './plain-buffer/encoder';
export { decodeValueBytes, encodeValueBytes, type PlainBufferValue } from './plain-buffer/values';
export {
  AUTO_INCREMENT,
  INF_MAX,
  INF_MIN,
  type AttributeCell,
  type AttributeValue,
  type CellOperation,
  type DecodedRow,
  type PlainBufferRow,
  type PrimaryKeyColumn,
  type PrimaryKeyValue,
  type SequenceInfo,
  type SpecialPrimaryKeyValue,
} from './plain-buffer/types';
