/**
 * PutObject — `PUT /<key>` (https://help.aliyun.com/en/oss/developer-reference/putobject).
 * Supported: Buffer and stream bodies (Content-Length or chunked, streamed to disk), Content-MD5 check,
 * Content-Type, `x-oss-meta-*` and content headers stored, `x-oss-forbid-overwrite`. Replaces an object of any
 * type and makes it Normal. ACL, storage class, tagging and encryption headers are accepted and ignored.
 */
import fs from 'node:fs/promises';
import type { Handler } from './context';
import { attributesFromRequest, checkObjectKey, fileAlreadyExists, forbidsOverwrite, quoted } from './object-headers';
import { receiveObjectBody } from './request-body';
import { nowSeconds } from '../store/types';

export const putObject: Handler = async (context) => {
  const { store, key, headers } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const forbid = forbidsOverwrite(headers);
  // Fail before taking the body when the answer is already known.
  if (forbid && bucket.objects.has(key)) throw fileAlreadyExists(key);
  const blob = await receiveObjectBody(context);
  const meta = await store
    .withObjectLock(bucket.info.name, key, async () => {
      if (forbid && bucket.objects.has(key)) throw fileAlreadyExists(key);
      return store.commitObject(
        bucket,
        {
          key,
          size: blob.size,
          etag: blob.md5.toString('hex').toUpperCase(),
          crc64: blob.crc64,
          type: 'Normal',
          lastModified: nowSeconds(),
          ...attributesFromRequest(headers),
        },
        blob.tmpFile,
      );
    })
    .catch(async (err: unknown) => {
      await fs.rm(blob.tmpFile, { force: true });
      throw err;
    });
  return {
    status: 200,
    headers: {
      etag: quoted(meta.etag),
      'x-oss-hash-crc64ecma': meta.crc64,
      'content-md5': blob.md5.toString('base64'),
    },
  };
};
