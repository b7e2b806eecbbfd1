/**
 * Errors of the OSS sink. Each says whether repeating the call could help (`retryable`), which the write activity
 * turns into the Temporal failure's `nonRetryable`.
 *
 * No message ever holds a credential, a request header or record data: ali-oss errors carry the request's
 * parameters and response headers, so they are never attached as `cause`; only the OSS error code, HTTP status and
 * request id (which OSS support asks for) are kept.
 */
import { OtsyncError } from '../../../common/errors';

/**
 * Thrown when the configuration cannot work against the bucket, found only at run time: the bucket does not exist
 * (DataX `OssWriter-02` "bucket does not exist"), `nonConflict` found objects under the prefix, a row the
 * configured layout cannot hold. Never retryable.
 */
export class OssConfigError extends OtsyncError {
  readonly retryable = false;
}

/**
 * One OSS request that failed for good: a permanent answer (4xx other than 429 and 408), or a transient one (429,
 * 5xx, connection reset, timeout) after the in-activity retries were spent — `retryable` is then true, so the
 * activity's own retry policy tries the window again later.
 */
export class OssRequestError extends OtsyncError {
  constructor(
    /** What was being done: `PutObject`, `UploadPart`, `ListObjects`, … */
    readonly operation: string,
    /** HTTP status; undefined when no response came. */
    readonly status: number | undefined,
    /** OSS error code (`NoSuchBucket`, `AccessDenied`) or the client's error name (`ConnectionTimeoutError`). */
    readonly code: string | undefined,
    readonly retryable: boolean,
    /** Attempts made, the failed one included. */
    readonly attempts: number,
    /** `x-oss-request-id` of the failed answer, for OSS support. */
    readonly requestId: string | undefined,
    options: { hint?: string } = {},
  ) {
    super(
      `OSS ${operation} failed${status === undefined ? '' : ` with HTTP ${status}`}${code ? ` (${code})` : ''}` +
        `${attempts > 1 ? ` after ${attempts} attempts` : ''}${requestId ? `, request id ${requestId}` : ''}`,
      options,
    );
  }
}
