/**
 * The staging area: a window's records, written by the read activity to files on the worker's disk and streamed
 * back by the write activity. Only a small manifest (file names, counts, checksums) travels through workflow
 * history. Files are checksummed, so a truncated or foreign file is detected instead of half-written to a sink;
 * a missing directory (another worker read the window, or the disk was wiped) raises `StagingMissingError`, which
 * makes the workflow read the window again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { OtsyncError } from '../common/errors';
import type { SourceRecord } from '../plugins/types';
import { decodeRecord, encodeRecord } from './staging-codec';

/** Thrown when a manifest's staged files are gone or do not match their checksums. */
export class StagingMissingError extends OtsyncError {}

export interface StagedFile {
  readonly name: string;
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** Where one window's files live, relative to the staging root (no machine paths in history). */
export interface StagedWindow {
  readonly dir: string;
  readonly files: readonly StagedFile[];
  readonly records: number;
}

const RECORDS_PER_FILE = 100_000;

/** Appends records to rotating files under `<root>/<dir>`; `close()` returns the manifest part. */
export class StagingWriter {
  readonly #root: string;
  readonly #dir: string;
  readonly #files: StagedFile[] = [];
  #stream: fs.WriteStream | undefined;
  #hash = createHash('sha256');
  #count = 0;
  #bytes = 0;
  #total = 0;

  constructor(root: string, dir: string) {
    this.#root = root;
    this.#dir = dir;
    // A retried read replaces whatever an earlier attempt staged for the same run.
    fs.rmSync(path.join(root, dir), { recursive: true, force: true });
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  }

  async append(records: readonly SourceRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.#stream) this.#open();
      const line = encodeRecord(record) + '\n';
      this.#hash.update(line);
      this.#bytes += Buffer.byteLength(line);
      this.#count++;
      this.#total++;
      if (!this.#stream!.write(line)) await new Promise<void>((r) => this.#stream!.once('drain', () => r()));
      if (this.#count >= RECORDS_PER_FILE) await this.#closeFile();
    }
  }

  async close(): Promise<StagedWindow> {
    await this.#closeFile();
    return { dir: this.#dir, files: this.#files, records: this.#total };
  }

  #open(): void {
    const name = `part-${String(this.#files.length).padStart(5, '0')}.jsonl`;
    this.#stream = fs.createWriteStream(path.join(this.#root, this.#dir, name));
  }

  async #closeFile(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
    this.#files.push({
      name: path.basename(stream.path.toString()),
      records: this.#count,
      bytes: this.#bytes,
      sha256: this.#hash.digest('hex'),
    });
    this.#stream = undefined;
    this.#hash = createHash('sha256');
    this.#count = 0;
    this.#bytes = 0;
  }
}

/**
 * Streams a staged window back in batches, verifying each file's record count and checksum before its last batch
 * is handed out, so a damaged file fails the write before anything past the damage reaches the sink.
 */
export async function* readStaged(
  root: string,
  staged: StagedWindow,
  batchSize: number,
): AsyncGenerator<SourceRecord[]> {
  for (const file of staged.files) {
    const full = path.join(root, staged.dir, file.name);
    if (!fs.existsSync(full)) {
      throw new StagingMissingError(`staged file ${staged.dir}/${file.name} is not on this worker`, {
        hint: 'the window is read again automatically',
      });
    }
    const hash = createHash('sha256');
    let count = 0;
    let batch: SourceRecord[] = [];
    const lines = readline.createInterface({ input: fs.createReadStream(full), crlfDelay: Infinity });
    for await (const line of lines) {
      hash.update(line + '\n');
      count++;
      batch.push(decodeRecord(line));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (count !== file.records || hash.digest('hex') !== file.sha256) {
      throw new StagingMissingError(`staged file ${staged.dir}/${file.name} does not match its manifest`, {
        hint: 'the window is read again automatically',
      });
    }
    if (batch.length > 0) yield batch;
  }
}

export function removeStaged(root: string, staged: StagedWindow): void {
  fs.rmSync(path.join(root, staged.dir), { recursive: true, force: true });
}
