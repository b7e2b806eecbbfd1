/**
 * The OSS operations this server answers, one handler each (model: jamhall/s3rver, lib/routes.js), chosen from the
 * method, whether a key is addressed, the sub-resources in the query and `x-oss-copy-source`. A request with a
 * signed sub-resource its operation does not understand (`?acl`, `?tagging`, `?symlink`, ...) names a real OSS API
 * that is not implemented here, and is answered 501 NotImplemented, never a silent success.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Addressed } from './addressing';
import { SIGNED_SUBRESOURCES } from './auth/signature-v1';
import { OssServerError } from './errors';
import { appendObject } from './handlers/append-object';
import { deleteBucket, getBucketInfo, getBucketLocation, putBucket } from './handlers/bucket';
import { completeMultipartUpload } from './handlers/complete-multipart-upload';
import type { Handler } from './handlers/context';
import { copyObject } from './handlers/copy-object';
import { deleteMultipleObjects } from './handlers/delete-multiple-objects';
import { deleteObject } from './handlers/delete-object';
import { getObject, getObjectMeta, headObject } from './handlers/get-object';
import { listObjects, listObjectsV2 } from './handlers/list-objects';
import { listParts } from './handlers/list-parts';
import { abortMultipartUpload, initiateMultipartUpload, uploadPart } from './handlers/multipart-upload';
import { putObject } from './handlers/put-object';

export interface Route {
  /** The OSS API name (used by fault injection and logs). */
  operation: string;
  handler: Handler;
}

interface Candidate {
  operation: string;
  handler: Handler;
  /** Sub-resources that select this operation (all must be present). */
  needs?: readonly string[];
  /** Further sub-resources it understands. */
  accepts?: readonly string[];
  when?: (headers: IncomingHttpHeaders, address: Addressed) => boolean;
}

const RESPONSE_OVERRIDES = [
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
];
const copies = (headers: IncomingHttpHeaders) => headers['x-oss-copy-source'] !== undefined;
const listsV2 = (_: IncomingHttpHeaders, address: Addressed) =>
  address.query.some((p) => p.name === 'list-type' && p.value === '2');

/** Bucket-level operations (no key) per method: the first candidate whose sub-resources and condition match wins. */
const BUCKET_ROUTES: Record<string, Candidate[]> = {
  GET: [
    { operation: 'GetBucketInfo', handler: getBucketInfo, needs: ['bucketInfo'] },
    { operation: 'GetBucketLocation', handler: getBucketLocation, needs: ['location'] },
    { operation: 'ListObjectsV2', handler: listObjectsV2, when: listsV2, accepts: ['continuation-token'] },
    { operation: 'ListObjects', handler: listObjects },
  ],
  PUT: [{ operation: 'PutBucket', handler: putBucket }],
  POST: [{ operation: 'DeleteMultipleObjects', handler: deleteMultipleObjects, needs: ['delete'] }],
  DELETE: [{ operation: 'DeleteBucket', handler: deleteBucket }],
};

/** Object-level operations per method, chosen the same way. */
const OBJECT_ROUTES: Record<string, Candidate[]> = {
  GET: [
    { operation: 'ListParts', handler: listParts, needs: ['uploadId'] },
    { operation: 'GetObject', handler: getObject, accepts: RESPONSE_OVERRIDES },
  ],
  HEAD: [
    { operation: 'GetObjectMeta', handler: getObjectMeta, needs: ['objectMeta'] },
    { operation: 'HeadObject', handler: headObject },
  ],
  PUT: [
    {
      operation: 'UploadPartCopy',
      handler: notImplemented('UploadPartCopy'),
      needs: ['partNumber', 'uploadId'],
      when: copies,
    },
    { operation: 'UploadPart', handler: uploadPart, needs: ['partNumber', 'uploadId'] },
    { operation: 'CopyObject', handler: copyObject, when: copies },
    { operation: 'PutObject', handler: putObject },
  ],
  POST: [
    { operation: 'AppendObject', handler: appendObject, needs: ['append'], accepts: ['position'] },
    { operation: 'InitiateMultipartUpload', handler: initiateMultipartUpload, needs: ['uploads'] },
    { operation: 'CompleteMultipartUpload', handler: completeMultipartUpload, needs: ['uploadId'] },
  ],
  DELETE: [
    { operation: 'AbortMultipartUpload', handler: abortMultipartUpload, needs: ['uploadId'] },
    { operation: 'DeleteObject', handler: deleteObject },
  ],
};

function notImplemented(what: string): Handler {
  return () => Promise.reject(OssServerError.notImplemented(what));
}

/** Sub-resources any operation may carry without changing its meaning. */
const ALWAYS_ACCEPTED = new Set(['security-token', 'x-oss-request-payer']);

/** The operation a request names; service-level and unknown requests get a handler that answers 501. */
export function routeRequest(method: string, address: Addressed, headers: IncomingHttpHeaders): Route {
  if (address.bucket === undefined) {
    return { operation: 'ListBuckets', handler: notImplemented('Service-level requests (ListBuckets)') };
  }
  const table = address.key === '' ? BUCKET_ROUTES : OBJECT_ROUTES;
  const names = new Set(address.query.map((p) => p.name));
  const subresources = [...names].filter((n) => SIGNED_SUBRESOURCES.has(n) && !ALWAYS_ACCEPTED.has(n));
  for (const candidate of table[method] ?? []) {
    if (!(candidate.needs ?? []).every((n) => names.has(n))) continue;
    if (candidate.when !== undefined && !candidate.when(headers, address)) continue;
    const understood = new Set([...(candidate.needs ?? []), ...(candidate.accepts ?? [])]);
    const unknown = subresources.filter((n) => !understood.has(n));
    if (unknown.length > 0) {
      const what = `${method} with ?${unknown.join('&')}`;
      return { operation: candidate.operation, handler: notImplemented(what) };
    }
    return candidate;
  }
  return {
    operation: `${method} ${address.key === '' ? 'bucket' : 'object'}`,
    handler: notImplemented(`${method} on this resource`),
  };
}
