/**
 * Where everything lives under the data directory. Object keys can be 1023 bytes and any characters, so files are
 * named after a hash of the key and the key itself is kept inside the metadata file.
 *
 *   tmp/                                  partial writes; emptied at start
 *   buckets/<bucket>/bucket.json          a bucket exists once this file does
 *   buckets/<bucket>/objects/<sha256>.json  one object's metadata; renaming it into place commits the object
 *   buckets/<bucket>/blobs/<uuid>         object data; files no metadata names are removed at start
 *   buckets/<bucket>/uploads/<uploadId>/  upload.json, part-<n>.json (commits a part) and the parts' data
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';

export class Layout {
  readonly tmpDir: string;
  readonly bucketsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    this.bucketsDir = path.join(root, 'buckets');
  }

  bucketDir(bucket: string): string {
    return path.join(this.bucketsDir, bucket);
  }

  bucketFile(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'bucket.json');
  }

  objectsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'objects');
  }

  objectFile(bucket: string, key: string): string {
    return path.join(this.objectsDir(bucket), `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  blobsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'blobs');
  }

  blobFile(bucket: string, blob: string): string {
    return path.join(this.blobsDir(bucket), blob);
  }

  uploadsDir(bucket: string): string {
    return path.join(this.bucketDir(bucket), 'uploads');
  }

  uploadDir(bucket: string, uploadId: string): string {
    return path.join(this.uploadsDir(bucket), uploadId);
  }

  /** A fresh path in `tmp/`, on the same file system as everything else so `rename` is atomic. */
  tmpFile(): string {
    return path.join(this.tmpDir, randomUUID());
  }
}
