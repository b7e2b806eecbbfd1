/** The records the store keeps, in memory and (as JSON) on disk. */

export type ObjectType = 'Normal' | 'Appendable' | 'Multipart';

/** The content headers stored with an object and sent back on Get/Head. */
export const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
];

/** What a writer supplies about an object besides its bytes. */
export interface ObjectAttributes {
  contentType: string;
  /** `x-oss-meta-*` headers, lower-case full names. */
  userMeta: Record<string, string>;
  /** The {@link STORED_HEADERS} that were given. */
  headers: Record<string, string>;
}

/** One object, as `objects/<hash>.json` holds it. */
export interface ObjectMeta extends ObjectAttributes {
  key: string;
  /** Data file name under `blobs/`. */
  blob: string;
  size: number;
  /** ETag without quotes: upper-hex MD5 for Normal objects. */
  etag: string;
  /** CRC-64/XZ of the whole object, decimal. */
  crc64: string;
  type: ObjectType;
  /** Milliseconds since the epoch, whole seconds (OSS reports second precision). */
  lastModified: number;
}

export interface BucketInfo {
  name: string;
  /** Milliseconds since the epoch. */
  creationDate: number;
  storageClass: string;
  dataRedundancyType: string;
  acl: string;
}

/** One uploaded part, as `part-<n>.json` holds it. */
export interface PartMeta {
  partNumber: number;
  /** Data file name in the upload's folder. */
  file: string;
  size: number;
  /** Upper-hex MD5, no quotes. */
  etag: string;
  crc64: string;
  lastModified: number;
}

/** One multipart upload, as `upload.json` holds it (parts live in their own files). */
export interface UploadMeta extends ObjectAttributes {
  uploadId: string;
  key: string;
  initiated: number;
}

export interface UploadState {
  meta: UploadMeta;
  parts: Map<number, PartMeta>;
}

/** A bucket in memory: its info, objects by key, uploads by id. */
export class BucketState {
  readonly objects = new Map<string, ObjectMeta>();
  readonly uploads = new Map<string, UploadState>();
  private sorted: { key: string; bytes: Buffer }[] | undefined;

  constructor(readonly info: BucketInfo) {}

  /** Keys in UTF-8 byte order with their bytes, cached until a key is added or removed. */
  sortedKeys(): readonly { key: string; bytes: Buffer }[] {
    this.sorted ??= [...this.objects.keys()]
      .map((key) => ({ key, bytes: Buffer.from(key) }))
      .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    return this.sorted;
  }

  setObject(meta: ObjectMeta): void {
    if (!this.objects.has(meta.key)) this.sorted = undefined;
    this.objects.set(meta.key, meta);
  }

  deleteObject(key: string): void {
    if (this.objects.delete(key)) this.sorted = undefined;
  }
}

/** Now, truncated to whole seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000) * 1000;
}
