/**
 * ODPS request signatures (spec §2): the canonical string, the classic HMAC-SHA1 signature, the V4 variant (HMAC-SHA256
 * key derivation, HMAC-SHA1 final MAC) and the `Authorization: ODPS ...` header. Pure functions, shared by the writer
 * (signs) and the local server (recomputes and compares).
 */
import { createHmac } from 'node:crypto';

/** What the signature covers. */
export interface SignableRequest {
  method: string;
  /** Path relative to the endpoint (a prefix like /api removed), URL-decoded. */
  resource: string;
  /** Query parameters, names and values URL-decoded; an empty value is signed as a bare name. */
  query: readonly (readonly [string, string])[];
  /** Lower-case names (other cases are lower-cased). */
  headers: Readonly<Record<string, string | undefined>>;
}

const X_ODPS = 'x-odps-';

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The string to sign: method, Content-MD5, Content-Type, Date, the sorted `x-odps-*` headers and query parameters
 * (`name:value` lines; a query parameter overrides a header of the same name, as java's TreeMap does), then the
 * resource with the sorted query (`name=value` or bare `name`, joined by `&`; a repeated name keeps its last value).
 */
export function canonicalString(req: SignableRequest): string {
  const signed = new Map<string, string>();
  for (const [rawName, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (name === 'content-md5' || name === 'content-type' || name === 'date' || name.startsWith(X_ODPS)) {
      signed.set(name, value);
    }
  }
  const params = new Map<string, string>();
  for (const [name, value] of req.query) {
    params.set(name, value);
    const lower = name.toLowerCase();
    if (lower.startsWith(X_ODPS)) signed.set(lower, value);
  }
  let text = `${req.method.toUpperCase()}\n`;
  text += `${signed.get('content-md5') ?? ''}\n`;
  text += `${signed.get('content-type') ?? ''}\n`;
  text += `${signed.get('date') ?? ''}\n`;
  const odpsNames = [...signed.keys()].filter((n) => n.startsWith(X_ODPS)).sort(byCodeUnits);
  for (const name of odpsNames) text += `${name}:${signed.get(name) as string}\n`;
  text += req.resource;
  if (params.size > 0) {
    const names = [...params.keys()].sort(byCodeUnits);
    text += `?${names.map((n) => (params.get(n) === '' ? n : `${n}=${params.get(n) as string}`)).join('&')}`;
  }
  return text;
}

/** Classic signature: base64 HMAC-SHA1 of the canonical string keyed by the AccessKey secret. */
export function signClassic(canonical: string, accessKeySecret: string): string {
  return createHmac('sha1', Buffer.from(accessKeySecret, 'utf8')).update(canonical, 'utf8').digest('base64');
}

function hmacSha256(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', typeof key === 'string' ? Buffer.from(key, 'utf8') : key)
    .update(data, 'utf8')
    .digest();
}

/** V4 signature: HMAC-SHA256 chain ("aliyun_v4" + secret → date → region → "odps" → "aliyun_v4_request"), then HMAC-SHA1. */
export function signV4(canonical: string, accessKeySecret: string, yyyymmdd: string, region: string): string {
  let key = hmacSha256(`aliyun_v4${accessKeySecret}`, yyyymmdd);
  key = hmacSha256(key, region);
  key = hmacSha256(key, 'odps');
  key = hmacSha256(key, 'aliyun_v4_request');
  return createHmac('sha1', key).update(canonical, 'utf8').digest('base64');
}

/** `ODPS ak:sig`, or with `v4` `ODPS ak/date/region/odps/aliyun_v4_request:sig`. */
export function authorizationHeader(
  accessKeyId: string,
  signature: string,
  v4?: { date: string; region: string },
): string {
  const credential = v4 ? `${accessKeyId}/${v4.date}/${v4.region}/odps/aliyun_v4_request` : accessKeyId;
  return `ODPS ${credential}:${signature}`;
}

/**
 * Parses an `Authorization: ODPS <credential>:<signature>` value, splitting at the last `:`; a credential containing
 * `/` is V4 and must be `ak/yyyyMMdd/region/odps/aliyun_v4_request`. Undefined for anything else.
 */
export function parseAuthorization(
  header: string,
): { accessKeyId: string; signature: string; v4?: { date: string; region: string } } | undefined {
  const match = /^ODPS\s+(.+)$/.exec(header.trim());
  if (!match) return undefined;
  const rest = match[1] as string;
  const colon = rest.lastIndexOf(':');
  if (colon <= 0 || colon === rest.length - 1) return undefined;
  const credential = rest.slice(0, colon);
  const signature = rest.slice(colon + 1);
  if (!credential.includes('/')) return { accessKeyId: credential, signature };
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[3] !== 'odps' || parts[4] !== 'aliyun_v4_request') return undefined;
  const [accessKeyId, date, region] = parts as [string, string, string];
  if (accessKeyId === '' || !/^\d{8}$/.test(date) || region === '') return undefined;
  return { accessKeyId, signature, v4: { date, region } };
}
