/**
 * ListObjects — `GET /` (https://help.aliyun.com/en/oss/developer-reference/listobjects) and ListObjectsV2 —
 * `GET /?list-type=2` (https://help.aliyun.com/en/oss/developer-reference/listobjectsv2).
 * Supported: prefix, marker / start-after / continuation-token, max-keys (default 100, at most 1000), delimiter with
 * CommonPrefixes, encoding-type=url, fetch-owner (V2). V1 always includes `<Owner>` (ali-oss reads it unguarded);
 * timestamps are `.000Z` (oss2 accepts nothing else). Continuation tokens are the base64 of the last key or prefix.
 */
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { listKeys, type ListPage } from '../store/listing';
import type { ObjectMeta } from '../store/types';
import { element, xmlDocument, type XmlNode } from '../xml';
import type { Handler, RequestContext } from './context';
import { encodeKey, isUrlEncoding } from './list-encoding';
import { isoDate, quoted } from './object-headers';

/** The owner reported for every object and bucket: there is one account. */
export const OWNER_ID = '1234567890123456';

export function ownerElement(): XmlNode {
  return element('Owner', [element('ID', OWNER_ID), element('DisplayName', OWNER_ID)]);
}

function maxKeysOf(context: RequestContext): number {
  const raw = queryValue(context.query, 'max-keys');
  if (raw === undefined || raw === '') return 100;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 1000) {
    throw new OssServerError('InvalidArgument', {
      message: 'max-keys must be an integer from 0 to 1000.',
      details: { ArgumentName: 'max-keys', ArgumentValue: raw },
    });
  }
  return n;
}

function contents(objects: ReadonlyMap<string, ObjectMeta>, page: ListPage, withOwner: boolean, urlEncoding: boolean) {
  return page.keys.map((key) => {
    const meta = objects.get(key)!;
    return element('Contents', [
      element('Key', encodeKey(key, urlEncoding)),
      element('LastModified', isoDate(meta.lastModified)),
      element('ETag', quoted(meta.etag)),
      element('Type', meta.type),
      element('Size', meta.size),
      element('StorageClass', 'Standard'),
      withOwner ? ownerElement() : undefined,
    ]);
  });
}

function commonPrefixes(page: ListPage, urlEncoding: boolean) {
  return page.prefixes.map((p) => element('CommonPrefixes', element('Prefix', encodeKey(p, urlEncoding))));
}

const xml = (root: XmlNode) => ({
  status: 200,
  headers: { 'content-type': 'application/xml' },
  body: xmlDocument(root),
});

export const listObjects: Handler = async (context) => {
  const bucket = context.store.bucket(context.bucketName);
  const prefix = queryValue(context.query, 'prefix') ?? '';
  const marker = queryValue(context.query, 'marker') ?? '';
  const delimiter = queryValue(context.query, 'delimiter') ?? '';
  const maxKeys = maxKeysOf(context);
  const urlEncoding = isUrlEncoding(queryValue(context.query, 'encoding-type'));
  const page = listKeys(bucket.sortedKeys(), { prefix, marker, delimiter, maxKeys });
  const enc = (text: string) => encodeKey(text, urlEncoding);
  return xml(
    element('ListBucketResult', [
      element('Name', bucket.info.name),
      element('Prefix', enc(prefix)),
      element('Marker', enc(marker)),
      element('MaxKeys', maxKeys),
      element('Delimiter', enc(delimiter)),
      urlEncoding ? element('EncodingType', 'url') : undefined,
      element('IsTruncated', page.truncated),
      page.nextMarker === undefined ? undefined : element('NextMarker', enc(page.nextMarker)),
      ...contents(bucket.objects, page, true, urlEncoding),
      ...commonPrefixes(page, urlEncoding),
    ]),
  );
};

export const listObjectsV2: Handler = async (context) => {
  const bucket = context.store.bucket(context.bucketName);
  const prefix = queryValue(context.query, 'prefix') ?? '';
  const startAfter = queryValue(context.query, 'start-after') ?? '';
  const token = queryValue(context.query, 'continuation-token') ?? '';
  const delimiter = queryValue(context.query, 'delimiter') ?? '';
  const maxKeys = maxKeysOf(context);
  const urlEncoding = isUrlEncoding(queryValue(context.query, 'encoding-type'));
  const fetchOwner = queryValue(context.query, 'fetch-owner')?.toLowerCase() === 'true';
  const tokenMarker = token === '' ? '' : Buffer.from(token, 'base64').toString('utf8');
  // The token continues where the previous page stopped, so it wins over start-after.
  const marker = token === '' ? startAfter : tokenMarker;
  const page = listKeys(bucket.sortedKeys(), { prefix, marker, delimiter, maxKeys });
  const enc = (text: string) => encodeKey(text, urlEncoding);
  return xml(
    element('ListBucketResult', [
      element('Name', bucket.info.name),
      element('Prefix', enc(prefix)),
      startAfter === '' ? undefined : element('StartAfter', enc(startAfter)),
      token === '' ? undefined : element('ContinuationToken', token),
      element('MaxKeys', maxKeys),
      element('Delimiter', enc(delimiter)),
      urlEncoding ? element('EncodingType', 'url') : undefined,
      element('IsTruncated', page.truncated),
      page.nextMarker === undefined
        ? undefined
        : element('NextContinuationToken', Buffer.from(page.nextMarker).toString('base64')),
      element('KeyCount', page.keys.length + page.prefixes.length),
      ...contents(bucket.objects, page, fetchOwner, urlEncoding),
      ...commonPrefixes(page, urlEncoding),
    ]),
  );
};
