/**
 * DeleteObject — `DELETE /<key>` (https://help.aliyun.com/en/oss/developer-reference/deleteobject).
 * Always 204, whether or not the key existed (OSS deletes are idempotent; ali-oss accepts only 204).
 * Not supported: versions.
 */
import type { Handler } from './context';
import { checkObjectKey } from './object-headers';

export const deleteObject: Handler = async ({ store, bucketName, key }) => {
  checkObjectKey(key);
  const bucket = store.bucket(bucketName);
  await store.withObjectLock(bucketName, key, () => store.removeObject(bucket, key));
  return { status: 204 };
};
