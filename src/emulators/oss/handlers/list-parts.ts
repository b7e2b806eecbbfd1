/**
 * ListParts — `GET /<key>?uploadId=<id>` (https://help.aliyun.com/en/oss/developer-reference/listparts).
 * Supported: max-parts (default and at most 1000), part-number-marker (exclusive), encoding-type=url. Each part has
 * the elements oss2 requires (PartNumber, ETag, Size, `.000Z` LastModified) plus HashCrc64ecma.
 */
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { findUpload } from '../store/multipart';
import { element, xmlDocument } from '../xml';
import type { Handler } from './context';
import { encodeKey, isUrlEncoding } from './list-encoding';
import { checkObjectKey, isoDate, quoted } from './object-headers';

function integerParam(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new OssServerError('InvalidArgument', { details: { ArgumentName: name, ArgumentValue: raw } });
  }
  return Number(raw);
}

export const listParts: Handler = async (context) => {
  const { store, key, query } = context;
  checkObjectKey(key);
  const bucket = store.bucket(context.bucketName);
  const uploadId = queryValue(query, 'uploadId') ?? '';
  const upload = findUpload(bucket, uploadId, key);
  const maxParts = integerParam(queryValue(query, 'max-parts'), 'max-parts', 1000, 1000);
  const marker = integerParam(queryValue(query, 'part-number-marker'), 'part-number-marker', 0, 10000);
  const urlEncoding = isUrlEncoding(queryValue(query, 'encoding-type'));
  const after = [...upload.parts.values()]
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument(
      element('ListPartsResult', [
        element('Bucket', bucket.info.name),
        element('Key', encodeKey(key, urlEncoding)),
        element('UploadId', uploadId),
        element('PartNumberMarker', marker),
        element('NextPartNumberMarker', page.at(-1)?.partNumber ?? marker),
        element('MaxParts', maxParts),
        element('IsTruncated', truncated),
        urlEncoding ? element('EncodingType', 'url') : undefined,
        ...page.map((part) =>
          element('Part', [
            element('PartNumber', part.partNumber),
            element('LastModified', isoDate(part.lastModified)),
            element('ETag', quoted(part.etag)),
            element('HashCrc64ecma', part.crc64),
            element('Size', part.size),
          ]),
        ),
      ]),
    ),
  };
};
