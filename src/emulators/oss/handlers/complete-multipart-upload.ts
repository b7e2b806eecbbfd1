/**
 * CompleteMultipartUpload — `POST /<key>?uploadId=<id>`
 * (https://help.aliyun.com/en/oss/developer-reference/completemultipartupload).
 * Checks in the order spec 5.9 lists: the upload exists (404 NoSuchUpload), the XML is valid (MalformedXML), part
 * numbers strictly ascend (InvalidPartOrder), every listed part exists with that ETag, compared without quotes and
 * case (InvalidPart), every part but the last is at least 100 KB (EntityTooSmall), and `x-oss-forbid-overwrite`
 * (FileAlreadyExists). Only the listed parts form the object, which appears in one commit. The ETag is the MD5 of
 * the parts' binary MD5s plus `-<count>`. Not supported: `x-oss-complete-all`, callbacks.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { readFiles, writeBlob } from '../store/blob-writer';
import { findUpload, partFile, removeUpload } from '../store/multipart';
import { nowSeconds, type PartMeta } from '../store/types';
import { childrenNamed, childText, element, xmlDocument, type XmlElement } from '../xml';
import type { Handler } from './context';
import { checkObjectKey, fileAlreadyExists, forbidsOverwrite, quoted } from './object-headers';
import { readXmlBody } from './request-body';

/** Smallest part size allowed for every part but the last. */
export const MIN_PART_BYTES = 102400;

function listedParts(root: XmlElement): { partNumber: number; etag: string }[] {
  if (root.name !== 'CompleteMultipartUpload') throw new OssServerError('MalformedXML');
  const parts = childrenNamed(root, 'Part').map((part) => {
    const number = childText(part, 'PartNumber') ?? '';
    const etag = childText(part, 'ETag');
    if (!/^\d+$/.test(number) || etag === undefined) throw new OssServerError('MalformedXML');
    return { partNumber: Number(number), etag: etag.replace(/"/g, '').toUpperCase() };
  });
  if (parts.length === 0) throw new OssServerError('MalformedXML');
  return parts;
}

export const completeMultipartUpload: Handler = async (context) => {
  const { store, key, headers } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const uploadId = queryValue(context.query, 'uploadId') ?? '';
  findUpload(bucket, uploadId, key);
  const root = await readXmlBody(context);
  const forbid = forbidsOverwrite(headers);
  return store.locks.run(`upload:${uploadId}`, () =>
    store.withObjectLock(bucket.info.name, key, async () => {
      const upload = findUpload(bucket, uploadId, key);
      const listed = listedParts(root);
      listed.forEach((part, i) => {
        if (i > 0 && part.partNumber <= listed[i - 1]!.partNumber) throw new OssServerError('InvalidPartOrder');
      });
      const parts: PartMeta[] = listed.map(({ partNumber, etag }) => {
        const part = upload.parts.get(partNumber);
        if (part === undefined || part.etag !== etag) {
          throw new OssServerError('InvalidPart', { details: { PartNumber: partNumber, ETag: etag } });
        }
        return part;
      });
      parts.slice(0, -1).forEach((part) => {
        if (part.size < MIN_PART_BYTES) {
          throw new OssServerError('EntityTooSmall', {
            details: { PartNumber: part.partNumber, ProposedSize: part.size, MinSizeAllowed: MIN_PART_BYTES },
          });
        }
      });
      if (forbid && bucket.objects.has(key)) throw fileAlreadyExists(key);
      const blob = await writeBlob(
        store.layout,
        readFiles(parts.map((part) => ({ file: partFile(store, bucket, upload, part), size: part.size }))),
      );
      const md5s = createHash('md5');
      for (const part of parts) md5s.update(Buffer.from(part.etag, 'hex'));
      const etag = `${md5s.digest('hex').toUpperCase()}-${parts.length}`;
      try {
        await store.commitObject(
          bucket,
          {
            key,
            size: blob.size,
            etag,
            crc64: blob.crc64,
            type: 'Multipart',
            lastModified: nowSeconds(),
            contentType: upload.meta.contentType,
            userMeta: upload.meta.userMeta,
            headers: upload.meta.headers,
          },
          blob.tmpFile,
        );
      } finally {
        await fs.rm(blob.tmpFile, { force: true });
      }
      await removeUpload(store, bucket, upload);
      return {
        status: 200,
        headers: { 'content-type': 'application/xml', etag: quoted(etag), 'x-oss-hash-crc64ecma': blob.crc64 },
        body: xmlDocument(
          element('CompleteMultipartUploadResult', [
            element('Location', `http://${bucket.info.name}.${context.region}.aliyuncs.com/${encodeURI(key)}`),
            element('Bucket', bucket.info.name),
            element('Key', key),
            element('ETag', quoted(etag)),
          ]),
        ),
      };
    }),
  );
};
