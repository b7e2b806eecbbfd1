/**
 * Errors the Tablestore Stream client raises itself. Errors the service reports arrive as
 * {@link TablestoreError} (from `src/tablestore`), with the service's code; these classes cover what happens around
 * them: the request never got an answer, the answer cannot be trusted, or a record cannot be decoded.
 * No message ever contains the AccessKey secret, a signature or request headers.
 */
import { OtsyncError } from '../../../../common/errors';

/**
 * Thrown when a request got no HTTP response: connection refused or reset, the socket closed mid-response, DNS
 * failure, or a timeout (`timedOut`). Thrown after the retries allowed for the operation are used up.
 */
export class TablestoreNetworkError extends OtsyncError {
  /** Low-level error code such as `ECONNRESET`, when Node gave one. */
  readonly errorCode: string | undefined;
  /** True when the client gave up waiting (connect or request timeout). */
  readonly timedOut: boolean;
  /** True when the request certainly never reached the server (connection refused, DNS failure). */
  readonly notSent: boolean;
  /** Attempts made, the failed one included; set by the retry loop. */
  attempts: number;

  constructor(
    /** API name, e.g. `GetStreamRecord`. */
    readonly operation: string,
    /** Endpoint the request went to (no credentials are part of it). */
    readonly endpoint: string,
    message: string,
    options: {
      errorCode?: string;
      timedOut?: boolean;
      notSent?: boolean;
      attempts?: number;
      cause?: unknown;
    } = {},
  ) {
    super(`${operation} to ${endpoint} failed: ${message}`, {
      hint: 'Check that the Tablestore endpoint is reachable from this host.',
      cause: options.cause,
    });
    this.errorCode = options.errorCode;
    this.timedOut = options.timedOut ?? false;
    this.notSent = options.notSent ?? false;
    this.attempts = options.attempts ?? 1;
  }
}

/**
 * Thrown when a response fails validation: its `authorization` signature or its `x-ots-contentmd5` does not
 * match, or a success response lacks the headers the Java SDK requires. Means a wrong AccessKey secret on either
 * side, or a proxy altering traffic. Never retried: both causes are permanent.
 */
export class TablestoreResponseError extends OtsyncError {
  constructor(
    readonly operation: string,
    message: string,
    /** `x-ots-requestid` of the response, when present. */
    readonly requestId: string | undefined,
  ) {
    super(`${operation}: ${message}`, {
      hint: 'Check the AccessKey pair, and that no proxy rewrites traffic to the Tablestore endpoint.',
    });
  }
}

/**
 * Thrown when a GetStreamRecord response holds a record the client cannot decode (broken PlainBuffer, a checksum
 * mismatch, a cell shape the Java SDK rejects, missing sequence info). The whole page is rejected, so the caller's
 * checkpoint never moves past an unread record.
 */
export class StreamRecordDecodeError extends OtsyncError {
  constructor(
    /** Position of the record in the page (0-based). */
    readonly recordIndex: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Stream record ${recordIndex} cannot be decoded: ${message}`, { cause: options.cause });
  }
}

/**
 * Thrown when the service's answers break the protocol's contracts in a way that would make the client loop or
 * lose data, e.g. DescribeStream paging that returns to a page already read.
 */
export class StreamProtocolError extends OtsyncError {
  constructor(
    readonly operation: string,
    message: string,
  ) {
    super(`${operation}: ${message}`);
  }
}

/**
 * Thrown synchronously by the client's constructor or before a call is sent when an option or argument is invalid
 * (an endpoint with a path, a `limit` of 0, ...). Names the option so the message points at the fix.
 */
export class TablestoreClientOptionError extends OtsyncError {
  constructor(
    /** Dotted name of the option or argument, e.g. `retry.maxRetries`. */
    readonly option: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Invalid Tablestore client option '${option}': ${message}`, { cause: options.cause });
  }
}
