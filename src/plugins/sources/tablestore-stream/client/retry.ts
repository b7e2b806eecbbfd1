/**
 * Retries with capped exponential backoff and full jitter, and the classifier deciding what may be retried.
 *
 * Hand-written rather than a library: the loop is a dozen lines, it must consult our own classifier per attempt and
 * take an injected sleep (tests run it without waiting real time), and the well-known packages (p-retry,
 * async-retry) are ESM-only or unmaintained, which fits this CommonJS project poorly.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { IDEMPOTENT_OPERATIONS, IDEMPOTENT_RETRYABLE_ERROR_CODES, TablestoreError } from '../../../../tablestore';
import { TablestoreNetworkError } from './errors';

/** Retry budget of one call. */
export interface RetryOptions {
  /**
   * Retries after the first attempt; 0 disables retrying. @default 30 — the limit DataX's otsstreamreader
   * effectively uses for every call (its `maxRetries` setting is ignored, otsstream-reader.md §7.2).
   */
  maxRetries?: number;
  /** Cap of the first pause, in ms; doubles per retry. @default 100 (DataX) */
  baseDelayMs?: number;
  /** Largest cap of any pause, in ms. @default 10000 (DataX) */
  maxDelayMs?: number;
}

/** {@link RetryOptions} with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = { maxRetries: 30, baseDelayMs: 100, maxDelayMs: 10_000 };

/** Waits `ms` milliseconds; rejects when `signal` aborts. Injected by tests to skip real waiting. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The default {@link Sleep}: a real timer. */
export const realSleep: Sleep = async (ms, signal) => {
  await sleepFor(ms, undefined, signal === undefined ? undefined : { signal });
};

/** What {@link RetryListener} is told before each pause. */
export interface RetryEvent {
  operation: string;
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  error: unknown;
}

/** Called before each pause, e.g. to log or count retries. Must not throw. */
export type RetryListener = (event: RetryEvent) => void;

/**
 * Pause before retry number `retry` (0-based): uniform in [0, min(maxDelayMs, baseDelayMs × 2^retry)) — "full
 * jitter", which spreads the retries of many shard readers hitting one busy partition better than DataX's fixed
 * schedule does, at the same worst case.
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retry, 52));
  return Math.floor(random() * cap);
}

/**
 * Whether `error`, raised by one attempt of `operation`, may be retried.
 *
 * - Service errors follow the SDKs' two tiers (spec 2.4): codes that guarantee nothing was applied
 *   (`OTSServerBusy`, `OTSRowOperationConflict`, ...) for every operation; `OTSTimeout`, `OTSInternalServerError`,
 *   `OTSServerUnavailable` and any HTTP 5xx only for idempotent operations, because a write may have been applied.
 * - Network errors only for idempotent operations, or when the request certainly never left (connection refused):
 *   a write that timed out may have been applied, and repeating a conditional write could then fail on its own
 *   first success (the Java SDK retries network errors for idempotent operations only, too).
 * - `writeIsIdempotent`: the caller vouches that repeating this write is harmless (e.g. an unconditional PutRow of
 *   the same content), which puts it in the idempotent tier.
 * - Nothing else: response validation and decoding errors are permanent.
 */
export function isRetryable(error: unknown, operation: string, writeIsIdempotent = false): boolean {
  const idempotent = writeIsIdempotent || IDEMPOTENT_OPERATIONS.has(operation);
  if (error instanceof TablestoreNetworkError) return idempotent || error.notSent;
  if (error instanceof TablestoreError) {
    if (error.isRetryableFor(operation)) return true;
    return idempotent && (IDEMPOTENT_RETRYABLE_ERROR_CODES.has(error.code) || error.httpStatus >= 500);
  }
  return false;
}

/** Decides whether a failed attempt of `operation` may be retried (the default is {@link isRetryable}). */
export type RetryClassifier = (error: unknown, operation: string, writeIsIdempotent: boolean) => boolean;

/** Inputs of {@link withRetries}. */
export interface RetryContext {
  operation: string;
  retry: ResolvedRetryOptions;
  sleep: Sleep;
  random?: () => number;
  writeIsIdempotent?: boolean;
  signal?: AbortSignal;
  onRetry?: RetryListener;
  /** @default {@link isRetryable} */
  isRetryable?: RetryClassifier;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or `maxRetries` retries are used up; then
 * throws the last error unchanged (its code is what callers branch on). A network error also records how many
 * attempts were made.
 */
export async function withRetries<T>(context: RetryContext, attempt: () => Promise<T>): Promise<T> {
  const { operation, retry } = context;
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof TablestoreNetworkError) error.attempts = retries + 1;
      const aborted = context.signal?.aborted ?? false;
      const classify = context.isRetryable ?? isRetryable;
      if (aborted || retries >= retry.maxRetries || !classify(error, operation, context.writeIsIdempotent ?? false)) {
        throw error;
      }
      const delayMs = backoffDelay(retries, retry, context.random);
      context.onRetry?.({ operation, retry: retries + 1, delayMs, error });
      await context.sleep(delayMs, context.signal);
    }
  }
}
