/**
 * A request's URL as the server and the signature see it (spec 1, 2.1): REST requests under the `/api` prefix
 * (removed before signing), Tunnel requests at the root; the path URL-decoded; query parameters decoded with bare
 * flags kept as empty values, in the order sent.
 */
import { MaxComputeServerError } from './errors';

export interface ParsedUrl {
  /** True for the REST API (`/api/...`), false for the Tunnel. */
  rest: boolean;
  /** The decoded path relative to the endpoint, e.g. `/projects/p/tables/t`: the signed resource. */
  resource: string;
  /** Decoded path segments of `resource`. */
  segments: string[];
  /** Decoded `[name, value]` pairs; a bare flag has the value ''. */
  query: [string, string][];
}

/** The REST endpoint's path prefix. */
export const REST_PREFIX = '/api';

function decode(text: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? text.replace(/\+/g, ' ') : text);
  } catch (err) {
    throw new MaxComputeServerError('InvalidParameter', {
      message: `Malformed URL encoding in '${text}'.`,
      cause: err,
    });
  }
}

/** @throws MaxComputeServerError InvalidParameter for malformed percent-encoding. */
export function parseUrl(rawUrl: string): ParsedUrl {
  const q = rawUrl.indexOf('?');
  let rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
  const rest = rawPath === REST_PREFIX || rawPath.startsWith(`${REST_PREFIX}/`);
  if (rest) rawPath = rawPath.slice(REST_PREFIX.length);
  if (rawPath === '') rawPath = '/';
  const segments = rawPath
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decode(s, false));
  const query: [string, string][] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    // Both SDKs decode `+` as a space when they compute the signature (spec 2.1), so the server does too.
    query.push(
      eq === -1 ? [decode(piece, true), ''] : [decode(piece.slice(0, eq), true), decode(piece.slice(eq + 1), true)],
    );
  }
  return { rest, resource: decode(rawPath, false), segments, query };
}

/** Case-insensitive lookups in a decoded query (the SDKs spell parameters in lower case; be lenient). */
export class QueryParams {
  private readonly byName = new Map<string, string>();

  constructor(readonly pairs: readonly [string, string][]) {
    for (const [name, value] of pairs) this.byName.set(name.toLowerCase(), value);
  }

  /** Present, as a bare flag or with any value (`uploads`, `uploads=1`, `downloads=`). */
  has(name: string): boolean {
    return this.byName.has(name);
  }

  get(name: string): string | undefined {
    return this.byName.get(name);
  }

  /** `true`/`True`/`1` (pyodps sends Python booleans as text). */
  flag(name: string): boolean {
    return /^(true|1)$/i.test(this.byName.get(name) ?? '');
  }
}
