/**
 * Runs one API call: encode the request, POST it with retries, decode the answer. Owns the connection pool.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { MessageCodec, OperationName } from '../../../../tablestore';
import { resolveClientOptions, type ResolvedClientOptions, type TablestoreStreamClientOptions } from './options';
import { withRetries, type RetryClassifier, type RetryListener, type RetryOptions } from './retry';
import { createDefaultAgent, postOnce } from './transport';

/**
 * Per-call retry policy, replacing the client's for one call (e.g. DataX's wider retry set with the job's
 * `maxRetries`, otsstream-reader.md §7.2). Unset fields keep the client's values.
 */
export interface CallRetryPolicy extends RetryOptions {
  /** Decides per failed attempt whether to retry. @default the client's `isRetryable` */
  isRetryable?: RetryClassifier;
  /** Called before each retry pause of this call, in addition to the client's listener. */
  onRetry?: RetryListener;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call, including a pending retry pause. */
  signal?: AbortSignal;
  /** Overrides the client's retry policy for this call. */
  retry?: CallRetryPolicy;
}

/** Encodes, sends with retries, decodes; shared by every method of the client. */
export class RequestCaller {
  readonly #options: ResolvedClientOptions;
  readonly #agent: HttpAgent;
  readonly #ownsAgent: boolean;

  /** @throws TablestoreClientOptionError when an option is invalid. */
  constructor(options: TablestoreStreamClientOptions) {
    this.#options = resolveClientOptions(options);
    this.#ownsAgent = options.agent === undefined;
    this.#agent = options.agent ?? createDefaultAgent(this.#options.endpoint);
  }

  /**
   * Sends `request` as `operation` and decodes the response.
   * @param writeIsIdempotent the caller vouches that repeating this write is harmless (see `isRetryable`).
   */
  async call<Req, Res>(
    operation: OperationName,
    requestCodec: MessageCodec<Req>,
    responseCodec: MessageCodec<Res>,
    request: Req,
    call: CallOptions,
    writeIsIdempotent = false,
  ): Promise<Res> {
    // Encoded once: every attempt sends the same bytes, only the signed headers (x-ots-date) are fresh.
    const body = requestCodec.encode(request);
    const options = this.#options;
    const { isRetryable, onRetry: callListener, ...limits } = call.retry ?? {};
    const clientListener = options.onRetry;
    const listeners = [clientListener, callListener].filter((l) => l !== undefined);
    const responseBody = await withRetries(
      {
        operation,
        retry: { ...options.retry, ...definedOnly(limits) },
        sleep: options.sleep,
        random: options.random,
        writeIsIdempotent,
        ...(call.signal === undefined ? {} : { signal: call.signal }),
        ...(isRetryable === undefined ? {} : { isRetryable }),
        ...(listeners.length === 0 ? {} : { onRetry: (event) => listeners.forEach((l) => l(event)) }),
      },
      () => postOnce(options, this.#agent, operation, body, call.signal),
    );
    return responseCodec.decode(responseBody);
  }

  /** Destroys the pooled connections of the agent the caller created; an agent passed in is left alone. */
  close(): void {
    if (this.#ownsAgent) this.#agent.destroy();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
