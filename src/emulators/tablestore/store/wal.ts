/**
 * The write-ahead log that makes a server with `dataDir` keep its tables and streams across restarts, kill -9
 * included. One line per entry: `<json>\t<crc32 hex>\n`, appended before the change is applied in memory and
 * fsynced before the response that reports it is sent. Recovery replays lines in order and stops at the first
 * line that is incomplete or fails its checksum (a torn tail from a crash mid-append), truncating the file there
 * so later appends follow the last good entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export const WAL_FILE = 'tablestore.wal';

/** JSON with bigint and binary values: `{"$b":"123"}`, `{"$x":"<base64>"}`. */
export function serializeEntry(entry: unknown): string {
  return JSON.stringify(entry, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    if (typeof raw === 'bigint') return { $b: raw.toString() };
    if (raw instanceof Uint8Array)
      return { $x: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') };
    return value;
  });
}

export function deserializeEntry(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      if (typeof v.$b === 'string' && Object.keys(v).length === 1) return BigInt(v.$b);
      if (typeof v.$x === 'string' && Object.keys(v).length === 1) return Buffer.from(v.$x, 'base64');
    }
    return value;
  });
}

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, '0');
}

export class WriteAheadLog {
  private fd: number;
  private dirty = false;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /**
   * Opens (creating if needed) the log in `dataDir` and passes every intact entry to `replay`, in order.
   * @returns the open log and how many bytes of torn tail were dropped.
   */
  static open(dataDir: string, replay: (entry: unknown) => void): { wal: WriteAheadLog; droppedBytes: number } {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, WAL_FILE);
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o600);
    const data = fs.readFileSync(file);
    let offset = 0;
    while (offset < data.length) {
      const newline = data.indexOf(0x0a, offset);
      if (newline < 0) break; // torn: the crash came before the newline
      const line = data.toString('utf8', offset, newline);
      const tab = line.lastIndexOf('\t');
      if (tab < 0) break;
      const json = line.slice(0, tab);
      if (checksum(json) !== line.slice(tab + 1)) break;
      let entry: unknown;
      try {
        entry = deserializeEntry(json);
      } catch {
        break;
      }
      replay(entry);
      offset = newline + 1;
    }
    const droppedBytes = data.length - offset;
    if (droppedBytes > 0) {
      fs.ftruncateSync(fd, offset);
      fs.fsyncSync(fd);
    }
    // Make the file's directory entry durable too, the first time it is created.
    const dir = fs.openSync(dataDir, 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
    return { wal: new WriteAheadLog(fd), droppedBytes };
  }

  /** Appends one entry (not yet durable: see {@link sync}). */
  append(entry: unknown): void {
    const json = serializeEntry(entry);
    fs.writeSync(this.fd, `${json}\t${checksum(json)}\n`);
    this.dirty = true;
  }

  /** Makes every appended entry durable. */
  sync(): void {
    if (!this.dirty) return;
    fs.fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.fd < 0) return;
    this.sync();
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}
