/**
 * Errors of the Tablestore protocol layer. Every class is a {@link TablestoreError}, so a server can answer any of
 * them with `error.code` and `error.httpStatus`, and a client can branch on `error.code` alone.
 */
import { OtsyncError } from '../common/errors';
import { httpStatusForCode, isAlwaysRetryable, isRetryableFor, type TablestoreErrorCode } from './error-codes';

/** RAM permission details the Java schema attaches to `OTSNoPermissionAccess` (`Error.access_denied_detail`). */
export interface AccessDeniedDetail {
  authAction: string;
  authPrincipalType: string;
  authPrincipalOwnerId: string;
  authPrincipalDisplayName: string;
  policyType: string;
  noPermissionType: string;
  encodedDiagnosticMessage?: string;
}

/** Options of {@link TablestoreError}. */
export interface TablestoreErrorOptions {
  /** HTTP status of the response. @default the status the service uses for `code` (500 for unknown codes) */
  httpStatus?: number;
  /** `x-ots-requestid` of the response that carried the error, when there was one. */
  requestId?: string;
  accessDeniedDetail?: AccessDeniedDetail;
  hint?: string;
  cause?: unknown;
}

/**
 * An error as the Tablestore service reports it: a code such as `OTSServerBusy`, the service's message, and the
 * HTTP status. Thrown by the stream client for every error response (decoded from the protobuf `Error` body), and
 * thrown by the emulator's request handling to be encoded back into one.
 *
 * `message` is the service's message verbatim (it is what goes on the wire); it never contains secrets.
 */
export class TablestoreError extends OtsyncError {
  readonly code: TablestoreErrorCode;
  readonly httpStatus: number;
  readonly requestId: string | undefined;
  readonly accessDeniedDetail: AccessDeniedDetail | undefined;
  /**
   * Whether the official SDKs retry this error for every operation, writes included (spec 2.4). Errors that are
   * retryable only for idempotent reads are reported by {@link TablestoreError.isRetryableFor}.
   */
  readonly retryable: boolean;

  constructor(code: TablestoreErrorCode, message: string, options: TablestoreErrorOptions = {}) {
    super(message, { hint: options.hint, cause: options.cause });
    this.code = code;
    this.httpStatus = options.httpStatus ?? httpStatusForCode(code);
    this.requestId = options.requestId;
    this.accessDeniedDetail = options.accessDeniedDetail;
    this.retryable = isAlwaysRetryable(code, message);
  }

  /** Whether this error may be retried when it answered `operation` (an API name such as `GetStreamRecord`). */
  isRetryableFor(operation: string): boolean {
    return isRetryableFor(this, operation);
  }
}

/**
 * Thrown when PlainBuffer bytes cannot be decoded (truncated, unknown tag or type, checksum mismatch) or a row
 * given to the encoder breaks the format's rules. Carries the service's code for a malformed row,
 * `OTSParameterInvalid` (HTTP 400), so the emulator can answer with it unchanged.
 */
export class PlainBufferError extends TablestoreError {
  /** Byte offset in the decoded buffer where the problem was found; undefined for encoder errors. */
  readonly offset: number | undefined;

  constructor(message: string, options: { offset?: number; cause?: unknown } = {}) {
    super('OTSParameterInvalid', message, { cause: options.cause });
    this.offset = options.offset;
  }
}

/**
 * Thrown when a protobuf body cannot be decoded as the expected message (truncated, wrong wire type, missing
 * required field) or a message given to the encoder lacks a required field. The code is `OTSParameterInvalid`
 * (HTTP 400), what the emulator answers for a malformed request body (the service's wording is UNCONFIRMED).
 * A client that meets it on a response is looking at a broken server or proxy.
 */
export class MessageCodecError extends TablestoreError {
  constructor(
    readonly messageType: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('OTSParameterInvalid', message, { cause: options.cause });
  }
}
