/**
 * The one place the sink talks HTTP to Elasticsearch: the official client's transport (node pool, gzip request
 * bodies, sniffing for `discovery`) with its own retries turned off — retrying is decided by retry.ts — and every
 * failure turned into a data-free {@link EsCallFailure}.
 */
import type { Readable } from 'node:stream';
import { Client, errors, type ClientOptions } from '@elastic/elasticsearch';
import { ElasticsearchRequestError } from './errors';
import { backoffDelay, isRetryableStatus, realSleep, type BackoffPolicy, type Sleep } from './retry';

/** Where and as whom to connect: the plan's endpoints and the credentials resolved at run time. */
export interface ElasticsearchTarget {
  /** Base URLs (DataX `endpoint`, comma-separated there). */
  readonly endpoints: readonly string[];
  /** DataX sends basic auth only when both are non-blank. Never logged. */
  readonly credentials?: { readonly accessId?: string | undefined; readonly accessKey?: string | undefined };
}

/** Client settings from the writer configuration. */
export interface EsHttpOptions {
  /** Connect and read timeout, ms (DataX `timeout`). */
  readonly timeoutMs: number;
  /** Gzip request bodies (DataX `compression`). */
  readonly compression: boolean;
  /** Sniff the cluster's nodes every 5 minutes (DataX `discovery`). */
  readonly discovery: boolean;
}

/** One failed call, classified; `detail` holds only status, error types and client error names. */
export class EsCallFailure extends Error {
  constructor(
    readonly status: number | undefined,
    readonly errorType: string | undefined,
    readonly retryable: boolean,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'EsCallFailure';
  }
}

/** Removes `user:password@` from a URL so it can be shown. */
export function displayUrl(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/, '//');
}

/** Error type and root-cause types of an Elasticsearch error body, without any `reason` text (it can quote data). */
export function errorTypes(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const err = (body as { error?: unknown }).error;
  if (typeof err === 'string') return undefined;
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { type?: unknown; root_cause?: unknown; caused_by?: { type?: unknown } };
  const types = new Set<string>();
  if (typeof e.type === 'string') types.add(e.type);
  if (typeof e.caused_by?.type === 'string') types.add(e.caused_by.type);
  if (Array.isArray(e.root_cause)) {
    for (const r of e.root_cause)
      if (typeof (r as { type?: unknown })?.type === 'string') types.add((r as { type: string }).type);
  }
  return types.size > 0 ? [...types].join(' / ') : undefined;
}

/** A request as the transport takes it. */
export interface EsRequest {
  readonly method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  readonly path: string;
  readonly querystring?: Record<string, unknown>;
  readonly body?: unknown;
  /** Pre-serialised NDJSON lines (bulk). */
  readonly lines?: readonly string[];
}

/** A response: status and body (parsed JSON, or the raw text with `raw`). */
export interface EsResponse<T> {
  readonly status: number;
  readonly body: T;
}

async function readText(stream: unknown): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream as Readable) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The HTTP side of the sink. */
export class EsHttp {
  readonly #client: Client;
  readonly #timeoutMs: number;

  constructor(target: ElasticsearchTarget, options: EsHttpOptions) {
    const user = target.credentials?.accessId?.trim();
    const pass = target.credentials?.accessKey;
    const clientOptions: ClientOptions = {
      nodes: [...target.endpoints],
      maxRetries: 0,
      requestTimeout: options.timeoutMs,
      compression: options.compression,
      ...(user && pass?.trim() ? { auth: { username: user, password: pass } } : {}),
      ...(options.discovery ? { sniffInterval: 300_000, sniffOnConnectionFault: true } : {}),
    };
    this.#client = new Client(clientOptions);
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Sends one request, without retrying. Statuses in `accept` (and 2xx) return; others throw EsCallFailure, as
   * do transport failures. An abort rethrows the signal's reason.
   */
  async request<T = unknown>(
    request: EsRequest,
    options: { signal?: AbortSignal; accept?: readonly number[]; raw?: boolean } = {},
  ): Promise<EsResponse<T>> {
    const accept = options.accept ?? [];
    try {
      const res = await this.#client.transport.request(
        {
          method: request.method,
          path: request.path,
          ...(request.querystring && { querystring: request.querystring }),
          ...(request.body !== undefined && { body: request.body as Record<string, unknown> }),
          ...(request.lines && { bulkBody: [...request.lines] }),
        },
        {
          meta: true,
          maxRetries: 0,
          requestTimeout: this.#timeoutMs,
          ignore: [...accept],
          // A streamed body is not decompressed by the transport: ask for an uncompressed one.
          ...(options.raw && { asStream: true, headers: { 'accept-encoding': 'identity' } }),
          ...(options.signal && { signal: options.signal }),
        },
      );
      const body = options.raw ? await readText(res.body) : res.body;
      return { status: res.statusCode ?? 0, body: body as T };
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw toFailure(e);
    }
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}

/** Classifies a client error (retry.ts rules) and keeps only data-free facts. */
export function toFailure(e: unknown): EsCallFailure {
  if (e instanceof EsCallFailure) return e;
  if (e instanceof errors.ResponseError) {
    const status = e.statusCode ?? e.meta?.statusCode;
    const types = errorTypes(e.body);
    return new EsCallFailure(
      status,
      types,
      status !== undefined && isRetryableStatus(status),
      `HTTP ${status ?? '?'}${types ? ` ${types}` : ''}`,
    );
  }
  if (e instanceof errors.TimeoutError) return new EsCallFailure(undefined, 'TimeoutError', true, 'request timed out');
  if (e instanceof errors.NoLivingConnectionsError)
    return new EsCallFailure(undefined, 'NoLivingConnectionsError', true, 'no Elasticsearch node is reachable');
  if (e instanceof errors.ConnectionError) {
    const m = /\b(E[A-Z]+)\b/.exec(e.message);
    return new EsCallFailure(undefined, 'ConnectionError', true, `connection failed${m ? ` (${m[1]})` : ''}`);
  }
  if (e instanceof errors.DeserializationError)
    return new EsCallFailure(undefined, 'DeserializationError', true, 'the response was not valid JSON');
  if (e instanceof errors.ElasticsearchClientError) return new EsCallFailure(undefined, e.name, false, e.name);
  return new EsCallFailure(undefined, e instanceof Error ? e.name : typeof e, false, 'unexpected client failure');
}

/**
 * Runs `call` until it succeeds, fails permanently, or `policy.attempts` are used; pauses with backoff between
 * attempts. The final failure is an ElasticsearchRequestError naming `operation`.
 */
export async function withRetries<T>(
  operation: string,
  policy: BackoffPolicy,
  call: (attempt: number) => Promise<T>,
  options: { signal?: AbortSignal; sleep?: Sleep; random?: () => number; hint?: string } = {},
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call(attempt);
    } catch (e) {
      if (options.signal?.aborted) throw options.signal.reason;
      // Our own errors (configuration, versions) are not Elasticsearch failures: never retried here.
      if (!(e instanceof EsCallFailure) && !(e instanceof errors.ElasticsearchClientError)) throw e;
      const f = toFailure(e);
      if (!f.retryable || attempt >= policy.attempts) {
        throw new ElasticsearchRequestError(operation, f.status, f.errorType, f.retryable, attempt, f.detail, {
          hint: options.hint ?? hintFor(f.status),
        });
      }
      await sleep(backoffDelay(attempt - 1, policy, options.random), options.signal);
    }
  }
}

/** A short fix for common permanent statuses. */
export function hintFor(status: number | undefined): string | undefined {
  if (status === 401 || status === 403)
    return 'check the Elasticsearch username and password and the user’s privileges';
  if (status === 413) return 'lower "batchSize": the bulk request is larger than http.max_content_length';
  if (status === undefined) return 'check that the Elasticsearch endpoint is reachable from the worker';
  return undefined;
}
