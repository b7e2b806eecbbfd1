/**
 * GetObject — `GET /<key>` (https://help.aliyun.com/en/oss/developer-reference/getobject), HeadObject —
 * `HEAD /<key>` and GetObjectMeta — `HEAD /<key>?objectMeta`.
 * Supported: `Range: bytes=a-b` / `a-` / `-n` (206 + Content-Range; an unsatisfiable or multi-range header gets the
 * whole object, as OSS does, unless `x-oss-range-behavior: standard` asks for 416), `response-*` overrides.
 * Not supported: conditional headers (If-Match, If-None-Match, ...), versions, image processing.
 */
import fs from 'node:fs/promises';
import { header } from '../auth/request-to-sign';
import { OssServerError } from '../errors';
import type { BucketState, ObjectMeta } from '../store/types';
import type { Handler, OssResponse, RequestContext } from './context';
import { checkObjectKey, httpDate, objectHeaders, quoted } from './object-headers';

function lookup(context: RequestContext): { bucket: BucketState; meta: ObjectMeta } {
  checkObjectKey(context.key);
  const bucket = context.store.bucket(context.bucketName);
  const meta = bucket.objects.get(context.key);
  if (meta === undefined) throw new OssServerError('NoSuchKey', { details: { Key: context.key } });
  return { bucket, meta };
}

const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

export const getObject: Handler = async (context) => {
  // The data file of a version being replaced disappears once the new one commits; look up again if so.
  for (let attempt = 0; ; attempt++) {
    const { bucket, meta } = lookup(context);
    try {
      return await openObject(context, bucket, meta);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 2) throw err;
    }
  }
};

async function openObject(context: RequestContext, bucket: BucketState, meta: ObjectMeta): Promise<OssResponse> {
  const headers = objectHeaders(meta);
  for (const name of RESPONSE_OVERRIDES) {
    const value = context.query.find((p) => p.name === `response-${name}`)?.value;
    if (value !== undefined && value !== '') headers[name] = value;
  }
  const range = parseRange(
    header(context.headers, 'range'),
    meta.size,
    header(context.headers, 'x-oss-range-behavior'),
  );
  const [start, end] = range ?? [0, meta.size - 1];
  const length = end - start + 1;
  if (range !== undefined) headers['content-range'] = `bytes ${start}-${end}/${meta.size}`;
  headers['content-length'] = length;
  if (length === 0) return { status: 200, headers, body: Buffer.alloc(0) };
  const handle = await fs.open(context.store.blobPath(bucket, meta), 'r');
  return { status: range === undefined ? 200 : 206, headers, body: handle.createReadStream({ start, end }) };
}

/**
 * `[start, end]` (inclusive) of a satisfiable single `bytes=` range, or undefined to send the whole object.
 * @throws OssServerError InvalidRange only with `x-oss-range-behavior: standard`.
 */
export function parseRange(value: string | undefined, size: number, behavior?: string): [number, number] | undefined {
  if (value === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
  let range: [number, number] | undefined;
  if (match !== null && (match[1] !== '' || match[2] !== '')) {
    if (match[1] === '') {
      const suffix = Number(match[2]);
      if (suffix > 0 && size > 0) range = [Math.max(0, size - suffix), size - 1];
    } else {
      const start = Number(match[1]);
      const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
      if (start < size && start <= end) range = [start, end];
    }
  }
  if (range === undefined && behavior?.toLowerCase() === 'standard' && match !== null) {
    throw new OssServerError('InvalidRange', { details: { ObjectSize: size } });
  }
  return range;
}

export const headObject: Handler = async (context) => {
  const { meta } = lookup(context);
  return { status: 200, headers: { ...objectHeaders(meta), 'content-length': meta.size } };
};

export const getObjectMeta: Handler = async (context) => {
  const { meta } = lookup(context);
  return {
    status: 200,
    headers: {
      etag: quoted(meta.etag),
      'last-modified': httpDate(meta.lastModified),
      'x-oss-hash-crc64ecma': meta.crc64,
      'content-length': meta.size,
    },
  };
};
