/**
 * Tunnel upload and download sessions on disk (see `layout.ts`): each session is a directory with `session.json`;
 * an upload's blocks are validated record streams, each committed by renaming its `block-<n>.json` into place, so a
 * re-PUT replaces a block atomically and a restart sees every accepted block and nothing of a rejected one. A
 * download holds hard links to the files of its snapshot, so later commits, overwrites and drops do not change it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MaxComputeServerError } from '../errors';
import type { Catalog, TableState } from './catalog';
import { listDir, readJson, writeJsonAtomic } from '../../common/json-files';
import { KeyLock } from '../../common/key-lock';
import { type Layout, linkOrCopy } from './layout';
import {
  SESSION_LIFETIME_MS,
  type BlockInfo,
  type DataFile,
  type DownloadSessionInfo,
  type UploadSessionInfo,
  type UploadStatus,
} from './types';

export interface UploadSession {
  info: UploadSessionInfo;
  blocks: Map<number, BlockInfo>;
}

/** `yyyyMMddHHmmss` + 16 hex digits, like the real service's session ids. */
function newSessionId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}${randomBytes(8).toString('hex')}`;
}

const SESSION_ID = /^[0-9a-f]{30}$/;

export class Sessions {
  readonly locks = new KeyLock();
  private readonly uploads = new Map<string, UploadSession>();
  private readonly downloads = new Map<string, DownloadSessionInfo>();

  private constructor(
    readonly layout: Layout,
    private readonly catalog: Catalog,
  ) {}

  /** Loads every session; an upload whose commit reached its table before a crash is closed now. */
  static async open(layout: Layout, catalog: Catalog): Promise<Sessions> {
    const sessions = new Sessions(layout, catalog);
    await fs.mkdir(layout.uploadsDir, { recursive: true });
    await fs.mkdir(layout.downloadsDir, { recursive: true });
    for (const id of await listDir(layout.uploadsDir)) {
      const dir = layout.uploadDir(id);
      const info = await readJson<UploadSessionInfo>(path.join(dir, 'session.json'));
      if (info === undefined) {
        await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      const files = await listDir(dir);
      const blocks = new Map<number, BlockInfo>();
      for (const file of files.filter((f) => /^block-\d+\.json$/.test(f))) {
        const block = await readJson<BlockInfo>(path.join(dir, file));
        if (block !== undefined) blocks.set(block.blockId, block);
      }
      const session: UploadSession = { info, blocks };
      sessions.uploads.set(id, session);
      if (
        info.status === 'normal' &&
        catalog.wasCommitted(info.project, info.table, info.tableId, info.partition, info.id)
      ) {
        await sessions.closeUpload(session);
      }
      const referenced = new Set([...blocks.values()].map((b) => b.file));
      for (const file of files.filter((f) => f.endsWith('.rs') && !referenced.has(f))) {
        await fs.rm(path.join(dir, file), { force: true });
      }
    }
    for (const id of await listDir(layout.downloadsDir)) {
      const info = await readJson<DownloadSessionInfo>(path.join(layout.downloadDir(id), 'session.json'));
      if (info === undefined) await fs.rm(layout.downloadDir(id), { recursive: true, force: true });
      else sessions.downloads.set(id, info);
    }
    return sessions;
  }

  /** Creates an upload session (nothing about the table changes until commit). */
  async createUpload(info: Omit<UploadSessionInfo, 'id' | 'initiatedMs' | 'status'>): Promise<UploadSession> {
    const full: UploadSessionInfo = { ...info, id: newSessionId(), initiatedMs: Date.now(), status: 'normal' };
    const dir = this.layout.uploadDir(full.id);
    await fs.mkdir(dir, { recursive: true });
    await writeJsonAtomic(this.layout, path.join(dir, 'session.json'), full);
    const session: UploadSession = { info: full, blocks: new Map() };
    this.uploads.set(full.id, session);
    return session;
  }

  /**
   * The upload session `id` of this table.
   * @throws MaxComputeServerError NoSuchUpload (unknown id, or one of another table).
   */
  upload(id: string, project: string, table: string): UploadSession {
    const session = SESSION_ID.test(id) ? this.uploads.get(id) : undefined;
    if (session === undefined || session.info.project !== project || session.info.table !== table.toLowerCase()) {
      throw new MaxComputeServerError('NoSuchUpload', { message: `The upload session '${id}' does not exist.` });
    }
    return session;
  }

  uploadStatus(session: UploadSession): UploadStatus {
    if (session.info.status === 'closed') return 'closed';
    return Date.now() - session.info.initiatedMs > SESSION_LIFETIME_MS ? 'expired' : 'normal';
  }

  /**
   * @throws MaxComputeServerError StatusConflict unless the session is open.
   */
  assertOpen(session: UploadSession): void {
    const status = this.uploadStatus(session);
    if (status !== 'normal') {
      throw new MaxComputeServerError('StatusConflict', {
        message:
          status === 'expired'
            ? 'The upload session is expired.'
            : 'You cannot complete the specified operation under the current upload or download status: the session is closed.',
      });
    }
  }

  /** Runs `section` while no other block write or commit of the same session runs. */
  withSessionLock<T>(id: string, section: () => Promise<T>): Promise<T> {
    return this.locks.run(`upload:${id}`, section);
  }

  /**
   * Makes a validated record stream (a temp file, moved here) block `blockId`, replacing any earlier one. Call under
   * the session's lock after {@link assertOpen}.
   */
  async putBlock(session: UploadSession, blockId: number, tmpFile: string, records: number, bytes: number) {
    const dir = this.layout.uploadDir(session.info.id);
    const file = `${randomUUID()}.rs`;
    await fs.rename(tmpFile, path.join(dir, file));
    const block: BlockInfo = { blockId, file, records, bytes, version: Date.now() };
    try {
      await writeJsonAtomic(this.layout, path.join(dir, `block-${blockId}.json`), block);
    } catch (err) {
      await fs.rm(path.join(dir, file), { force: true });
      throw err;
    }
    const previous = session.blocks.get(blockId);
    session.blocks.set(blockId, block);
    if (previous !== undefined) await fs.rm(path.join(dir, previous.file), { force: true });
    return block;
  }

  blockPath(session: UploadSession, block: BlockInfo): string {
    return path.join(this.layout.uploadDir(session.info.id), block.file);
  }

  /** Blocks in ascending id: the order their records are committed in. */
  sortedBlocks(session: UploadSession): BlockInfo[] {
    return [...session.blocks.values()].sort((a, b) => a.blockId - b.blockId);
  }

  /** Marks the session closed (after its data was committed) and frees its block data; block metadata stays. */
  async closeUpload(session: UploadSession): Promise<void> {
    const info: UploadSessionInfo = { ...session.info, status: 'closed' };
    await writeJsonAtomic(this.layout, path.join(this.layout.uploadDir(info.id), 'session.json'), info);
    session.info = info;
    for (const block of session.blocks.values()) await fs.rm(this.blockPath(session, block), { force: true });
  }

  /** Creates a download session holding a snapshot of the committed data of a partition or table. */
  async createDownload(table: TableState, spec: string | undefined): Promise<DownloadSessionInfo> {
    const { catalog } = this;
    const id = newSessionId();
    const dir = this.layout.downloadDir(id);
    await fs.mkdir(dir, { recursive: true });
    const files: DataFile[] = [];
    for (const source of catalog.manifest(table, spec).files) {
      const file = `${randomUUID()}.rs`;
      await linkOrCopy(catalog.dataFilePath(table, spec, source.file), path.join(dir, file));
      files.push({ ...source, file });
    }
    const info: DownloadSessionInfo = {
      id,
      project: table.info.project,
      table: table.info.name,
      ...(spec === undefined ? {} : { partition: spec }),
      initiatedMs: Date.now(),
      recordCount: files.reduce((n, f) => n + f.records, 0),
      files,
      columns: table.info.columns,
      partitionKeys: table.info.partitionKeys,
    };
    await writeJsonAtomic(this.layout, path.join(dir, 'session.json'), info);
    this.downloads.set(id, info);
    return info;
  }

  /**
   * The download session `id` of this table.
   * @throws MaxComputeServerError NoSuchDownload.
   */
  download(id: string, project: string, table: string): DownloadSessionInfo {
    const info = SESSION_ID.test(id) ? this.downloads.get(id) : undefined;
    if (info === undefined || info.project !== project || info.table !== table.toLowerCase()) {
      throw new MaxComputeServerError('NoSuchDownload', { message: `The download session '${id}' does not exist.` });
    }
    return info;
  }

  downloadFilePath(info: DownloadSessionInfo, file: DataFile): string {
    return path.join(this.layout.downloadDir(info.id), file.file);
  }
}
