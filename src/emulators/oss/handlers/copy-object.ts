/**
 * CopyObject — `PUT /<key>` with `x-oss-copy-source: /<bucket>/<percent-encoded key>`
 * (https://help.aliyun.com/en/oss/developer-reference/copyobject).
 * Supported: any source bucket on this server, ali-oss's whole-key encoding (`/` as `%2F`) and oss2's,
 * `x-oss-metadata-directive` COPY (default: source Content-Type and metadata) or REPLACE (the request's),
 * `x-oss-forbid-overwrite`, copies of Appendable and Multipart sources (the result is Normal, with its content MD5
 * as ETag). Not supported: `x-oss-copy-source-if-*` conditions, versions.
 */
import fs from 'node:fs/promises';
import { header } from '../auth/request-to-sign';
import { OssServerError } from '../errors';
import { readFiles, writeBlob } from '../store/blob-writer';
import { nowSeconds } from '../store/types';
import { element, xmlDocument } from '../xml';
import type { Handler } from './context';
import {
  attributesFromRequest,
  checkObjectKey,
  fileAlreadyExists,
  forbidsOverwrite,
  isoDate,
  quoted,
} from './object-headers';

/** `{bucket, key}` of an `x-oss-copy-source` value. @throws OssServerError InvalidArgument when malformed. */
export function parseCopySource(value: string): { bucket: string; key: string } {
  const withoutVersion = value.replace(/\?versionId=.*$/, '');
  const trimmed = withoutVersion.startsWith('/') ? withoutVersion.slice(1) : withoutVersion;
  const slash = trimmed.indexOf('/');
  if (slash <= 0 || slash === trimmed.length - 1) {
    throw new OssServerError('InvalidArgument', { message: 'x-oss-copy-source must be /<bucket>/<key>.' });
  }
  try {
    return { bucket: decodeURIComponent(trimmed.slice(0, slash)), key: decodeURIComponent(trimmed.slice(slash + 1)) };
  } catch (cause) {
    throw new OssServerError('InvalidArgument', { message: 'x-oss-copy-source is not properly encoded.', cause });
  }
}

export const copyObject: Handler = async (context) => {
  const { store, key, headers } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const source = parseCopySource(header(headers, 'x-oss-copy-source') ?? '');
  const sourceBucket = store.bucket(source.bucket);
  const directive = (header(headers, 'x-oss-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw new OssServerError('InvalidArgument', { message: 'x-oss-metadata-directive must be COPY or REPLACE.' });
  }
  const forbid = forbidsOverwrite(headers);
  if (forbid && bucket.objects.has(key)) throw fileAlreadyExists(key);
  const blob = await store.withObjectLock(source.bucket, source.key, async () => {
    // Under the source's lock: no append can grow or replace it while its bytes are read.
    const meta = sourceBucket.objects.get(source.key);
    if (meta === undefined) throw new OssServerError('NoSuchKey', { details: { Key: source.key } });
    const written = await writeBlob(
      store.layout,
      readFiles([{ file: store.blobPath(sourceBucket, meta), size: meta.size }]),
    );
    return { written, meta };
  });
  // Drain whatever body came with the request (normally none).
  context.req.resume();
  try {
    const attributes =
      directive === 'REPLACE'
        ? attributesFromRequest(headers)
        : { contentType: blob.meta.contentType, userMeta: blob.meta.userMeta, headers: blob.meta.headers };
    const meta = await store.withObjectLock(bucket.info.name, key, async () => {
      if (forbid && bucket.objects.has(key)) throw fileAlreadyExists(key);
      return store.commitObject(
        bucket,
        {
          key,
          size: blob.written.size,
          etag: blob.written.md5.toString('hex').toUpperCase(),
          crc64: blob.written.crc64,
          type: 'Normal',
          lastModified: nowSeconds(),
          ...attributes,
        },
        blob.written.tmpFile,
      );
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/xml', 'x-oss-hash-crc64ecma': meta.crc64 },
      body: xmlDocument(
        element('CopyObjectResult', [
          element('ETag', quoted(meta.etag)),
          element('LastModified', isoDate(meta.lastModified)),
        ]),
      ),
    };
  } finally {
    await fs.rm(blob.written.tmpFile, { force: true });
  }
};
