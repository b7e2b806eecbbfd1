/**
 * Multipart uploads on disk: `upload.json` commits an upload, each part's data is renamed into the upload's folder
 * and committed by its `part-<n>.json`. Nothing of an upload is visible as an object until it is completed, when
 * the listed parts are concatenated into a new object in one commit and the folder is removed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { OssServerError } from '../errors';
import type { WrittenBlob } from './blob-writer';
import { writeJsonAtomic } from '../../common/json-files';
import type { OssStore } from './oss-store';
import { nowSeconds, type BucketState, type ObjectAttributes, type PartMeta, type UploadState } from './types';

/** @throws OssServerError NoSuchUpload (also when the upload belongs to another key). */
export function findUpload(bucket: BucketState, uploadId: string, key: string): UploadState {
  const upload = bucket.uploads.get(uploadId);
  if (upload === undefined || upload.meta.key !== key) {
    throw new OssServerError('NoSuchUpload', { details: { UploadId: uploadId } });
  }
  return upload;
}

export async function createUpload(
  store: OssStore,
  bucket: BucketState,
  key: string,
  attributes: ObjectAttributes,
): Promise<UploadState> {
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  const dir = store.layout.uploadDir(bucket.info.name, uploadId);
  await fs.mkdir(dir, { recursive: true });
  const meta = { uploadId, key, initiated: nowSeconds(), ...attributes };
  await writeJsonAtomic(store.layout, path.join(dir, 'upload.json'), meta);
  const upload: UploadState = { meta, parts: new Map() };
  bucket.uploads.set(uploadId, upload);
  return upload;
}

/** Makes `blob` part `partNumber` of the upload, replacing an earlier upload of that number. */
export async function commitPart(
  store: OssStore,
  bucket: BucketState,
  upload: UploadState,
  partNumber: number,
  blob: WrittenBlob,
): Promise<PartMeta> {
  const dir = store.layout.uploadDir(bucket.info.name, upload.meta.uploadId);
  return store.locks.run(`part:${upload.meta.uploadId}:${partNumber}`, async () => {
    const file = `${partNumber}.${path.basename(blob.tmpFile)}.part`;
    try {
      await fs.rename(blob.tmpFile, path.join(dir, file));
    } catch (err) {
      // The folder is gone: the upload was completed or aborted while this part was arriving.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new OssServerError('NoSuchUpload', { details: { UploadId: upload.meta.uploadId } });
      }
      throw err;
    }
    const part: PartMeta = {
      partNumber,
      file,
      size: blob.size,
      etag: blob.md5.toString('hex').toUpperCase(),
      crc64: blob.crc64,
      lastModified: nowSeconds(),
    };
    await writeJsonAtomic(store.layout, path.join(dir, `part-${partNumber}.json`), part);
    const previous = upload.parts.get(partNumber);
    upload.parts.set(partNumber, part);
    if (previous !== undefined) await fs.rm(path.join(dir, previous.file), { force: true });
    return part;
  });
}

/** The data file of a part. */
export function partFile(store: OssStore, bucket: BucketState, upload: UploadState, part: PartMeta): string {
  return path.join(store.layout.uploadDir(bucket.info.name, upload.meta.uploadId), part.file);
}

/** Forgets an upload and removes its folder (upload.json first, so a crash midway leaves nothing to load). */
export async function removeUpload(store: OssStore, bucket: BucketState, upload: UploadState): Promise<void> {
  const dir = store.layout.uploadDir(bucket.info.name, upload.meta.uploadId);
  bucket.uploads.delete(upload.meta.uploadId);
  await fs.rm(path.join(dir, 'upload.json'), { force: true });
  await fs.rm(dir, { recursive: true, force: true });
}
