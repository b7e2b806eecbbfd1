/**
 * Bucket operations: PutBucket — `PUT /` (https://help.aliyun.com/en/oss/developer-reference/putbucket),
 * GetBucketInfo — `GET /?bucketInfo` (https://help.aliyun.com/en/oss/developer-reference/getbucketinfo),
 * GetBucketLocation — `GET /?location`, DeleteBucket — `DELETE /` (409 BucketNotEmpty with objects or uploads).
 * PutBucket reads StorageClass and DataRedundancyType from an optional CreateBucketConfiguration and the
 * `x-oss-acl` header; re-creating an existing bucket is 409 BucketAlreadyExists. Every bucket belongs to the one
 * account this server has.
 */
import { header } from '../auth/request-to-sign';
import { OssServerError } from '../errors';
import { childText, element, xmlDocument } from '../xml';
import type { Handler } from './context';
import { OWNER_ID } from './list-objects';
import { isoDate } from './object-headers';
import { readSmallBody, readXmlBody } from './request-body';

export const putBucket: Handler = async (context) => {
  const { store, bucketName, headers } = context;
  const hasBody =
    Number(header(headers, 'content-length') ?? 0) > 0 || header(headers, 'transfer-encoding') !== undefined;
  let storageClass: string | undefined;
  let dataRedundancyType: string | undefined;
  if (hasBody) {
    const root = await readXmlBody(context);
    if (root.name !== 'CreateBucketConfiguration') throw new OssServerError('MalformedXML');
    storageClass = childText(root, 'StorageClass');
    dataRedundancyType = childText(root, 'DataRedundancyType');
  } else {
    await readSmallBody(context);
  }
  const acl = header(headers, 'x-oss-acl');
  const created = await store.createBucket(bucketName, {
    ...(storageClass ? { storageClass } : {}),
    ...(dataRedundancyType ? { dataRedundancyType } : {}),
    ...(acl ? { acl } : {}),
  });
  if (!created) throw new OssServerError('BucketAlreadyExists', { details: { BucketName: bucketName } });
  return { status: 200, headers: { location: `/${bucketName}` } };
};

export const getBucketInfo: Handler = async ({ store, bucketName, region }) => {
  const { info } = store.bucket(bucketName);
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument(
      element(
        'BucketInfo',
        element('Bucket', [
          element('AccessMonitor', 'Disabled'),
          element('CreationDate', isoDate(info.creationDate)),
          element('ExtranetEndpoint', `${region}.aliyuncs.com`),
          element('IntranetEndpoint', `${region}-internal.aliyuncs.com`),
          element('Location', region),
          element('StorageClass', info.storageClass),
          element('TransferAcceleration', 'Disabled'),
          element('CrossRegionReplication', 'Disabled'),
          element('Name', info.name),
          element('ResourceGroupId', 'rg-default'),
          element('Owner', [element('DisplayName', OWNER_ID), element('ID', OWNER_ID)]),
          element('AccessControlList', element('Grant', info.acl)),
          element('DataRedundancyType', info.dataRedundancyType),
          element('Comment', ''),
          element('Versioning', 'Disabled'),
          element('ServerSideEncryptionRule', element('SSEAlgorithm', 'None')),
          element('BucketPolicy', element('LogBucket', '')),
        ]),
      ),
    ),
  };
};

export const getBucketLocation: Handler = async ({ store, bucketName, region }) => {
  store.bucket(bucketName);
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: xmlDocument(element('LocationConstraint', region)),
  };
};

export const deleteBucket: Handler = async ({ store, bucketName }) => {
  const bucket = store.bucket(bucketName);
  if (bucket.objects.size > 0 || bucket.uploads.size > 0) {
    throw new OssServerError('BucketNotEmpty', { details: { BucketName: bucketName } });
  }
  await store.removeBucket(bucketName);
  return { status: 204 };
};
