/**
 * InitiateMultipartUpload — `POST /<key>?uploads`, UploadPart — `PUT /<key>?partNumber=&uploadId=`,
 * AbortMultipartUpload — `DELETE /<key>?uploadId=` (https://help.aliyun.com/en/oss/developer-reference/multipart-upload).
 * Supported: Content-Type and `x-oss-meta-*` taken at Initiate, `x-oss-forbid-overwrite` at Initiate, part numbers
 * 1..10000 (re-uploading a number replaces the part), parts of up to 5 GiB streamed to disk, Content-MD5, the
 * part's ETag (upper-hex MD5, quoted; ali-oss throws without it) and CRC-64 on every part.
 * Not supported: UploadPartCopy, ListMultipartUploads.
 */
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { commitPart, createUpload, findUpload, removeUpload } from '../store/multipart';
import { element, xmlDocument } from '../xml';
import type { Handler } from './context';
import { attributesFromRequest, checkObjectKey, fileAlreadyExists, forbidsOverwrite, quoted } from './object-headers';
import { receiveObjectBody } from './request-body';
import fs from 'node:fs/promises';

export const initiateMultipartUpload: Handler = async (context) => {
  const { store, key, headers } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  if (forbidsOverwrite(headers) && bucket.objects.has(key)) throw fileAlreadyExists(key);
  const upload = await createUpload(store, bucket, key, attributesFromRequest(headers));
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument(
      element('InitiateMultipartUploadResult', [
        element('Bucket', bucket.info.name),
        element('Key', key),
        element('UploadId', upload.meta.uploadId),
      ]),
    ),
  };
};

/** @throws OssServerError InvalidArgument unless 1..10000. */
function partNumberOf(raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10000) {
    throw new OssServerError('InvalidArgument', {
      message: 'Part number must be an integer between 1 and 10000, inclusive.',
      details: { ArgumentName: 'partNumber', ArgumentValue: raw ?? '' },
    });
  }
  return Number(raw);
}

export const uploadPart: Handler = async (context) => {
  const { store, key } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const partNumber = partNumberOf(queryValue(context.query, 'partNumber'));
  const uploadId = queryValue(context.query, 'uploadId') ?? '';
  const upload = findUpload(bucket, uploadId, key);
  const blob = await receiveObjectBody(context);
  try {
    const part = await commitPart(store, bucket, upload, partNumber, blob);
    return { status: 200, headers: { etag: quoted(part.etag), 'x-oss-hash-crc64ecma': part.crc64 } };
  } finally {
    await fs.rm(blob.tmpFile, { force: true });
  }
};

export const abortMultipartUpload: Handler = async (context) => {
  const { store, key } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const uploadId = queryValue(context.query, 'uploadId') ?? '';
  await store.locks.run(`upload:${uploadId}`, async () => {
    await removeUpload(store, bucket, findUpload(bucket, uploadId, key));
  });
  return { status: 204 };
};
