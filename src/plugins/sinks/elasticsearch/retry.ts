/**
 * The Elasticsearch sink's one retry classifier (STYLE.md error model; models: vectordotdev/vector
 * src/sinks/elasticsearch/retry.rs, elastic/elasticsearch-js src/helpers.ts) and its backoff.
 *
 * Requests: 429 and 5xx are retryable, other 4xx permanent; transport failures (connection refused or reset,
 * timeout, no living node) are retryable too — DataX does not retry them (writers.md §1.7), a deliberate change.
 * Bulk items are classified one by one so that only items that can still succeed are sent again.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

/** What to do with one bulk item's result. */
export type ItemVerdict =
  /** Applied (2xx; a delete of a missing document, 404 `not_found`, which still records the version). */
  | 'applied'
  /** 409 for a write that carried a version: the stored document is as new or newer — already applied. */
  | 'stale'
  /** 400: the document itself is bad (mapping, parse); dirty, or fatal without `ignoreParseError`. */
  | 'bad-document'
  /** 429, 5xx, and 409 without a version (a concurrent update): send again. */
  | 'retry'
  /** Any other 4xx (401, 403, 404 index missing, 413 …): no repetition helps. */
  | 'fatal';

/** Classifies one bulk item. */
export function classifyItem(item: {
  readonly status: number;
  readonly op: string;
  readonly hasError: boolean;
  readonly versioned: boolean;
}): ItemVerdict {
  const { status } = item;
  if (status >= 200 && status < 300 && !item.hasError) return 'applied';
  if (status === 404 && item.op === 'delete' && !item.hasError) return 'applied';
  if (status === 409) return item.versioned ? 'stale' : 'retry';
  if (isRetryableStatus(status)) return 'retry';
  if (status === 400) return 'bad-document';
  return 'fatal';
}

/** 429 and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Waits `ms`; rejects when `signal` aborts. Tests inject one that does not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = async (ms, signal) => {
  await sleepFor(ms, undefined, signal ? { signal } : undefined);
};

/** Backoff of one retry loop. */
export interface BackoffPolicy {
  /** Total attempts, the first included (DataX `trySize` / `retryTimes`). */
  readonly attempts: number;
  /** First pause, ms. */
  readonly baseMs: number;
  /** Largest pause, ms. */
  readonly capMs: number;
}

/** DataX RetryUtil's own ceiling on one pause. */
export const MAX_PAUSE_MS = 256_000;

/**
 * The bulk policy from DataX's `trySize`/`tryInterval`: `trySize` stays the attempt count, and `tryInterval`
 * (DataX's fixed pause) becomes the ceiling of an exponential backoff starting at min(1 s, tryInterval), so a
 * short 429 burst is retried within a second while a long outage is waited out as patiently as DataX would.
 */
export function bulkBackoff(trySize: number, tryIntervalMs: number): BackoffPolicy {
  const cap = Math.min(tryIntervalMs, MAX_PAUSE_MS);
  return { attempts: trySize, baseMs: Math.min(1000, cap), capMs: cap };
}

/** Pause before retry `retry` (0 for the first): "equal jitter", uniform in [cap/2, cap] of the exponential step. */
export function backoffDelay(retry: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(step / 2 + (random() * step) / 2);
}
