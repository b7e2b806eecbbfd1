/**
 * Reading request bodies: small XML bodies into memory; block bodies streamed to a temp file (inflated on the way
 * when `Content-Encoding: deflate`, spec 4.7) so a large block is never held in memory while it arrives.
 */
import fs from 'node:fs/promises';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { MaxComputeServerError } from '../errors';
import type { RequestContext } from './context';

/** Largest XML body read (an instance with a long DDL script is far below this). */
const MAX_SMALL_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The largest block accepted, after decompression. The real limit is 100 GB (spec 4.4); a block is validated in
 * memory here, and the writer's blocks are tens of MiB.
 */
export const MAX_BLOCK_BYTES = 1024 * 1024 * 1024;

/** @throws MaxComputeServerError InvalidParameter beyond 4 MiB. */
export async function readSmallBody(context: RequestContext): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of context.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_SMALL_BODY_BYTES) {
      throw new MaxComputeServerError('InvalidParameter', { message: 'The request body is too large.' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** A received block body: a temp file holding the uncompressed record stream. */
export interface ReceivedBlock {
  tmpFile: string;
  bytes: number;
}

/**
 * Streams the (decompressed) body to `tmpFile`.
 * @throws MaxComputeServerError NotImplemented for encodings other than deflate, CorruptedDataStream for a broken
 *   zlib stream, InvalidParameter for a block over {@link MAX_BLOCK_BYTES}; the temp file is removed on failure.
 */
export async function receiveBlock(context: RequestContext, tmpFile: string): Promise<ReceivedBlock> {
  const encoding = (String(context.headers['content-encoding'] ?? '').trim() || 'identity').toLowerCase();
  let source: AsyncIterable<Buffer> = context.req;
  let inflater: zlib.Inflate | undefined;
  if (encoding === 'deflate') {
    inflater = zlib.createInflate();
    source = (context.req as Readable).pipe(inflater);
    context.req.on('error', (err) => inflater?.destroy(err));
  } else if (encoding !== 'identity') {
    throw MaxComputeServerError.notImplemented(`Content-Encoding '${encoding}' (only deflate is)`);
  }
  const handle = await fs.open(tmpFile, 'wx');
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += chunk.length;
      if (bytes > MAX_BLOCK_BYTES) {
        throw new MaxComputeServerError('InvalidParameter', {
          message: `A block may hold at most ${MAX_BLOCK_BYTES} bytes on the local server.`,
        });
      }
      await handle.write(chunk);
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmpFile, { force: true });
    inflater?.destroy();
    if (err instanceof MaxComputeServerError) throw err;
    if (inflater !== undefined && (err as { code?: string }).code?.startsWith('Z_')) {
      throw new MaxComputeServerError('CorruptedDataStream', {
        message: `The deflate-compressed body cannot be inflated: ${(err as Error).message}`,
        cause: err,
      });
    }
    throw err;
  }
  await handle.close();
  return { tmpFile, bytes };
}
