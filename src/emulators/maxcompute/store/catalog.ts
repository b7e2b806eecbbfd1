/**
 * Projects, tables, partitions and committed data under one data directory (see `layout.ts`), mirrored in memory
 * for lookups. Every change is committed by renaming one small JSON file into place after its data is on disk, so a
 * server killed at any point restarts with the old or the new state of each table and partition, never half a
 * commit; leftovers of interrupted writes are swept at {@link Catalog.open}.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { MaxComputeServerError } from '../errors';
import { listDir, readJson, writeJsonAtomic } from '../../common/json-files';
import { KeyLock } from '../../common/key-lock';
import { type Layout, linkOrCopy } from './layout';
import type { ResolvedPartition } from './partition-spec';
import {
  EMPTY_MANIFEST,
  type DataFile,
  type DataManifest,
  type PartitionInfo,
  type ProjectInfo,
  type TableInfo,
} from './types';

/** Project names (MaxCompute: letters, digits, underscore; 3-28 characters, relaxed here). */
export const PROJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** Table and column names (letters, digits, underscore, at most 128 characters). */
export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Manifest key of a non-partitioned table's data. */
const WHOLE_TABLE = '';

export interface TableState {
  info: TableInfo;
  partitions: Map<string, PartitionInfo>;
  /** By normalised spec ('' for a non-partitioned table); missing means empty. */
  manifests: Map<string, DataManifest>;
}

interface ProjectState {
  info: ProjectInfo;
  tables: Map<string, TableState>;
}

/** A file to commit: its path (left in place) and its record count. */
export interface CommitSource {
  path: string;
  records: number;
  bytes: number;
}

export class Catalog {
  readonly locks = new KeyLock();
  private readonly projects = new Map<string, ProjectState>();

  private constructor(readonly layout: Layout) {}

  /** Opens (creating if needed) the catalog in the layout's root, loading every project, table and partition. */
  static async open(layout: Layout): Promise<Catalog> {
    const catalog = new Catalog(layout);
    for (const name of await listDir(layout.projectsDir)) {
      const info = await readJson<ProjectInfo>(path.join(layout.projectDir(name), 'project.json'));
      if (info === undefined) continue;
      const project: ProjectState = { info, tables: new Map() };
      catalog.projects.set(name, project);
      for (const tableName of await listDir(layout.tablesDir(name))) {
        const dir = layout.tableDir(name, tableName);
        const table = await readJson<TableInfo>(path.join(dir, 'table.json'));
        if (table === undefined) {
          await fs.rm(dir, { recursive: true, force: true });
          continue;
        }
        project.tables.set(tableName, await catalog.loadTable(table));
      }
    }
    return catalog;
  }

  private async loadTable(info: TableInfo): Promise<TableState> {
    const state: TableState = { info, partitions: new Map(), manifests: new Map() };
    const dataDir = this.layout.dataDir(info.project, info.name);
    for (const entry of await listDir(dataDir)) {
      const dir = path.join(dataDir, entry);
      let key = WHOLE_TABLE;
      if (info.partitionKeys.length > 0) {
        const partition = await readJson<PartitionInfo>(path.join(dir, 'partition.json'));
        if (partition === undefined || entry === '_') {
          await fs.rm(dir, { recursive: true, force: true });
          continue;
        }
        state.partitions.set(partition.spec, partition);
        key = partition.spec;
      } else if (entry !== '_') {
        await fs.rm(dir, { recursive: true, force: true });
        continue;
      }
      const manifest = (await readJson<DataManifest>(path.join(dir, 'manifest.json'))) ?? EMPTY_MANIFEST;
      state.manifests.set(key, manifest);
      const referenced = new Set(manifest.files.map((f) => f.file));
      for (const file of await listDir(path.join(dir, 'files'))) {
        if (!referenced.has(file)) await fs.rm(path.join(dir, 'files', file), { force: true });
      }
    }
    return state;
  }

  projectNames(): string[] {
    return [...this.projects.keys()];
  }

  /**
   * Creates a project if missing.
   * @throws MaxComputeServerError InvalidParameter for a bad name.
   */
  async createProject(name: string): Promise<void> {
    if (!PROJECT_NAME.test(name)) {
      throw new MaxComputeServerError('InvalidParameter', { message: `Invalid project name '${name}'.` });
    }
    if (this.projects.has(name)) return;
    await fs.mkdir(this.layout.tablesDir(name), { recursive: true });
    const info: ProjectInfo = { name, createdMs: Date.now() };
    await writeJsonAtomic(this.layout, path.join(this.layout.projectDir(name), 'project.json'), info);
    this.projects.set(name, { info, tables: new Map() });
  }

  /** @throws MaxComputeServerError NoSuchProject. */
  project(name: string): ProjectInfo {
    return this.projectState(name).info;
  }

  private projectState(name: string): ProjectState {
    const project = this.projects.get(name);
    if (project === undefined) {
      throw new MaxComputeServerError('NoSuchProject', { message: `The specified project '${name}' does not exist.` });
    }
    return project;
  }

  /** @throws MaxComputeServerError NoSuchProject, NoSuchTable. */
  table(project: string, name: string): TableState {
    const table = this.projectState(project).tables.get(name.toLowerCase());
    if (table === undefined) {
      throw new MaxComputeServerError('NoSuchTable', {
        message: `The specified table '${project}.${name}' does not exist.`,
      });
    }
    return table;
  }

  hasTable(project: string, name: string): boolean {
    return this.projectState(project).tables.has(name.toLowerCase());
  }

  /** Runs `section` while no other DDL or commit of the same table runs. */
  withTableLock<T>(project: string, table: string, section: () => Promise<T>): Promise<T> {
    return this.locks.run(`table:${project}/${table.toLowerCase()}`, section);
  }

  /** The table's partitions sorted by spec. */
  partitions(table: TableState): PartitionInfo[] {
    return [...table.partitions.values()].sort((a, b) => (a.spec < b.spec ? -1 : a.spec > b.spec ? 1 : 0));
  }

  /** The committed data of a partition (spec) or of the whole non-partitioned table (undefined). */
  manifest(table: TableState, spec: string | undefined): DataManifest {
    return table.manifests.get(spec ?? WHOLE_TABLE) ?? EMPTY_MANIFEST;
  }

  /** All committed data of a table: every partition's files, partitions in spec order. */
  allData(table: TableState): { spec: string | undefined; manifest: DataManifest }[] {
    if (table.info.partitionKeys.length === 0) return [{ spec: undefined, manifest: this.manifest(table, undefined) }];
    return this.partitions(table).map((p) => ({ spec: p.spec, manifest: this.manifest(table, p.spec) }));
  }

  dataFilePath(table: TableState, spec: string | undefined, file: string): string {
    return path.join(this.layout.partitionDir(table.info.project, table.info.name, spec), 'files', file);
  }

  /** Creates a table (call under its lock, after checking it does not exist). */
  async createTable(info: TableInfo): Promise<void> {
    const project = this.projectState(info.project);
    const dir = this.layout.tableDir(info.project, info.name);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(this.layout.dataDir(info.project, info.name), { recursive: true });
    await writeJsonAtomic(this.layout, path.join(dir, 'table.json'), info);
    project.tables.set(info.name, { info, partitions: new Map(), manifests: new Map() });
  }

  /** Drops a table and its data (call under its lock); table.json goes first: that is the commit. */
  async dropTable(table: TableState): Promise<void> {
    const { project, name } = table.info;
    const dir = this.layout.tableDir(project, name);
    await fs.rm(path.join(dir, 'table.json'), { force: true });
    this.projectState(project).tables.delete(name);
    await fs.rm(dir, { recursive: true, force: true });
  }

  /** Adds a partition (call under the table's lock, after checking it does not exist). */
  async addPartition(table: TableState, partition: ResolvedPartition): Promise<PartitionInfo> {
    const dir = this.layout.partitionDir(table.info.project, table.info.name, partition.spec);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(path.join(dir, 'files'), { recursive: true });
    const now = Date.now();
    const info: PartitionInfo = { spec: partition.spec, values: partition.values, createdMs: now, lastDdlMs: now };
    await writeJsonAtomic(this.layout, path.join(dir, 'partition.json'), info);
    table.partitions.set(info.spec, info);
    table.manifests.delete(info.spec);
    return info;
  }

  /** Drops a partition and its data (call under the table's lock). */
  async dropPartition(table: TableState, spec: string): Promise<void> {
    const dir = this.layout.partitionDir(table.info.project, table.info.name, spec);
    await fs.rm(path.join(dir, 'partition.json'), { force: true });
    table.partitions.delete(spec);
    table.manifests.delete(spec);
    await fs.rm(dir, { recursive: true, force: true });
  }

  /**
   * Replaces (`overwrite`) or extends the committed data of a partition (spec) or a non-partitioned table with
   * `sources`, in order, in one atomic step: the files are linked in first, then the new manifest is renamed into
   * place. Call under the table's lock.
   */
  async commitData(
    table: TableState,
    spec: string | undefined,
    sources: readonly CommitSource[],
    options: { overwrite: boolean; sessionId?: string },
  ): Promise<void> {
    const dir = this.layout.partitionDir(table.info.project, table.info.name, spec);
    await fs.mkdir(path.join(dir, 'files'), { recursive: true });
    const added: DataFile[] = [];
    for (const source of sources) {
      const file = `${randomUUID()}.rs`;
      await linkOrCopy(source.path, path.join(dir, 'files', file));
      added.push({ file, records: source.records, bytes: source.bytes });
    }
    const previous = this.manifest(table, spec);
    const next: DataManifest = {
      files: options.overwrite ? added : [...previous.files, ...added],
      commits: options.sessionId === undefined ? previous.commits : [...previous.commits, options.sessionId],
      lastModifiedMs: Date.now(),
    };
    await writeJsonAtomic(this.layout, path.join(dir, 'manifest.json'), next);
    table.manifests.set(spec ?? WHOLE_TABLE, next);
    const kept = new Set(next.files.map((f) => f.file));
    for (const old of previous.files) {
      if (!kept.has(old.file)) await fs.rm(path.join(dir, 'files', old.file), { force: true });
    }
  }

  /** Whether an upload session's commit reached the manifest (a crash may have come before the session was closed). */
  wasCommitted(project: string, tableName: string, tableId: string, spec: string | undefined, id: string): boolean {
    const table = this.projects.get(project)?.tables.get(tableName);
    if (table === undefined || table.info.id !== tableId) return false;
    return table.manifests.get(spec ?? WHOLE_TABLE)?.commits.includes(id) ?? false;
  }
}
