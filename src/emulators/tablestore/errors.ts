/**
 * The local Tablestore server's one error class. It is a {@link TablestoreError}, so it carries the service's code
 * and HTTP status (the table in `src/tablestore/error-codes.ts`) and encodes itself as the protobuf `Error` body the
 * real service sends. Anything else thrown while serving a request becomes a generic `OTSInternalServerError`.
 * Model: jamhall/s3rver, lib/models/error.js.
 */
import {
  encodeErrorBody,
  TABLESTORE_ERROR_MESSAGES,
  TablestoreError,
  type TablestoreErrorCode,
} from '../../tablestore';

/**
 * Thrown by handlers and the store when a request must fail the way the real service fails it. `details` is for
 * logs and tests only; it never goes on the wire (the service sends code and message alone).
 */
export class TablestoreServerError extends TablestoreError {
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: TablestoreErrorCode, message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(code, message, cause === undefined ? {} : { cause });
    this.details = details;
  }

  /** 400 `OTSParameterInvalid`, the service's answer to most malformed requests. */
  static invalid(message: string, details?: Record<string, unknown>): TablestoreServerError {
    return new TablestoreServerError('OTSParameterInvalid', message, details);
  }

  /** 404 `OTSObjectNotExist` for a table that does not exist. */
  static tableNotExist(tableName: string): TablestoreServerError {
    return new TablestoreServerError('OTSObjectNotExist', TABLESTORE_ERROR_MESSAGES.tableNotExist, { tableName });
  }

  /** 403 `OTSConditionCheckFail`: a row-existence expectation or column condition did not hold. */
  static conditionFailed(details?: Record<string, unknown>): TablestoreServerError {
    return new TablestoreServerError('OTSConditionCheckFail', TABLESTORE_ERROR_MESSAGES.conditionCheckFail, details);
  }

  /** An API the real service has but this server does not implement: said plainly, never a silent success. */
  static unsupportedOperation(operation: string): TablestoreServerError {
    return new TablestoreServerError('OTSParameterInvalid', `Unsupported operation: ${operation}.`, { operation });
  }

  /** 400 `OTSTrimmedDataAccess`: a stream position outside the retention window (status UNCONFIRMED, spec 2.3). */
  static trimmed(details?: Record<string, unknown>): TablestoreServerError {
    return new TablestoreServerError('OTSTrimmedDataAccess', TABLESTORE_ERROR_MESSAGES.trimmedDataAccess, details);
  }
}

/**
 * Any thrown value as the error the response reports: Tablestore errors (including PlainBuffer and protobuf decode
 * errors, which already carry `OTSParameterInvalid`) pass through, anything else is a generic internal error whose
 * message reveals nothing about the server.
 */
export function toServiceError(err: unknown): TablestoreError {
  if (err instanceof TablestoreError) return err;
  return new TablestoreServerError('OTSInternalServerError', TABLESTORE_ERROR_MESSAGES.internalServerError, {}, err);
}

/** The body and status of an error response. */
export function encodeServiceError(err: TablestoreError): { status: number; body: Uint8Array } {
  return { status: err.httpStatus, body: encodeErrorBody(err) };
}
