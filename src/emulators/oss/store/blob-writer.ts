/**
 * Streams bytes to a temp file while computing size, MD5 and CRC-64, so a large object is never held in memory and
 * its checksums come for free. The file is fsynced before it is handed back; the caller renames it into place.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { Crc64 } from '../crc64';
import { OssServerError } from '../errors';
import type { Layout } from './layout';

/** A fully received body in a temp file. */
export interface WrittenBlob {
  tmpFile: string;
  size: number;
  /** Binary MD5 of the bytes. */
  md5: Buffer;
  /** CRC-64/XZ, decimal. */
  crc64: string;
}

export interface WriteBlobOptions {
  /** @throws OssServerError EntityTooLarge beyond this. @default 5 GiB */
  maxBytes?: number;
  /** The byte count the sender declared; fewer bytes means the client went away, and nothing is kept. */
  expectedBytes?: number;
}

/** The largest object, part or appendable object OSS accepts (spec 4.3). */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 3;

/**
 * Writes `source` to a new temp file.
 * @throws OssServerError EntityTooLarge; the source's own error (e.g. a client abort), after removing the file.
 */
export async function writeBlob(
  layout: Layout,
  source: AsyncIterable<Buffer | string>,
  options: WriteBlobOptions = {},
): Promise<WrittenBlob> {
  const tmpFile = layout.tmpFile();
  const handle = await fs.open(tmpFile, 'wx');
  const md5 = createHash('md5');
  const crc = new Crc64();
  let size = 0;
  try {
    for await (const piece of source) {
      const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
      size += chunk.length;
      if (size > (options.maxBytes ?? MAX_OBJECT_BYTES)) throw new OssServerError('EntityTooLarge');
      md5.update(chunk);
      crc.update(chunk);
      await handle.write(chunk);
    }
    if (options.expectedBytes !== undefined && size !== options.expectedBytes) {
      throw new OssServerError('InvalidArgument', {
        message: `The body has ${size} bytes but Content-Length says ${options.expectedBytes}.`,
      });
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fs.rm(tmpFile, { force: true });
    throw err;
  }
  await handle.close();
  return { tmpFile, size, md5: md5.digest(), crc64: crc.toString() };
}

/** Yields the bytes of several files (or byte ranges of them) in turn: multipart concatenation, copies. */
export async function* readFiles(files: readonly { file: string; size: number }[]): AsyncGenerator<Buffer> {
  for (const { file, size } of files) {
    if (size === 0) continue;
    const handle = await fs.open(file, 'r');
    try {
      // A file may be longer than its recorded size (an append cut short by a crash); only `size` bytes count.
      for await (const chunk of handle.createReadStream({ start: 0, end: size - 1, autoClose: false })) {
        yield chunk as Buffer;
      }
    } finally {
      await handle.close();
    }
  }
}

/**
 * Appends a temp file to an appendable object's data in place, after cutting any bytes past `validSize` (left by
 * an append that crashed before its metadata was written), and returns the CRC continued from `startCrc`.
 */
export async function appendToFile(
  target: string,
  validSize: number,
  source: string,
  startCrc: string,
): Promise<string> {
  const crc = new Crc64(startCrc);
  const handle = await fs.open(target, 'r+');
  try {
    await handle.truncate(validSize);
    let position = validSize;
    for await (const chunk of readFiles([{ file: source, size: (await fs.stat(source)).size }])) {
      crc.update(chunk);
      await handle.write(chunk, 0, chunk.length, position);
      position += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return crc.toString();
}
