/**
 * Runs one API call: encode the request, POST it with retries, decode the answer. Owns the connection pool.
 */
import type { Agent as HttpAgent } from 'node:http';
import type { MessageCodec, OperationName } from '../../../../tablestore';
import { resolveClientOptions, type ResolvedClientOptions, type TablestoreStreamClientOptions } from './options';
import { withRetries } from './retry';
import { createDefaultAgent, postOnce } from './transport';

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call, including a pending retry pause. */
  signal?: AbortSignal;
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
    const responseBody = await withRetries(
      {
        operation,
        retry: options.retry,
        sleep: options.sleep,
        random: options.random,
        writeIsIdempotent,
        ...(call.signal === undefined ? {} : { signal: call.signal }),
        ...(options.onRetry === undefined ? {} : { onRetry: options.onRetry }),
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
