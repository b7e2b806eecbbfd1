/**
 * The local MaxCompute server's one error class: an ODPS error code with its HTTP status and message, encoded the
 * way the real service encodes it: an `<Error>` XML document (Code, Message, RequestId, HostId) for the REST API
 * under `/api` (spec 3.7), a JSON object (Code, Message, RequestId) for the Tunnel (spec 4). Anything else thrown
 * while serving becomes a generic `InternalServerError`. Model: jamhall/s3rver, lib/models/error.js.
 */

interface CodeInfo {
  status: number;
  message: string;
}

/**
 * Every code this server answers, with its HTTP status. The spec marks most tunnel statuses unconfirmed (9): 404 for
 * `NoSuch*`, 409 for status conflicts, 401/403 for authentication, 400 for the rest.
 */
export const MAXCOMPUTE_ERROR_CODES = {
  AuthorizationRequired: { status: 401, message: 'The request authorization header is invalid or missing.' },
  Unauthorized: { status: 401, message: 'The request authorization header is invalid or missing.' },
  SignatureNotMatch: { status: 403, message: 'The request signature does not match.' },
  InvalidAccessKeyId: { status: 403, message: 'The AccessKeyId you provided does not exist.' },
  NoSuchObject: { status: 404, message: 'The specified object does not exist.' },
  NoSuchProject: { status: 404, message: 'The specified project does not exist.' },
  NoSuchTable: { status: 404, message: 'The specified table does not exist.' },
  NoSuchPartition: { status: 404, message: 'The specified partition does not exist.' },
  NoSuchInstance: { status: 404, message: 'The specified instance does not exist.' },
  NoSuchUpload: { status: 404, message: 'The specified upload session does not exist.' },
  NoSuchDownload: { status: 404, message: 'The specified download session does not exist.' },
  InvalidPartitionSpec: { status: 400, message: 'The specified partition spec is not valid.' },
  MissingPartitionSpec: { status: 400, message: 'You need to specify a partition spec for a partitioned table.' },
  InvalidBlockID: { status: 400, message: 'The specified block id is not valid.' },
  MalformedDataStream: { status: 400, message: 'The data stream you provided was not well-formed.' },
  CorruptedDataStream: { status: 400, message: 'The data stream you provided is corrupted.' },
  IncompleteBody: { status: 400, message: 'The request body is shorter than its Content-Length.' },
  InvalidRowRange: { status: 400, message: 'The specified row range is not valid.' },
  InvalidColumnSpec: { status: 400, message: 'The specified column spec is not valid.' },
  InvalidParameter: { status: 400, message: 'A parameter of the request is not valid.' },
  MalformedXML: { status: 400, message: 'The XML you provided was not well-formed.' },
  StatusConflict: {
    status: 409,
    message: 'You cannot complete the specified operation under the current upload or download status.',
  },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  NotImplemented: { status: 501, message: 'This operation is not implemented by the local MaxCompute server.' },
  ServiceUnavailable: { status: 503, message: 'The service is temporarily unavailable.' },
  InternalServerError: { status: 500, message: 'Service internal error, please try again later.' },
} as const satisfies Record<string, CodeInfo>;

export type MaxComputeErrorCode = keyof typeof MAXCOMPUTE_ERROR_CODES;

export interface MaxComputeServerErrorOptions {
  /** Replaces the code's default message. */
  message?: string;
  /** Overrides the code's HTTP status (fault injection only). */
  status?: number;
  cause?: unknown;
}

/**
 * Thrown by handlers, the store, the SQL runner and the authenticator when a request must fail the way the real
 * service fails it; {@link MaxComputeServer.sql} throws it too (the message then starts with an `ODPS-` code).
 */
export class MaxComputeServerError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: MaxComputeErrorCode, options: MaxComputeServerErrorOptions = {}) {
    const info: CodeInfo = MAXCOMPUTE_ERROR_CODES[code];
    super(options.message ?? info.message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'MaxComputeServerError';
    this.code = code;
    this.status = options.status ?? info.status;
  }

  /** A fault-injected error: any status, any code string. */
  static injected(status: number, code: string): MaxComputeServerError {
    const known = Object.hasOwn(MAXCOMPUTE_ERROR_CODES, code) ? (code as MaxComputeErrorCode) : 'ServiceUnavailable';
    const error = new MaxComputeServerError(known, { status, message: `Injected fault: ${code}.` });
    (error as { code: string }).code = code;
    return error;
  }

  /** An operation the real service has and this server does not: said plainly. */
  static notImplemented(what: string): MaxComputeServerError {
    return new MaxComputeServerError('NotImplemented', {
      message: `${what} is not implemented by the local MaxCompute server.`,
    });
  }
}

/** Any thrown value as the error the response reports; unknown errors reveal nothing about the server. */
export function toServiceError(err: unknown): MaxComputeServerError {
  if (err instanceof MaxComputeServerError) return err;
  return new MaxComputeServerError('InternalServerError', { cause: err });
}

/** The REST `<Error>` document (spec 3.7): pyodps needs all four elements or it guesses from the status. */
export function encodeErrorXml(error: MaxComputeServerError, requestId: string, hostId: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${esc(error.code)}</Code><Message>${esc(error.message)}</Message>` +
    `<RequestId>${esc(requestId)}</RequestId><HostId>${esc(hostId)}</HostId></Error>`
  );
}

/** The Tunnel's JSON error (spec 4). */
export function encodeErrorJson(error: MaxComputeServerError, requestId: string): string {
  return JSON.stringify({ Code: error.code, Message: error.message, RequestId: requestId });
}
