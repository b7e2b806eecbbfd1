/**
 * Errors of the MaxCompute sink; `retryable` becomes the Temporal failure's `nonRetryable`. Messages hold codes,
 * statuses, request ids and names — never credentials or record values.
 */
import { OtsyncError } from '../../../common/errors';

/**
 * The configuration cannot work against the project: table or partition layout, a column the table lacks, a type
 * the writer cannot produce (DataX `OdpsWriter-00/-01/-02/-31/-32`). Never retryable.
 */
export class MaxComputeConfigError extends OtsyncError {
  readonly retryable = false;
}

/** One REST or Tunnel request that failed for good (after retries, when it was worth retrying). */
export class MaxComputeRequestError extends OtsyncError {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    /** MaxCompute error code (`NoSuchTable`, `StatusConflict`, `ODPS-0130131`) or the transport error name. */
    readonly code: string | undefined,
    readonly retryable: boolean,
    readonly attempts: number,
    readonly requestId: string | undefined,
    detail: string,
    options: { hint?: string } = {},
  ) {
    super(
      `MaxCompute ${operation} failed${status === undefined ? '' : ` with HTTP ${status}`}${code ? ` (${code})` : ''}` +
        `${attempts > 1 ? ` after ${attempts} attempts` : ''}${requestId ? `, request id ${requestId}` : ''}` +
        `${detail ? `: ${detail}` : ''}`,
      options,
    );
  }
}
