/**
 * Tablestore error codes, the HTTP status the service answers each with, and which codes the official SDKs retry.
 * Source: spec sections 2.2–2.4 (../shared/spec/tablestore-protocol.md). Clients must key on the code, never on
 * the status: several statuses are undocumented (marked UNCONFIRMED below).
 */

/**
 * HTTP status per known error code.
 *
 * The emulator uses this table to answer with the real status; clients only use it as a fallback when a response
 * has no parseable body.
 */
export const TABLESTORE_ERROR_STATUS = {
  OTSAuthFailed: 403,
  OTSNoPermissionAccess: 403,
  OTSParameterInvalid: 400,
  OTSInvalidPK: 400,
  OTSOutOfColumnCountLimit: 400,
  OTSOutOfRowSizeLimit: 400,
  OTSObjectNotExist: 404,
  OTSTableNotReady: 404,
  OTSObjectAlreadyExist: 409,
  OTSRowOperationConflict: 409,
  OTSConditionCheckFail: 403,
  OTSQuotaExhausted: 403,
  OTSNotEnoughCapacityUnit: 403,
  OTSCapacityUnitExhausted: 403,
  OTSTooFrequentReservedThroughputAdjustment: 403,
  OTSRequestBodyTooLarge: 413,
  OTSRequestTimeout: 408,
  OTSMethodNotAllowed: 405,
  OTSFlowControl: 429,
  OTSInternalServerError: 500,
  OTSServerBusy: 503,
  OTSPartitionUnavailable: 503,
  OTSTimeout: 503,
  OTSServerUnavailable: 503,
  // UNCONFIRMED: the docs give no status; the Go SDK retries it like OTSServerBusy, so a 5xx keeps every client's
  // idempotent-retry path working.
  OTSStorageServerBusy: 503,
  // UNCONFIRMED: no documented status; the npm/Python SDKs retry it. 503 for the same reason as above.
  OTSOperationThrottled: 503,
  // UNCONFIRMED status (Alibaba's own mock answers 404, the tunnel docs 400); spec 2.3 picks 400.
  OTSTrimmedDataAccess: 400,
  OTSTunnelServerUnavailable: 400,
} as const satisfies Record<string, number>;

/** A code listed in {@link TABLESTORE_ERROR_STATUS}. */
export type KnownTablestoreErrorCode = keyof typeof TABLESTORE_ERROR_STATUS;

/** Any Tablestore error code; the service may add codes, so unknown strings stay representable. */
export type TablestoreErrorCode = KnownTablestoreErrorCode | (string & NonNullable<unknown>);

/**
 * Messages the real service sends for common errors (spec 2.2), so the emulator and tests use the exact text.
 */
export const TABLESTORE_ERROR_MESSAGES = {
  accessKeyNotFound: 'The AccessKeyID does not exist.',
  signatureMismatch: 'Signature mismatch.',
  contentMd5Mismatch: 'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.',
  instanceNotFound: 'The instance is not found.',
  tableNotExist: 'Requested table does not exist.',
  tableAlreadyExist: 'Requested table already exists.',
  conditionCheckFail: 'Condition check failed.',
  rowOperationConflict: 'Data is being modified by the other request.',
  tableNotReady: 'The table is not ready.',
  tooFrequentTableOperations: 'Too frequent table operations.',
  requestBodyTooLarge: 'The size of POST data is too large.',
  // UNCONFIRMED wording: the docs only say that POST is the one method allowed.
  methodNotAllowed: 'Only POST method is allowed.',
  flowControl: 'The requests have been throttled.',
  internalServerError: 'Internal server error.',
  serverBusy: 'Server is busy.',
  partitionUnavailable: 'The partition is not available.',
  timeout: 'Operation timeout.',
  serverUnavailable: 'Server is not available.',
  trimmedDataAccess: 'Requested stream data is already trimmed or does not exist.',
} as const;

/** HTTP status the service uses for `code`; unknown codes map to 500 (a server-side failure nobody documented). */
export function httpStatusForCode(code: string): number {
  return Object.hasOwn(TABLESTORE_ERROR_STATUS, code) ? TABLESTORE_ERROR_STATUS[code as KnownTablestoreErrorCode] : 500;
}

/**
 * Codes retried for every operation, including writes: the service guarantees nothing was applied.
 *
 * The union of the Java, Go and Python SDK lists (spec 2.4): Go adds OTSStorageServerBusy and Python
 * OTSOperationThrottled. OTSQuotaExhausted is handled separately because only one of its messages is transient.
 * OTSTooFrequentReservedThroughputAdjustment is documented as retryable but no SDK retries it, so neither do we.
 */
export const ALWAYS_RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'OTSRowOperationConflict',
  'OTSNotEnoughCapacityUnit',
  'OTSTableNotReady',
  'OTSPartitionUnavailable',
  'OTSServerBusy',
  'OTSStorageServerBusy',
  'OTSOperationThrottled',
]);

/**
 * Codes retried only for idempotent operations: the write may or may not have been applied (spec 2.4).
 * Any HTTP 5xx belongs here too, whatever its code.
 */
export const IDEMPOTENT_RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'OTSTimeout',
  'OTSInternalServerError',
  'OTSServerUnavailable',
  'OTSTunnelServerUnavailable',
]);

/**
 * Operations safe to repeat (the Java SDK's list, spec 2.4). GetShardIterator is included although the Go SDK
 * omits it: it only reads.
 */
export const IDEMPOTENT_OPERATIONS: ReadonlySet<string> = new Set([
  'ListTable',
  'DescribeTable',
  'GetRow',
  'BatchGetRow',
  'GetRange',
  'BulkExport',
  'ListStream',
  'DescribeStream',
  'GetShardIterator',
  'GetStreamRecord',
  'ComputeSplitPointsBySize',
]);

/**
 * Whether an error with this code and message may be retried for any operation, writes included.
 * OTSQuotaExhausted is transient only with the exact message "Too frequent table operations." (Java/Python SDKs).
 */
export function isAlwaysRetryable(code: string, message: string): boolean {
  if (code === 'OTSQuotaExhausted') return message === TABLESTORE_ERROR_MESSAGES.tooFrequentTableOperations;
  return ALWAYS_RETRYABLE_ERROR_CODES.has(code);
}

/**
 * Whether an error may be retried for `operation` (an API name such as `GetStreamRecord`), following the SDKs'
 * two tiers: {@link isAlwaysRetryable} for every operation, plus {@link IDEMPOTENT_RETRYABLE_ERROR_CODES} and any
 * HTTP 5xx for {@link IDEMPOTENT_OPERATIONS}.
 */
export function isRetryableFor(
  error: { readonly code: string; readonly message: string; readonly httpStatus: number },
  operation: string,
): boolean {
  if (isAlwaysRetryable(error.code, error.message)) return true;
  if (!IDEMPOTENT_OPERATIONS.has(operation)) return false;
  return IDEMPOTENT_RETRYABLE_ERROR_CODES.has(error.code) || error.httpStatus >= 500;
}
