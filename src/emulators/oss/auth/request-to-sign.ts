/**
 * What both signature versions read from a request: the logical resource (bucket, decoded key), the query as sent,
 * and the headers. Signatures always cover `/<bucket>/<key>`, never the literal URL path (spec 1.1).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { QueryParam } from '../addressing';

export interface RequestToSign {
  method: string;
  bucket: string | undefined;
  /** Decoded object key, '' when none. */
  key: string;
  query: readonly QueryParam[];
  headers: IncomingHttpHeaders;
}

/** A header's value as one string (repeated headers joined with `,`), or undefined. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `[name, trimmed value]` of every `x-oss-*` header, lower-case names in byte order. */
export function ossHeaders(headers: IncomingHttpHeaders): [string, string][] {
  return Object.keys(headers)
    .filter((name) => name.startsWith('x-oss-'))
    .sort()
    .map((name) => [name, (header(headers, name) ?? '').trim()]);
}

/** Byte-order comparison of strings as UTF-8 (the order OSS sorts keys, names and parameters in). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
