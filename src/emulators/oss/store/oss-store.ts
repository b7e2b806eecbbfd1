/**
 * The on-disk store: buckets, objects and multipart uploads under one data directory (see `layout.ts`), with every
 * record also in memory for fast lookups and listings. Each change is committed by renaming one small JSON file
 * into place after its data is on disk, so a server killed at any point restarts with either the old or the new
 * state of every object; leftovers of interrupted writes are swept at {@link OssStore.open}.
 */
import fs from 'node:fs/promises';
import { OssServerError } from '../errors';
import { KeyLock } from '../../common/key-lock';
import { listDir, readJson, writeJsonAtomic } from '../../common/json-files';
import { Layout } from './layout';
import { BucketState, nowSeconds, type BucketInfo, type ObjectMeta, type PartMeta, type UploadMeta } from './types';
import path from 'node:path';

/** Bucket names accepted at creation (spec 4.3). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export class OssStore {
  readonly locks = new KeyLock();
  private readonly buckets = new Map<string, BucketState>();

  private constructor(readonly layout: Layout) {}

  /** Opens (creating if needed) the store in `dataDir`, loading every bucket, object and upload. */
  static async open(dataDir: string): Promise<OssStore> {
    const store = new OssStore(new Layout(dataDir));
    await fs.rm(store.layout.tmpDir, { recursive: true, force: true });
    await fs.mkdir(store.layout.tmpDir, { recursive: true });
    await fs.mkdir(store.layout.bucketsDir, { recursive: true });
    for (const name of await listDir(store.layout.bucketsDir)) {
      const info = await readJson<BucketInfo>(store.layout.bucketFile(name));
      if (info === undefined) continue;
      const bucket = new BucketState(info);
      store.buckets.set(name, bucket);
      await store.loadObjects(bucket);
      await store.loadUploads(bucket);
    }
    return store;
  }

  private async loadObjects(bucket: BucketState): Promise<void> {
    const { layout } = this;
    const name = bucket.info.name;
    for (const file of await listDir(layout.objectsDir(name))) {
      const meta = await readJson<ObjectMeta>(path.join(layout.objectsDir(name), file));
      if (meta !== undefined) bucket.setObject(meta);
    }
    const referenced = new Set([...bucket.objects.values()].map((o) => o.blob));
    for (const blob of await listDir(layout.blobsDir(name))) {
      if (!referenced.has(blob)) await fs.rm(layout.blobFile(name, blob), { force: true });
    }
  }

  private async loadUploads(bucket: BucketState): Promise<void> {
    const { layout } = this;
    const name = bucket.info.name;
    for (const uploadId of await listDir(layout.uploadsDir(name))) {
      const dir = layout.uploadDir(name, uploadId);
      const meta = await readJson<UploadMeta>(path.join(dir, 'upload.json'));
      if (meta === undefined) {
        await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      const parts = new Map<number, PartMeta>();
      const files = await listDir(dir);
      for (const file of files.filter((f) => /^part-\d+\.json$/.test(f))) {
        const part = await readJson<PartMeta>(path.join(dir, file));
        if (part !== undefined) parts.set(part.partNumber, part);
      }
      const referenced = new Set([...parts.values()].map((p) => p.file));
      for (const file of files.filter((f) => f.endsWith('.part') && !referenced.has(f))) {
        await fs.rm(path.join(dir, file), { force: true });
      }
      bucket.uploads.set(uploadId, { meta, parts });
    }
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()];
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  /** @throws OssServerError NoSuchBucket. */
  bucket(name: string): BucketState {
    const bucket = this.buckets.get(name);
    if (bucket === undefined) throw new OssServerError('NoSuchBucket', { details: { BucketName: name } });
    return bucket;
  }

  /**
   * Creates a bucket.
   * @returns false when it already exists (left unchanged).
   * @throws OssServerError InvalidBucketName.
   */
  async createBucket(name: string, config: Partial<Omit<BucketInfo, 'name' | 'creationDate'>> = {}): Promise<boolean> {
    if (!BUCKET_NAME.test(name)) throw new OssServerError('InvalidBucketName', { details: { BucketName: name } });
    return this.locks.run(`bucket:${name}`, async () => {
      if (this.buckets.has(name)) return false;
      const { layout } = this;
      for (const dir of [layout.objectsDir(name), layout.blobsDir(name), layout.uploadsDir(name)]) {
        await fs.mkdir(dir, { recursive: true });
      }
      const info: BucketInfo = {
        name,
        creationDate: nowSeconds(),
        storageClass: config.storageClass ?? 'Standard',
        dataRedundancyType: config.dataRedundancyType ?? 'LRS',
        acl: config.acl ?? 'private',
      };
      await writeJsonAtomic(layout, layout.bucketFile(name), info);
      this.buckets.set(name, new BucketState(info));
      return true;
    });
  }

  /** Removes a bucket and everything in it (the caller checks it is empty). bucket.json goes first: the commit. */
  async removeBucket(name: string): Promise<void> {
    await this.locks.run(`bucket:${name}`, async () => {
      this.buckets.delete(name);
      await fs.rm(this.layout.bucketFile(name), { force: true });
      await fs.rm(this.layout.bucketDir(name), { recursive: true, force: true });
    });
  }

  /** Runs `section` while no other write to the same object runs. */
  withObjectLock<T>(bucket: string, key: string, section: () => Promise<T>): Promise<T> {
    return this.locks.run(`object:${bucket}/${key}`, section);
  }

  /**
   * Makes `meta` the object's current version, its data taken from `tmpFile` (renamed into `blobs/`). Call under
   * the object's lock. The previous version's data is removed after the commit.
   */
  async commitObject(bucket: BucketState, meta: Omit<ObjectMeta, 'blob'>, tmpFile: string): Promise<ObjectMeta> {
    const { layout } = this;
    const name = bucket.info.name;
    const blob = path.basename(tmpFile);
    await fs.rename(tmpFile, layout.blobFile(name, blob));
    const full: ObjectMeta = { ...meta, blob };
    try {
      await writeJsonAtomic(layout, layout.objectFile(name, meta.key), full);
    } catch (err) {
      await fs.rm(layout.blobFile(name, blob), { force: true });
      throw err;
    }
    const previous = bucket.objects.get(meta.key);
    bucket.setObject(full);
    if (previous !== undefined && previous.blob !== blob)
      await fs.rm(layout.blobFile(name, previous.blob), { force: true });
    return full;
  }

  /** Rewrites an object's metadata only (after an in-place append). Call under the object's lock. */
  async updateObjectMeta(bucket: BucketState, meta: ObjectMeta): Promise<void> {
    await writeJsonAtomic(this.layout, this.layout.objectFile(bucket.info.name, meta.key), meta);
    bucket.setObject(meta);
  }

  /** Removes an object if present. Call under the object's lock. */
  async removeObject(bucket: BucketState, key: string): Promise<void> {
    const existing = bucket.objects.get(key);
    if (existing === undefined) return;
    const name = bucket.info.name;
    await fs.rm(this.layout.objectFile(name, key), { force: true });
    bucket.deleteObject(key);
    await fs.rm(this.layout.blobFile(name, existing.blob), { force: true });
  }

  blobPath(bucket: BucketState, meta: ObjectMeta): string {
    return this.layout.blobFile(bucket.info.name, meta.blob);
  }
}
