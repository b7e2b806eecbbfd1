/**
 * AppendObject — `POST /<key>?append&position=<n>` (https://help.aliyun.com/en/oss/developer-reference/appendobject).
 * Creates an Appendable object at position 0 or appends at exactly its current length; anything else is 409
 * PositionNotEqualToLength carrying `x-oss-next-append-position` (oss2 reads it from the error), and Normal or
 * Multipart objects are 409 ObjectNotAppendable. Appends to one key run one at a time, so of two racing appends at
 * the same position exactly one wins. The CRC reported is the whole object's. Metadata comes from the first append.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { appendToFile, MAX_OBJECT_BYTES } from '../store/blob-writer';
import { nowSeconds, type ObjectMeta } from '../store/types';
import type { Handler } from './context';
import { attributesFromRequest, checkObjectKey, quoted } from './object-headers';
import { receiveObjectBody } from './request-body';

function checkPosition(existing: ObjectMeta | undefined, position: number, key: string): void {
  if (existing !== undefined && existing.type !== 'Appendable') {
    throw new OssServerError('ObjectNotAppendable', { details: { Key: key } });
  }
  const length = existing?.size ?? 0;
  if (position !== length) {
    throw new OssServerError('PositionNotEqualToLength', {
      details: { Key: key },
      headers: {
        'x-oss-next-append-position': String(length),
        ...(existing === undefined ? {} : { 'x-oss-hash-crc64ecma': existing.crc64 }),
      },
    });
  }
}

/** Appendable objects have no content MD5; each append chains the previous ETag with the new bytes' MD5. */
function nextEtag(previous: string | undefined, chunkMd5: Buffer): string {
  return createHash('md5')
    .update(previous ?? '')
    .update(chunkMd5)
    .digest('hex')
    .toUpperCase();
}

export const appendObject: Handler = async (context) => {
  const { store, key, headers } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const rawPosition = queryValue(context.query, 'position');
  if (rawPosition === undefined || rawPosition === '') {
    throw new OssServerError('MissingArgument', { details: { ArgumentName: 'position' } });
  }
  if (!/^\d+$/.test(rawPosition)) {
    throw new OssServerError('InvalidArgument', { details: { ArgumentName: 'position', ArgumentValue: rawPosition } });
  }
  const position = Number(rawPosition);
  checkPosition(bucket.objects.get(key), position, key);
  const blob = await receiveObjectBody(context, MAX_OBJECT_BYTES - position);
  try {
    const meta = await store.withObjectLock(bucket.info.name, key, async () => {
      const existing = bucket.objects.get(key);
      checkPosition(existing, position, key);
      if (existing === undefined) {
        return store.commitObject(
          bucket,
          {
            key,
            size: blob.size,
            etag: nextEtag(undefined, blob.md5),
            crc64: blob.crc64,
            type: 'Appendable',
            lastModified: nowSeconds(),
            ...attributesFromRequest(headers),
          },
          blob.tmpFile,
        );
      }
      const crc64 = await appendToFile(store.blobPath(bucket, existing), existing.size, blob.tmpFile, existing.crc64);
      const updated: ObjectMeta = {
        ...existing,
        size: existing.size + blob.size,
        etag: nextEtag(existing.etag, blob.md5),
        crc64,
        lastModified: nowSeconds(),
      };
      await store.updateObjectMeta(bucket, updated);
      return updated;
    });
    return {
      status: 200,
      headers: {
        etag: quoted(meta.etag),
        'x-oss-next-append-position': meta.size,
        'x-oss-hash-crc64ecma': meta.crc64,
      },
    };
  } finally {
    await fs.rm(blob.tmpFile, { force: true });
  }
};
