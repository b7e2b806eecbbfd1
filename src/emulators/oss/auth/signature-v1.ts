/**
 * OSS signature version 1: `Authorization: OSS <AccessKeyId>:<base64 HMAC-SHA1>` (spec 2). The signed string is
 * verb, Content-MD5, Content-Type, the date line (`x-oss-date` when present, else `Date`: ali-oss sends only the
 * former, oss2 only the latter), the sorted `x-oss-*` headers and the canonical resource with the signed
 * sub-resources only.
 */
import { createHmac } from 'node:crypto';
import { header, ossHeaders, type RequestToSign } from './request-to-sign';

/** Query parameters that are part of the V1 canonical resource (oss2's `_subresource_key_set`, spec 2.4). */
export const SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'acl',
  'uploads',
  'location',
  'cors',
  'logging',
  'website',
  'referer',
  'lifecycle',
  'delete',
  'append',
  'tagging',
  'objectMeta',
  'uploadId',
  'partNumber',
  'security-token',
  'position',
  'style',
  'styleName',
  'replication',
  'replicationProgress',
  'replicationLocation',
  'cname',
  'bucketInfo',
  'comp',
  'qos',
  'live',
  'status',
  'vod',
  'startTime',
  'endTime',
  'symlink',
  'x-oss-process',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'restore',
  'callback',
  'callback-var',
  'qosInfo',
  'policy',
  'stat',
  'encryption',
  'versions',
  'versioning',
  'versionId',
  'requestPayment',
  'x-oss-request-payer',
  'sequential',
  'inventory',
  'inventoryId',
  'continuation-token',
  'asyncFetch',
  'worm',
  'wormId',
  'wormExtend',
  'x-oss-traffic-limit',
  'objectInfo',
  'transferAcceleration',
  'metaQuery',
  'resourceGroup',
]);

/** `/<bucket>/<key>` (or `/`) plus `?` and the signed sub-resources, sorted, `name=value` or bare `name`. */
export function canonicalResourceV1(request: Pick<RequestToSign, 'bucket' | 'key' | 'query'>): string {
  const path = request.bucket === undefined ? '/' : `/${request.bucket}/${request.key}`;
  const subresources = request.query
    .filter((p) => SIGNED_SUBRESOURCES.has(p.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => (p.value === '' ? p.name : `${p.name}=${p.value}`));
  return subresources.length === 0 ? path : `${path}?${subresources.join('&')}`;
}

/** The V1 string to sign (no trailing newline). */
export function stringToSignV1(request: RequestToSign): string {
  const { headers } = request;
  const date = header(headers, 'x-oss-date') ?? header(headers, 'date') ?? '';
  return [
    request.method.toUpperCase(),
    header(headers, 'content-md5') ?? '',
    header(headers, 'content-type') ?? '',
    date,
    ...ossHeaders(headers).map(([name, value]) => `${name}:${value}`),
    canonicalResourceV1(request),
  ].join('\n');
}

/** Base64 HMAC-SHA1 of the string to sign. */
export function signV1(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}

/** `{accessKeyId, signature}` of an `OSS ak:sig` header, or undefined when it is not that form. */
export function parseAuthorizationV1(value: string): { accessKeyId: string; signature: string } | undefined {
  const match = /^OSS\s+([^:\s]+):(\S+)\s*$/.exec(value);
  return match === null ? undefined : { accessKeyId: match[1]!, signature: match[2]! };
}
