/**
 * DeleteMultipleObjects — `POST /?delete` (https://help.aliyun.com/en/oss/developer-reference/deletemultipleobjects).
 * Supported: up to 1000 keys, quiet (empty body when all succeed) and verbose modes, `encoding-type=url`,
 * Content-MD5 required (spec 5.5). Keys that did not exist are reported as deleted. `<VersionId>` is ignored.
 */
import { queryValue } from '../addressing';
import { OssServerError } from '../errors';
import { childrenNamed, childText, element, xmlDocument } from '../xml';
import type { Handler } from './context';
import { checkObjectKey } from './object-headers';
import { readXmlBody } from './request-body';
import { encodeKey, isUrlEncoding } from './list-encoding';

export const deleteMultipleObjects: Handler = async (context) => {
  const { store, bucketName, query } = context;
  const bucket = store.bucket(bucketName);
  const root = await readXmlBody(context, true);
  if (root.name !== 'Delete') throw new OssServerError('MalformedXML');
  const keys = childrenNamed(root, 'Object').map((o) => childText(o, 'Key') ?? '');
  if (keys.length === 0 || keys.length > 1000) throw new OssServerError('MalformedXML');
  const quiet = childText(root, 'Quiet')?.toLowerCase() === 'true';
  const urlEncoding = isUrlEncoding(queryValue(query, 'encoding-type'));
  for (const key of keys) checkObjectKey(key);
  for (const key of keys) await store.withObjectLock(bucketName, key, () => store.removeObject(bucket, key));
  if (quiet) return { status: 200, headers: { 'content-type': 'application/xml' }, body: '' };
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument(
      element('DeleteResult', [
        ...keys.map((key) => element('Deleted', element('Key', encodeKey(key, urlEncoding)))),
        urlEncoding ? element('EncodingType', 'url') : undefined,
      ]),
    ),
  };
};
