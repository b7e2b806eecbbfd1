/**
 * Writes one shard's rows of one window as one or more objects (writers.md §2.6): rows are encoded as they come,
 * bytes collect in a buffer, and a full buffer goes up as one part of a multipart upload, so memory stays at about
 * one part (plus one in flight) per open object however large the window is. An object becomes visible only when
 * its upload completes — a worker killed half-way leaves an invisible upload, never a partial object. After
 * `partsPerObject` parts (DataX: `maxFileSize / blockSizeInMB`) the object is closed and the next one (`_1`, `_2`,
 * …) opened, with its own header. An object that fits in one part is sent with a single PutObject.
 */
import type { LineValue } from '../../types';
import type { OssClient, UploadedPart } from './client';
import type { EncoderFactory, ObjectEncoder } from './format';

/** OSS refuses non-last parts under 100 KB (EntityTooSmall). */
export const MIN_PART_BYTES = 100 * 1024;

export interface ObjectWriterOptions {
  readonly client: OssClient;
  readonly encoders: EncoderFactory;
  /** Name of the k-th object of this writer (k = 0 for the first). */
  readonly nameOf: (roll: number) => string;
  /** Bytes that make a part. */
  readonly partBytes: number;
  /** Parts after which the object is closed and the next one opened (Infinity: never roll). */
  readonly partsPerObject: number;
  /** Headers of each new object (server-side encryption). */
  readonly headers: Record<string, string>;
  /** Part uploads one object may have in flight at once. @default 2 */
  readonly partsInFlight?: number;
}

interface OpenObject {
  readonly name: string;
  readonly encoder: ObjectEncoder;
  uploadId: string | undefined;
  nextPart: number;
  readonly parts: Promise<UploadedPart>[];
}

export class ObjectWriter {
  readonly #o: ObjectWriterOptions;
  /** Names of the objects completed so far. */
  readonly written: string[] = [];
  /** Bytes sent (parts and single puts) and requests that carried them. */
  readonly sent = { bytes: 0, parts: 0 };
  #current: OpenObject | undefined;
  #chunks: Buffer[] = [];
  #buffered = 0;
  #roll = 0;
  #inFlight = 0;

  constructor(options: ObjectWriterOptions) {
    this.#o = options;
  }

  /** Bytes held in memory: encoded but not yet uploaded, plus the encoder's own pending bytes. */
  get bufferedBytes(): number {
    return this.#buffered + (this.#current?.encoder.pendingBytes ?? 0) + this.#inFlight;
  }

  /** Encodes rows into the current object; returns the dirty rows (index into `rows`, data-free message). */
  async add(rows: readonly (readonly LineValue[])[]): Promise<readonly { index: number; message: string }[]> {
    const current = this.#open();
    const encoded = current.encoder.encode(rows);
    this.#push(encoded.chunks);
    if (this.#buffered >= this.#o.partBytes) await this.flushPart();
    return encoded.dirty;
  }

  /**
   * Sends the buffered bytes as the next part (when there are at least 100 KB; a smaller buffer stays), and rolls
   * to a new object when this one has its parts. Called when a part is full and, to bound memory across many open
   * objects, by the sink.
   */
  async flushPart(): Promise<void> {
    const current = this.#current;
    if (!current || this.#buffered < MIN_PART_BYTES) return;
    const body = this.#take();
    current.uploadId ??= await this.#o.client.initiate(current.name, this.#o.headers);
    const number = current.nextPart++;
    const uploadId = current.uploadId;
    this.#count(body);
    this.#inFlight += body.length;
    const upload = this.#o.client.uploadPart(current.name, uploadId, number, body).finally(() => {
      this.#inFlight -= body.length;
    });
    upload.catch(() => undefined); // awaited in order at completion; this only silences the early rejection
    current.parts.push(upload);
    // Keep at most `partsInFlight` uploads running: wait for the oldest unsettled one.
    const limit = this.#o.partsInFlight ?? 2;
    const pending = current.parts.slice(-limit - 1, -limit);
    if (pending.length > 0) await pending[0];
    if (current.nextPart - 1 >= this.#o.partsPerObject) await this.#closeCurrent();
  }

  /** Completes the open object (if any) and returns the names of every object this writer completed. */
  async finish(): Promise<readonly string[]> {
    if (this.#current) await this.#closeCurrent();
    return this.written;
  }

  /**
   * Opens an object even without rows (the header-only object of an empty window, when the job asks for empty
   * files) — the caller then calls `finish()`.
   */
  openEmpty(): void {
    this.#open();
  }

  /** Aborts the open upload (best effort) after a failure; completed objects stay, the rerun replaces them. */
  async abort(): Promise<void> {
    const current = this.#current;
    this.#current = undefined;
    this.#take();
    if (current?.uploadId) {
      await Promise.allSettled(current.parts);
      await this.#o.client.abort(current.name, current.uploadId);
    }
  }

  #open(): OpenObject {
    if (!this.#current) {
      const encoder = this.#o.encoders.newObject();
      this.#current = { name: this.#o.nameOf(this.#roll++), encoder, uploadId: undefined, nextPart: 1, parts: [] };
      this.#push(encoder.begin());
    }
    return this.#current;
  }

  async #closeCurrent(): Promise<void> {
    const current = this.#current!;
    this.#current = undefined;
    this.#push(current.encoder.end());
    const body = this.#take();
    if (body.length > 0 || !current.uploadId) this.#count(body);
    if (!current.uploadId) {
      await this.#o.client.put(current.name, body, this.#o.headers);
    } else {
      const parts = [...current.parts];
      if (body.length > 0)
        parts.push(this.#o.client.uploadPart(current.name, current.uploadId, current.nextPart, body));
      const uploaded = await Promise.all(parts);
      await this.#o.client.complete(current.name, current.uploadId, uploaded);
    }
    this.written.push(current.name);
  }

  #count(body: Buffer): void {
    this.sent.bytes += body.length;
    this.sent.parts++;
  }

  #push(chunks: readonly Buffer[]): void {
    for (const c of chunks) {
      if (c.length === 0) continue;
      this.#chunks.push(c);
      this.#buffered += c.length;
    }
  }

  #take(): Buffer {
    const body = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#buffered = 0;
    return body;
  }
}
