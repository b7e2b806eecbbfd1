/**
 * Tablestore V2 request signatures and response signatures (spec 1.3, 1.5): HMAC-SHA1 over canonicalized
 * `x-ots-*` headers, keyed by the AccessKey secret. Pure functions over header maps, shared by the emulator
 * (verify requests, sign responses) and the client (sign requests, verify responses).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Header map as Node's `http` module exposes it; names may be in any case (the Go SDK sends `X-Ots-Date`). */
export type HeaderMap = Readonly<Record<string, string | number | readonly string[] | undefined>>;

const SIGNATURE_HEADER = 'x-ots-signature';

/** `x-ots-contentmd5` of a body: base64 of the MD5 of the exact bytes sent (also for an empty body). */
export function contentMd5(body: Uint8Array): string {
  return createHash('md5').update(body).digest('base64');
}

/**
 * The `x-ots-*` headers as sorted `[lower-case name, trimmed value]` pairs, `x-ots-signature` excluded.
 * Values are trimmed as the Java, Go and Python SDKs do; the npm SDK does not trim, which agrees as long as values
 * carry no surrounding whitespace (they never do). A repeated header is joined with `,` (HTTP list semantics).
 */
export function canonicalOtsHeaders(headers: HeaderMap): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (!name.startsWith('x-ots-') || name === SIGNATURE_HEADER || rawValue === undefined) continue;
    const value = Array.isArray(rawValue) ? rawValue.join(',') : String(rawValue);
    pairs.push([name, value.trim()]);
  }
  // Byte order of the lower-cased names, as Java's TreeMap and Python's sorted() give for ASCII names.
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * String to sign of a request: `/<Action>\nPOST\n\n` then one `name:value\n` line per `x-ots-*` header. The empty
 * line is the canonical query string, always empty because no SDK sends one.
 */
export function requestStringToSign(action: string, headers: HeaderMap): string {
  let text = `/${action}\nPOST\n\n`;
  for (const [name, value] of canonicalOtsHeaders(headers)) text += `${name}:${value}\n`;
  return text;
}

/** HMAC-SHA1 of `data` keyed by `secret`, standard base64 (28 characters). */
export function hmacSha1Base64(secret: string, data: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The `x-ots-signature` value for a request with these headers (any `x-ots-signature` among them is ignored). */
export function signRequest(action: string, headers: HeaderMap, accessKeySecret: string): string {
  return hmacSha1Base64(accessKeySecret, requestStringToSign(action, headers));
}

/**
 * Whether the request's `x-ots-signature` matches the one computed from all its other `x-ots-*` headers.
 * Constant-time, so a caller cannot learn the signature byte by byte.
 */
export function verifyRequestSignature(action: string, headers: HeaderMap, accessKeySecret: string): boolean {
  const received = headerValue(headers, SIGNATURE_HEADER);
  if (received === undefined) return false;
  return safeEqual(received, signRequest(action, headers, accessKeySecret));
}

/**
 * String to sign of a response: one `name:value\n` line per `x-ots-*` response header, sorted, then `/<Action>`
 * with no trailing newline. The Java and Python constructions give these same bytes.
 */
export function responseStringToSign(action: string, headers: HeaderMap): string {
  let text = '';
  for (const [name, value] of canonicalOtsHeaders(headers)) text += `${name}:${value}\n`;
  return `${text}/${action}`;
}

/** The `authorization` value of a response: `OTS <AccessKeyId>:<signature>`, signed with the request's key. */
export function signResponse(action: string, headers: HeaderMap, accessKeyId: string, accessKeySecret: string): string {
  return `OTS ${accessKeyId}:${hmacSha1Base64(accessKeySecret, responseStringToSign(action, headers))}`;
}

/**
 * Whether a response's `authorization` header is `OTS <accessKeyId>:<signature>` with the signature over its
 * `x-ots-*` headers (the check the Python SDK makes; the Java SDK checks only the signature suffix).
 */
export function verifyResponseSignature(
  action: string,
  headers: HeaderMap,
  accessKeyId: string,
  accessKeySecret: string,
): boolean {
  const received = headerValue(headers, 'authorization');
  if (received === undefined) return false;
  return safeEqual(received, signResponse(action, headers, accessKeyId, accessKeySecret));
}

/** The value of header `name` (matched case-insensitively); a repeated header is joined with `,`. */
export function headerValue(headers: HeaderMap, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [rawName, rawValue] of Object.entries(headers)) {
    if (rawValue === undefined || rawName.toLowerCase() !== wanted) continue;
    return Array.isArray(rawValue) ? rawValue.join(',') : String(rawValue);
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
