/**
 * Which bucket and object a request addresses (spec 1.4). ali-oss with an IP endpoint sends `/<key>` and rewrites
 * Host to `<bucket>.oss-<region>.aliyuncs.com` (virtual-hosted); oss2 with an IP or `localhost` endpoint sends
 * `/<bucket>/<key>` with Host = the endpoint (path style). So: a Host that is an IP literal, `localhost` or one of
 * the server's own names means path style; any other Host names the bucket in its first DNS label. The raw path
 * is split before percent-decoding, and in the path `+` stays a plus (both SDKs encode a space there as `%20`).
 */
import { isIP } from 'node:net';
import { OssServerError } from './errors';

/** One query parameter as sent: `hasValue` tells `?uploads=` (true) from `?uploads` (false); both mean "empty". */
export interface QueryParam {
  name: string;
  value: string;
  hasValue: boolean;
}

export interface Addressed {
  /** The bucket, or undefined for service-level requests (`GET /` on the endpoint). */
  bucket: string | undefined;
  /** The decoded object key; '' for bucket-level requests. */
  key: string;
  /** True when the bucket came from the path (oss2, health checks). */
  pathStyle: boolean;
  /** The URL path as sent (still encoded). */
  rawPath: string;
  query: QueryParam[];
}

/**
 * Resolves bucket, key and query of a request.
 * @param ownHosts extra host names (no port) that mean path style, besides IP literals and `localhost`.
 * @throws OssServerError InvalidURI when the path or query has a malformed percent-escape.
 */
export function resolveAddress(url: string, hostHeader: string | undefined, ownHosts: ReadonlySet<string>): Addressed {
  const questionMark = url.indexOf('?');
  const rawPath = questionMark === -1 ? url : url.slice(0, questionMark);
  const query = parseQuery(questionMark === -1 ? '' : url.slice(questionMark + 1));
  const host = stripPort(hostHeader ?? '').toLowerCase();
  const pathStyle = host === '' || host === 'localhost' || isIP(host) !== 0 || ownHosts.has(host);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (pathStyle) {
    const slash = path.indexOf('/');
    const bucketPart = slash === -1 ? path : path.slice(0, slash);
    const keyPart = slash === -1 ? '' : path.slice(slash + 1);
    return {
      bucket: bucketPart === '' ? undefined : decode(bucketPart),
      key: decode(keyPart),
      pathStyle,
      rawPath,
      query,
    };
  }
  const label = host.split('.')[0] ?? '';
  // ali-oss sends `undefined.<region>.aliyuncs.com` for bucket-less calls (spec 1.2).
  const bucket = label === '' || label === 'undefined' ? undefined : label;
  return { bucket, key: decode(path), pathStyle, rawPath, query };
}

/** Strips `:port` from a Host value, and the brackets of an IPv6 literal. */
function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? host : host.slice(1, end);
  }
  const colon = host.lastIndexOf(':');
  return colon !== -1 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

/**
 * Query parameters in order, names and values percent-decoded. Unlike in the path, `+` in the query is a space:
 * oss2 (through `requests`) form-encodes query values (`dir one` → `dir+one`) while signing the decoded value, and
 * neither SDK sends a literal plus unescaped (both send `%2B`).
 */
export function parseQuery(raw: string): QueryParam[] {
  if (raw === '') return [];
  const decodeForm = (text: string) => decode(text.replace(/\+/g, ' '));
  return raw
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      return eq === -1
        ? { name: decodeForm(part), value: '', hasValue: false }
        : { name: decodeForm(part.slice(0, eq)), value: decodeForm(part.slice(eq + 1)), hasValue: true };
    });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    throw new OssServerError('InvalidURI', { message: 'The URI contains a malformed percent-escape.', cause });
  }
}

/** The first value of a query parameter, or undefined when absent. */
export function queryValue(query: readonly QueryParam[], name: string): string | undefined {
  return query.find((p) => p.name === name)?.value;
}

export function hasQuery(query: readonly QueryParam[], name: string): boolean {
  return query.some((p) => p.name === name);
}
