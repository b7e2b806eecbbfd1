/**
 * OSS signature version 4, `OSS4-HMAC-SHA256` (spec 3): a canonical request over the URI-encoded resource, every
 * query parameter, the signed headers and `x-oss-content-sha256`, hashed into a string to sign, signed with a key
 * derived from the secret, the scope date and region.
 */
import { createHash, createHmac } from 'node:crypto';
import { header, ossHeaders, type RequestToSign } from './request-to-sign';
import { SIGNED_SUBRESOURCES } from './signature-v1';

/** The parts of an `OSS4-HMAC-SHA256` Authorization header. */
export interface AuthorizationV4 {
  accessKeyId: string;
  /** `yyyyMMdd` of the credential scope. */
  date: string;
  region: string;
  product: string;
  /** Extra signed header names, lower-case, as listed. */
  additionalHeaders: string[];
  signature: string;
}

/**
 * Parses the header tolerantly (spec 3.2): items after the first space split on `,`, trimmed, each split on its
 * first `=`, in any order (ali-oss sends `,` and Credential, AdditionalHeaders, Signature; oss2 sends `, ` and
 * Credential, Signature, AdditionalHeaders). Returns a reason string when it is malformed.
 */
export function parseAuthorizationV4(value: string): AuthorizationV4 | string {
  const space = value.indexOf(' ');
  if (space === -1) return 'The Authorization header has no credential.';
  const items = new Map<string, string>();
  for (const item of value.slice(space + 1).split(',')) {
    const trimmed = item.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq === -1) return `Malformed Authorization item '${trimmed}'.`;
    items.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
  }
  const credential = items.get('Credential');
  const signature = items.get('Signature');
  if (credential === undefined || signature === undefined) return 'Credential and Signature are required.';
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aliyun_v4_request') return `Malformed Credential '${credential}'.`;
  const additional = items.get('AdditionalHeaders');
  if (additional === '') return 'AdditionalHeaders must not be empty.';
  return {
    accessKeyId: scope[0]!,
    date: scope[1]!,
    region: scope[2]!,
    product: scope[3]!,
    additionalHeaders: additional === undefined ? [] : additional.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}

/** RFC 3986 encoding: unreserved characters kept, everything else `%XX` (upper-case) of its UTF-8 bytes. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * How a parameter sent with an empty value is rendered: ali-oss signs its flag sub-resources bare (`uploads`) but
 * empty ordinary parameters as `prefix=`, and both look the same on the wire (spec 3.5). So verification tries
 * the forms in this order.
 */
export type EmptyValueForm = 'bare' | 'with-equals' | 'flags-bare';

/** How query names are ordered: byte order, or ali-oss's `localeCompare` (they differ only for odd names). */
export type QueryOrder = 'bytes' | 'locale';

export function canonicalQueryV4(
  query: RequestToSign['query'],
  empty: EmptyValueForm = 'bare',
  order: QueryOrder = 'bytes',
): string {
  const entries = query.map((p) => ({ name: p.name, encoded: uriEncode(p.name), value: p.value }));
  entries.sort((a, b) =>
    order === 'locale' ? a.name.localeCompare(b.name) : a.encoded < b.encoded ? -1 : a.encoded > b.encoded ? 1 : 0,
  );
  return entries
    .map(({ name, encoded, value }) => {
      if (value !== '') return `${encoded}=${uriEncode(value)}`;
      const bare = empty === 'bare' || (empty === 'flags-bare' && SIGNED_SUBRESOURCES.has(name));
      return bare ? encoded : `${encoded}=`;
    })
    .join('&');
}

/** The canonical request (spec 3.3), joined with `\n`, no trailing newline. */
export function canonicalRequestV4(
  request: RequestToSign,
  additionalHeaders: readonly string[],
  empty: EmptyValueForm = 'bare',
  order: QueryOrder = 'bytes',
): string {
  const { headers } = request;
  const resource = request.bucket === undefined ? '/' : `/${request.bucket}/${request.key}`;
  const signed = new Map<string, string>(ossHeaders(headers));
  for (const name of ['content-type', 'content-md5', ...additionalHeaders]) {
    const value = header(headers, name);
    if (value !== undefined) signed.set(name, value.trim());
  }
  const canonicalHeaders = [...signed.keys()]
    .sort()
    .map((name) => `${name}:${signed.get(name)}\n`)
    .join('');
  return [
    request.method.toUpperCase(),
    uriEncode(resource).replace(/%2F/g, '/'),
    canonicalQueryV4(request.query, empty, order),
    canonicalHeaders,
    additionalHeaders.join(';'),
    header(headers, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
}

/** `OSS4-HMAC-SHA256 \n <x-oss-date> \n <scope> \n hex(SHA256(canonical request))`. */
export function stringToSignV4(canonicalRequest: string, ossDate: string, scope: string): string {
  return ['OSS4-HMAC-SHA256', ossDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
}

/** Lower-case hex HMAC-SHA256 with the key derived from secret, date, region and product (spec 3.4). */
export function signV4(secret: string, date: string, region: string, product: string, stringToSign: string): string {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, date), region), product), 'aliyun_v4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}
