/** What every handler gets and returns. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { QueryParams } from '../request-url';
import type { Catalog } from '../store/catalog';
import type { Sessions } from '../store/sessions';
import type { Instances } from './instances';

export interface RequestContext {
  req: IncomingMessage;
  headers: IncomingHttpHeaders;
  query: QueryParams;
  /** Path parameters named by the route: `project`, `table`, `instance`. */
  params: { project: string; table: string; instance: string };
  catalog: Catalog;
  sessions: Sessions;
  instances: Instances;
  /** `http://host:port` as the client addressed the server (for `Location` and tunnel discovery). */
  origin: string;
}

export interface McResponse {
  status: number;
  headers?: Record<string, string | number>;
  /** A string or Buffer (Content-Length set for you), or a stream (set Content-Length in `headers`). */
  body?: string | Buffer | Readable;
}

export type Handler = (context: RequestContext) => Promise<McResponse>;

/** A REST XML answer. */
export function xmlResponse(body: string, status = 200, headers: Record<string, string> = {}): McResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body };
}

/** A Tunnel JSON answer. */
export function jsonResponse(value: unknown, status = 200): McResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
