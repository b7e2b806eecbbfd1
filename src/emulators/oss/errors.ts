/**
 * The local OSS server's one error class: an OSS error code with its HTTP status, message and `EC` (spec 4.2–4.3),
 * encoded the way the real service encodes it: an `<Error>` XML body, or for body-less HEAD answers the same XML
 * base64-encoded in `x-oss-err`. Anything else thrown while serving becomes a generic `InternalError`.
 * Model: jamhall/s3rver, lib/models/error.js.
 */
import { element, xmlDocument, type XmlNode } from './xml';

interface CodeInfo {
  status: number;
  message: string;
  /**
   * The fine-grained `EC`. Only the values the spec cites are the real service's; `0000-00000000` marks a code
   * whose real EC is not known here (the SDKs only display it).
   */
  ec: string;
}

const UNKNOWN_EC = '0000-00000000';

/** Every code this server answers, with its HTTP status (spec 4.3). */
export const OSS_ERROR_CODES = {
  AccessDenied: { status: 403, message: 'AccessDenied', ec: UNKNOWN_EC },
  InvalidAccessKeyId: {
    status: 403,
    message: 'The OSS Access Key Id you provided does not exist in our records.',
    ec: UNKNOWN_EC,
  },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    ec: '0002-00000040',
  },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
    ec: UNKNOWN_EC,
  },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.', ec: '0015-00000101' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.', ec: '0026-00000001' },
  NoSuchUpload: {
    status: 404,
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    ec: UNKNOWN_EC,
  },
  BucketAlreadyExists: { status: 409, message: 'The requested bucket name is not available.', ec: UNKNOWN_EC },
  BucketNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty.', ec: UNKNOWN_EC },
  FileAlreadyExists: {
    status: 409,
    message: 'The object you specified already exists and can not be overwritten.',
    ec: '0026-00000002',
  },
  PositionNotEqualToLength: { status: 409, message: 'Position is not equal to file length', ec: '0026-00000016' },
  ObjectNotAppendable: { status: 409, message: 'The object is not appendable', ec: '0026-00000017' },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified was invalid.', ec: UNKNOWN_EC },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
    ec: UNKNOWN_EC,
  },
  InvalidArgument: { status: 400, message: 'Invalid argument.', ec: UNKNOWN_EC },
  MissingArgument: { status: 400, message: 'Missing Some Required Arguments.', ec: UNKNOWN_EC },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.', ec: UNKNOWN_EC },
  InvalidObjectName: { status: 400, message: 'The specified object is not valid.', ec: UNKNOWN_EC },
  InvalidURI: { status: 400, message: 'The URI you provided is not valid.', ec: UNKNOWN_EC },
  EntityTooSmall: {
    status: 400,
    message: 'Your proposed upload is smaller than the minimum allowed size.',
    ec: UNKNOWN_EC,
  },
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed size.', ec: UNKNOWN_EC },
  InvalidPart: {
    status: 400,
    message:
      "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
    ec: UNKNOWN_EC,
  },
  InvalidPartOrder: {
    status: 400,
    message: 'The list of parts was not in ascending order. Parts list must specified in order by part number.',
    ec: UNKNOWN_EC,
  },
  InvalidRange: { status: 416, message: 'The requested range cannot be satisfied.', ec: UNKNOWN_EC },
  MissingContentLength: { status: 411, message: 'You must provide the Content-Length HTTP header.', ec: UNKNOWN_EC },
  MethodNotAllowed: {
    status: 405,
    message: 'The specified method is not allowed against this resource.',
    ec: UNKNOWN_EC,
  },
  NotImplemented: {
    status: 501,
    message: 'A header or operation you provided implies functionality that is not implemented.',
    ec: UNKNOWN_EC,
  },
  ServiceUnavailable: { status: 503, message: 'Please reduce your request rate.', ec: UNKNOWN_EC },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.', ec: UNKNOWN_EC },
} as const satisfies Record<string, CodeInfo>;

export type OssErrorCode = keyof typeof OSS_ERROR_CODES;

export interface OssServerErrorOptions {
  /** Replaces the code's default message. */
  message?: string;
  /** Extra `<Error>` elements (`Key`, `BucketName`, `StringToSign`, ...), in order. Never put a secret here. */
  details?: Record<string, string | number>;
  /** Extra response headers, e.g. `x-oss-next-append-position` on PositionNotEqualToLength (spec 5.8). */
  headers?: Record<string, string>;
  /** Overrides the code's HTTP status (fault injection only). */
  status?: number;
  cause?: unknown;
}

/**
 * Thrown by handlers, the store and the authenticator when a request must fail the way the real service fails it.
 */
export class OssServerError extends Error {
  readonly code: string;
  readonly status: number;
  readonly ec: string;
  readonly details: Readonly<Record<string, string | number>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: OssErrorCode, options: OssServerErrorOptions = {}) {
    const info: CodeInfo = OSS_ERROR_CODES[code];
    super(options.message ?? info.message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'OssServerError';
    this.code = code;
    this.status = options.status ?? info.status;
    this.ec = info.ec;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  /** A fault-injected error: any status, any code string (unknown codes keep the 503 message). */
  static injected(status: number, code: string): OssServerError {
    const known = Object.hasOwn(OSS_ERROR_CODES, code) ? (code as OssErrorCode) : 'ServiceUnavailable';
    const error = new OssServerError(known, { status });
    (error as { code: string }).code = code;
    return error;
  }

  /** An operation or feature the real service has and this server does not: said plainly. */
  static notImplemented(what: string): OssServerError {
    return new OssServerError('NotImplemented', { message: `${what} is not implemented by the local OSS server.` });
  }
}

/** Any thrown value as the error the response reports; unknown errors reveal nothing about the server. */
export function toServiceError(err: unknown): OssServerError {
  if (err instanceof OssServerError) return err;
  return new OssServerError('InternalError', { cause: err });
}

/** The `<Error>` document (spec 4.2). */
export function encodeErrorXml(error: OssServerError, requestId: string, hostId: string): string {
  const extra: XmlNode[] = Object.entries(error.details).map(([name, value]) => element(name, value));
  return xmlDocument(
    element('Error', [
      element('Code', error.code),
      element('Message', error.message),
      element('RequestId', requestId),
      element('HostId', hostId),
      ...extra,
      element('EC', error.ec),
      element('RecommendDoc', `https://api.aliyun.com/troubleshoot?q=${error.ec}`),
    ]),
  );
}
