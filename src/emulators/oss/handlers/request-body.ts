/**
 * Reading request bodies: object data streamed to a temp file, small XML bodies into memory, both checked against
 * `Content-MD5` when the client sent one (spec 4.1: a mismatch is 400 InvalidDigest).
 */
import fs from 'node:fs/promises';
import { header } from '../auth/request-to-sign';
import { OssServerError } from '../errors';
import { writeBlob, type WrittenBlob } from '../store/blob-writer';
import { createHash } from 'node:crypto';
import { parseXml, XmlSyntaxError, type XmlElement } from '../xml';
import type { RequestContext } from './context';

/**
 * Streams the body to a temp file. The caller owns the file (rename or remove it).
 * @throws OssServerError MissingContentLength (neither Content-Length nor chunked), EntityTooLarge, InvalidDigest.
 */
export async function receiveObjectBody(context: RequestContext, maxBytes?: number): Promise<WrittenBlob> {
  const length = header(context.headers, 'content-length');
  const chunked = /chunked/i.test(header(context.headers, 'transfer-encoding') ?? '');
  if (length === undefined && !chunked) throw new OssServerError('MissingContentLength');
  const expectedBytes = length === undefined ? undefined : Number(length);
  if (expectedBytes !== undefined && maxBytes !== undefined && expectedBytes > maxBytes) {
    throw new OssServerError('EntityTooLarge');
  }
  const blob = await writeBlob(context.store.layout, context.req, {
    ...(maxBytes === undefined ? {} : { maxBytes }),
    ...(expectedBytes === undefined || chunked ? {} : { expectedBytes }),
  });
  try {
    checkContentMd5(context, blob.md5);
  } catch (err) {
    await fs.rm(blob.tmpFile, { force: true });
    throw err;
  }
  return blob;
}

/** Largest XML body read (a CompleteMultipartUpload listing 10000 parts is well under this). */
const MAX_XML_BYTES = 4 * 1024 * 1024;

/**
 * The whole (small) body.
 * @throws OssServerError MissingArgument when `requireMd5` and no Content-MD5, InvalidDigest, EntityTooLarge.
 */
export async function readSmallBody(context: RequestContext, requireMd5 = false): Promise<Buffer> {
  if (requireMd5 && header(context.headers, 'content-md5') === undefined) {
    throw new OssServerError('MissingArgument', {
      message: 'Missing Some Required Arguments.',
      details: { ArgumentName: 'Content-MD5' },
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of context.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_XML_BYTES) throw new OssServerError('EntityTooLarge');
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, size);
  checkContentMd5(context, createHash('md5').update(body).digest());
  return body;
}

function checkContentMd5(context: RequestContext, md5: Buffer): void {
  const claimed = header(context.headers, 'content-md5');
  if (claimed === undefined) return;
  if (claimed.trim() !== md5.toString('base64')) {
    throw new OssServerError('InvalidDigest', { details: { 'Content-MD5': claimed } });
  }
}

/**
 * The body parsed as XML.
 * @throws OssServerError MalformedXML for an empty or unparsable body, plus those of {@link readSmallBody}.
 */
export async function readXmlBody(context: RequestContext, requireMd5 = false): Promise<XmlElement> {
  const body = await readSmallBody(context, requireMd5);
  try {
    return parseXml(body.toString('utf8'));
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new OssServerError('MalformedXML', { cause: err });
    throw err;
  }
}
