/** What every operation handler receives besides its decoded request. */
import type { Instance } from '../store/instance';

export interface HandlerContext {
  readonly instance: Instance;
  /** Server clock for cell timestamps and TTL, ms since the epoch. */
  readonly nowMs: number;
  /** Server clock for stream sequence numbers, µs since the epoch. */
  readonly nowUs: number;
}

/** A handler: decoded request message in, response message out; throws `TablestoreError`s. */
export type Handler<Request, Response> = (request: Request, context: HandlerContext) => Response;
