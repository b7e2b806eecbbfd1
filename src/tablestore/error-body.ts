/**
 * The protobuf `Error` body of Tablestore error responses (spec 2.1), both ways: the emulator encodes a
 * {@link TablestoreError} into it, the client decodes a response into one. Kept apart from `errors.ts` so that the
 * message codecs, which throw those errors, do not form an import cycle with it.
 */
import { TablestoreError } from './errors';
import { messages } from './messages/registry';

/**
 * Serializes `error` as the body of an error response. The message is always written: the Go SDK and the batch
 * row results expect both `code` and `message` (spec 1.8).
 */
export function encodeErrorBody(error: Pick<TablestoreError, 'code' | 'message' | 'accessDeniedDetail'>): Uint8Array {
  return messages.Error.encode({
    code: error.code,
    message: error.message,
    ...(error.accessDeniedDetail === undefined ? {} : { accessDeniedDetail: error.accessDeniedDetail }),
  });
}

/** What {@link decodeErrorResponse} needs from an HTTP response. */
export interface ErrorResponse {
  httpStatus: number;
  body: Uint8Array;
  /** `x-ots-requestid` header, when present. */
  requestId?: string;
}

/**
 * Turns a non-2xx response into a {@link TablestoreError}. A body that is not a protobuf `Error` (a proxy's HTML
 * page, an empty 502) becomes `OTSServerUnavailable` for 5xx statuses and `OTSClientUnknownError` otherwise, as the
 * Go SDK does, so 5xx stays retryable and nothing else is guessed.
 */
export function decodeErrorResponse(response: ErrorResponse): TablestoreError {
  const { httpStatus, body, requestId } = response;
  const base = { httpStatus, ...(requestId === undefined ? {} : { requestId }) };
  let decoded;
  try {
    decoded = body.length === 0 ? undefined : messages.Error.decode(body);
  } catch (err) {
    return unparseable(httpStatus, base, err);
  }
  if (decoded === undefined || decoded.code === '') return unparseable(httpStatus, base, undefined);
  return new TablestoreError(decoded.code, decoded.message ?? '', {
    ...base,
    ...(decoded.accessDeniedDetail === undefined ? {} : { accessDeniedDetail: decoded.accessDeniedDetail }),
  });
}

function unparseable(httpStatus: number, base: { httpStatus: number; requestId?: string }, cause: unknown) {
  const code = httpStatus >= 500 ? 'OTSServerUnavailable' : 'OTSClientUnknownError';
  return new TablestoreError(code, `HTTP ${httpStatus} response without a Tablestore error body.`, {
    ...base,
    cause,
  });
}
