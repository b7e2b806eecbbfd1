/**
 * The `x-ots-*` headers of requests and responses (spec 1.2, 1.4, 1.9): names, date formats, and builders that
 * produce a complete signed header set, so client and emulator cannot drift apart.
 */
import { randomUUID } from 'node:crypto';
import { contentMd5, signRequest, signResponse } from './signing';

/** The only API version every SDK sends. */
export const API_VERSION = '2015-12-31';

/** `x-ots-contenttype` of every response, as the real service sends it. */
export const RESPONSE_CONTENT_TYPE = 'protocol buffer';

/** Header names, lower-case. */
export const OtsHeader = {
  DATE: 'x-ots-date',
  API_VERSION: 'x-ots-apiversion',
  ACCESS_KEY_ID: 'x-ots-accesskeyid',
  INSTANCE_NAME: 'x-ots-instancename',
  CONTENT_MD5: 'x-ots-contentmd5',
  STS_TOKEN: 'x-ots-ststoken',
  SIGNATURE: 'x-ots-signature',
  CONTENT_TYPE: 'x-ots-contenttype',
  REQUEST_ID: 'x-ots-requestid',
  AUTHORIZATION: 'authorization',
} as const;

/** Request date as the npm and Java SDKs write it: `2024-01-02T03:04:05.678Z`. */
export function formatRequestDate(date: Date): string {
  return date.toISOString();
}

/**
 * Response date as the real service writes it, with microseconds: `2024-01-02T03:04:05.678901Z`. The Python SDK
 * requires a fraction; `microseconds` (0–999) refines the millisecond clock of `Date`.
 */
export function formatResponseDate(date: Date, microseconds = 0): string {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const micros = Math.min(999, Math.max(0, Math.trunc(microseconds)));
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

const OTS_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d*))?Z$/;

/**
 * Parses an `x-ots-date`, accepting any run of digits after the dot or none: the Go SDK's layout puts month, day and
 * hour digits there (spec 1.9), so the fraction is read as a plain decimal fraction of a second.
 * @returns the instant, or undefined when the text is not a UTC timestamp of this shape.
 */
export function parseOtsDate(text: string): Date | undefined {
  const match = OTS_DATE.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  const millis = fraction === '' ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC silently rolls 2024-02-31 over into March and 24:00 into the next day; such dates are malformed.
  const check = new Date(time);
  if (
    check.getUTCDate() !== Number(day) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCHours() !== Number(hour) ||
    check.getUTCMinutes() !== Number(minute) ||
    check.getUTCSeconds() !== Number(second)
  ) {
    return undefined;
  }
  return new Date(time + millis);
}

/** An AccessKey pair, optionally with an STS token. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  stsToken?: string;
}

/** Input of {@link buildRequestHeaders}. */
export interface RequestHeaderOptions {
  /** API name, e.g. `GetStreamRecord`; also the URL path. */
  action: string;
  body: Uint8Array;
  instanceName: string;
  credentials: Credentials;
  /** @default now */
  date?: Date;
}

/** The complete, signed `x-ots-*` header set of a request. */
export function buildRequestHeaders(options: RequestHeaderOptions): Record<string, string> {
  const { credentials } = options;
  const headers: Record<string, string> = {
    [OtsHeader.DATE]: formatRequestDate(options.date ?? new Date()),
    [OtsHeader.API_VERSION]: API_VERSION,
    [OtsHeader.ACCESS_KEY_ID]: credentials.accessKeyId,
    [OtsHeader.INSTANCE_NAME]: options.instanceName,
    [OtsHeader.CONTENT_MD5]: contentMd5(options.body),
  };
  if (credentials.stsToken !== undefined) headers[OtsHeader.STS_TOKEN] = credentials.stsToken;
  headers[OtsHeader.SIGNATURE] = signRequest(options.action, headers, credentials.accessKeySecret);
  return headers;
}

/** Input of {@link buildResponseHeaders}. */
export interface ResponseHeaderOptions {
  action: string;
  /** The exact body bytes that will be sent. */
  body: Uint8Array;
  /** @default a random UUID */
  requestId?: string;
  /** Real clock time; never a virtual test clock (the Python SDK rejects skew over 15 minutes). @default now */
  date?: Date;
  /**
   * The key the request was signed with. Omit when the request could not be authenticated: the response then
   * carries no `authorization`, which the Python SDK accepts for OTSAuthFailed and no other SDK reads on errors.
   */
  credentials?: Pick<Credentials, 'accessKeyId' | 'accessKeySecret'>;
}

/**
 * Exactly the headers the real service sends (spec 1.4): `x-ots-contentmd5`, `x-ots-contenttype`, `x-ots-date`,
 * `x-ots-requestid`, then `authorization` signed over them. The Java SDK fails a success response missing any of
 * them, and adding other `x-ots-*` headers would change the signature the SDKs recompute.
 */
export function buildResponseHeaders(options: ResponseHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    [OtsHeader.CONTENT_MD5]: contentMd5(options.body),
    [OtsHeader.CONTENT_TYPE]: RESPONSE_CONTENT_TYPE,
    [OtsHeader.DATE]: formatResponseDate(options.date ?? new Date()),
    [OtsHeader.REQUEST_ID]: options.requestId ?? randomUUID(),
  };
  if (options.credentials !== undefined) {
    const { accessKeyId, accessKeySecret } = options.credentials;
    headers[OtsHeader.AUTHORIZATION] = signResponse(options.action, headers, accessKeyId, accessKeySecret);
  }
  return headers;
}
