/**
 * Headers shared by the object handlers: what a writer may set (Content-Type, `x-oss-meta-*`, a few content
 * headers), what Get and Head send back (spec 4.1), date formats, ETag quoting and `x-oss-forbid-overwrite`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { header } from '../auth/request-to-sign';
import { OssServerError } from '../errors';
import { STORED_HEADERS, type ObjectAttributes, type ObjectMeta } from '../store/types';

/** Object keys: 1–1023 bytes of UTF-8, not starting with `/` or `\` (spec 4.3). */
export function checkObjectKey(key: string): void {
  const bytes = Buffer.byteLength(key);
  if (bytes < 1 || bytes > 1023 || key.startsWith('/') || key.startsWith('\\')) {
    throw new OssServerError('InvalidObjectName', { details: { ObjectName: key } });
  }
}

/** Content-Type, user metadata and content headers of a write request. */
export function attributesFromRequest(headers: IncomingHttpHeaders): ObjectAttributes {
  const userMeta: Record<string, string> = {};
  const stored: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-oss-meta-')) userMeta[name] = header(headers, name) ?? '';
    if (STORED_HEADERS.includes(name)) stored[name] = header(headers, name) ?? '';
  }
  return {
    contentType: header(headers, 'content-type') ?? 'application/octet-stream',
    userMeta,
    headers: stored,
  };
}

/** `x-oss-forbid-overwrite: true` (case-insensitive). @throws OssServerError InvalidArgument for other values. */
export function forbidsOverwrite(headers: IncomingHttpHeaders): boolean {
  const value = header(headers, 'x-oss-forbid-overwrite');
  if (value === undefined) return false;
  const normalized = value.trim().toLowerCase();
  if (normalized !== 'true' && normalized !== 'false') {
    throw new OssServerError('InvalidArgument', { message: 'x-oss-forbid-overwrite must be true or false.' });
  }
  return normalized === 'true';
}

export function fileAlreadyExists(key: string): OssServerError {
  return new OssServerError('FileAlreadyExists', { details: { Key: key } });
}

export function quoted(etag: string): string {
  return `"${etag}"`;
}

/** RFC 1123 with a two-digit day, as oss2's strict parser wants (`Sat, 05 Dec 2015 11:10:29 GMT`). */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** ISO 8601 with exactly `.000Z`: oss2 accepts nothing else (spec 5.6). */
export function isoDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** Headers of Get/Head/GetObjectMeta for an object (spec 4.1, 5.2). */
export function objectHeaders(meta: ObjectMeta): Record<string, string | number> {
  return {
    'content-type': meta.contentType,
    etag: quoted(meta.etag),
    'last-modified': httpDate(meta.lastModified),
    'x-oss-object-type': meta.type,
    'x-oss-hash-crc64ecma': meta.crc64,
    'x-oss-storage-class': 'Standard',
    'accept-ranges': 'bytes',
    ...(meta.type === 'Appendable' ? { 'x-oss-next-append-position': meta.size } : {}),
    ...meta.headers,
    ...meta.userMeta,
  };
}
