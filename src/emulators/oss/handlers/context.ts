/** What every handler gets and returns. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { QueryParam } from '../addressing';
import type { OssStore } from '../store/oss-store';

export interface RequestContext {
  req: IncomingMessage;
  headers: IncomingHttpHeaders;
  /** The addressed bucket ('' only for service-level requests, which no handler here serves). */
  bucketName: string;
  /** The decoded object key, '' for bucket-level requests. */
  key: string;
  query: readonly QueryParam[];
  store: OssStore;
  /** e.g. `oss-cn-hangzhou`. */
  region: string;
}

export interface OssResponse {
  status: number;
  headers?: Record<string, string | number>;
  /** A string or Buffer (Content-Length set for you), or a stream (set Content-Length in `headers`). */
  body?: string | Buffer | Readable;
}

export type Handler = (context: RequestContext) => Promise<OssResponse>;
