/** Options of {@link TablestoreStreamClient} and their defaults. */
import type { Agent as HttpAgent } from 'node:http';
import { TablestoreClientOptionError } from './errors';
import {
  DEFAULT_RETRY,
  realSleep,
  type ResolvedRetryOptions,
  type RetryListener,
  type RetryOptions,
  type Sleep,
} from './retry';

/** An AccessKey pair, optionally with an STS token (then the pair is the temporary one). */
export interface TablestoreCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS token, sent as `x-ots-ststoken`. */
  securityToken?: string;
}

/** Per-attempt time limits. */
export interface TimeoutOptions {
  /** Time to establish a TCP (and TLS) connection. @default 10000 */
  connectMs?: number;
  /**
   * Time for one whole attempt, from sending to the last body byte. @default 50000 — DataX's socket timeout; a
   * GetStreamRecord page may be several MB.
   */
  requestMs?: number;
}

/** Options of the Tablestore Stream client. */
export interface TablestoreStreamClientOptions {
  /**
   * `http(s)://host[:port]`, e.g. `https://my-instance.cn-hangzhou.ots.aliyuncs.com` or a local server. A path is
   * rejected, as the Java SDK does: the API name is the whole path (spec 1.1).
   */
  endpoint: string;
  instanceName: string;
  credentials: TablestoreCredentials;
  timeouts?: TimeoutOptions;
  retry?: RetryOptions;
  /**
   * Agent for connection reuse (an `https.Agent` for https endpoints). @default a keep-alive agent owned by the
   * client, at most 30 sockets per host (DataX's connection limit), closed by `close()`.
   */
  agent?: HttpAgent;
  /**
   * Verify response signatures and body MD5. @default true. When on: a success response must carry
   * `authorization`, `x-ots-contentmd5` and `x-ots-contenttype` and both must match (the Java SDK's default check,
   * plus the Python SDK's MD5 check); an error response is checked only for what it carries, and not at all for
   * `OTSAuthFailed`, where the service cannot sign (the Python SDK's leniency). The Python SDK's 15-minute clock
   * check on `x-ots-date` is not made: the Java SDK does not make it either, and clock skew is no integrity issue.
   */
  verifyResponses?: boolean;
  /** Called before each retry pause, e.g. to log. */
  onRetry?: RetryListener;
  /** Replaces the real timer between retries (tests). */
  sleep?: Sleep;
  /** Replaces `Math.random` in the backoff jitter (tests). */
  random?: () => number;
}

/** Options with every default applied and the endpoint parsed. */
export interface ResolvedClientOptions {
  endpoint: URL;
  /** `protocol//host`, for messages. */
  endpointText: string;
  instanceName: string;
  credentials: TablestoreCredentials;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  retry: ResolvedRetryOptions;
  verifyResponses: boolean;
  sleep: Sleep;
  random: () => number;
  onRetry: RetryListener | undefined;
}

/**
 * Validates and completes the options.
 * @throws TablestoreClientOptionError naming the offending option.
 */
export function resolveClientOptions(options: TablestoreStreamClientOptions): ResolvedClientOptions {
  let endpoint: URL;
  try {
    endpoint = new URL(options.endpoint);
  } catch (cause) {
    throw new TablestoreClientOptionError('endpoint', `'${options.endpoint}' is not a URL.`, { cause });
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new TablestoreClientOptionError('endpoint', 'must start with http:// or https://.');
  }
  if ((endpoint.pathname !== '/' && endpoint.pathname !== '') || endpoint.search !== '' || endpoint.username !== '') {
    throw new TablestoreClientOptionError('endpoint', 'must be http(s)://host[:port] with no path, query or user.');
  }
  if (options.instanceName.trim() === '') throw new TablestoreClientOptionError('instanceName', 'must not be empty.');
  const { accessKeyId, accessKeySecret } = options.credentials;
  if (accessKeyId === '' || accessKeySecret === '') {
    throw new TablestoreClientOptionError('credentials', 'need a non-empty accessKeyId and accessKeySecret.');
  }
  const retry = { ...DEFAULT_RETRY, ...definedOnly(options.retry ?? {}) };
  checkNonNegativeInteger('retry.maxRetries', retry.maxRetries);
  checkPositive('retry.baseDelayMs', retry.baseDelayMs);
  checkPositive('retry.maxDelayMs', retry.maxDelayMs);
  const connectTimeoutMs = options.timeouts?.connectMs ?? 10_000;
  const requestTimeoutMs = options.timeouts?.requestMs ?? 50_000;
  checkPositive('timeouts.connectMs', connectTimeoutMs);
  checkPositive('timeouts.requestMs', requestTimeoutMs);
  return {
    endpoint,
    endpointText: `${endpoint.protocol}//${endpoint.host}`,
    instanceName: options.instanceName,
    credentials: options.credentials,
    connectTimeoutMs,
    requestTimeoutMs,
    retry,
    verifyResponses: options.verifyResponses ?? true,
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    onRetry: options.onRetry,
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkNonNegativeInteger(option: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new TablestoreClientOptionError(option, `must be a non-negative integer, got ${value}.`);
  }
}

function checkPositive(option: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TablestoreClientOptionError(option, `must be a positive number, got ${value}.`);
  }
}
