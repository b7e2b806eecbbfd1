/**
 * DataX's retry set for every reader call (otsstream-reader.md §7.2): everything is retried — server busy,
 * throttling, timeouts, network errors — except a fixed list of server codes that no retry can fix, with the
 * job's `maxRetries` honoured (DataX ignores it and always uses 30, §8.2 item 2).
 *
 * Wider than the client's default (tablestore-protocol.md §2.4), which retries ambiguous write failures only for
 * idempotent calls. That is safe here: every reader write is either an unconditional put/delete of the same
 * content, or the fence's conditional write, whose `OTSConditionCheckFail` after a retry is resolved by re-reading
 * (see fence.ts).
 */
import { TablestoreError } from '../../../tablestore';
import { TablestoreNetworkError, type CallRetryPolicy, type RetryEvent } from './client';

/** Server codes DataX never retries (`OTSRetryStrategyForStreamReader`). */
export const DATAX_NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'OTSAuthFailed',
  'OTSConditionCheckFail',
  'OTSParameterInvalid',
  'OTSInvalidPK',
  'OTSObjectAlreadyExist',
  'OTSObjectNotExist',
  'OTSOutOfColumnCountLimit',
  'OTSOutOfRowSizeLimit',
  'OTSRequestBodyTooLarge',
  'OTSTrimmedDataAccess',
]);

/**
 * Whether DataX would retry `error`: a service error with a code outside {@link DATAX_NON_RETRYABLE_CODES}, or a
 * network error. Our client's own errors (response verification, record decoding, protocol breaks) are not
 * retried: DataX does not retry non-SDK exceptions either, and their causes are permanent.
 */
export function isDataxRetryable(error: unknown): boolean {
  if (error instanceof TablestoreNetworkError) return true;
  if (error instanceof TablestoreError) return !DATAX_NON_RETRYABLE_CODES.has(error.code);
  return false;
}

/** Counts retries of a reader, for the run's summary (§9.2.2 "report total retry time"). */
export class RetryStats {
  retries = 0;
  /** Sum of the pauses before retries, ms. */
  pausedMs = 0;
  readonly byCode = new Map<string, number>();

  record(event: RetryEvent): void {
    this.retries++;
    this.pausedMs += event.delayMs;
    const code =
      event.error instanceof TablestoreError
        ? event.error.code
        : event.error instanceof TablestoreNetworkError
          ? 'network'
          : 'other';
    this.byCode.set(code, (this.byCode.get(code) ?? 0) + 1);
  }
}

/** The per-call retry policy of the reader: DataX's set, `maxRetries` retries, counted in `stats`. */
export function readerRetryPolicy(maxRetries: number, stats?: RetryStats): CallRetryPolicy {
  return {
    maxRetries,
    isRetryable: (error) => isDataxRetryable(error),
    ...(stats === undefined ? {} : { onRetry: (event: RetryEvent) => stats.record(event) }),
  };
}
