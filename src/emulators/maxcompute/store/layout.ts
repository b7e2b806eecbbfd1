/**
 * Where everything lives under the data directory. Names of projects and tables are validated before they reach a
 * path; partition specs are percent-encoded into one directory name.
 *
 *   tmp/                                                 partial writes; emptied at start
 *   projects/<p>/project.json                            a project exists once this file does
 *   projects/<p>/tables/<t>/table.json                   a table exists once this file does (schema, id, times)
 *   projects/<p>/tables/<t>/data/<part>/partition.json   a partition exists once this file does (partitioned tables)
 *   projects/<p>/tables/<t>/data/<part>/manifest.json    the committed data files in order: renaming it is the commit
 *   projects/<p>/tables/<t>/data/<part>/files/<uuid>.rs  committed record streams; files no manifest names are swept
 *   uploads/<id>/session.json, block-<n>.json, <uuid>.rs an upload session, its blocks' metadata and data
 *   downloads/<id>/session.json, <uuid>.rs               a download session and hard links to its snapshot's files
 *
 * `<part>` is `_` for a non-partitioned table, else the encoded spec `pt%3D1%2Cregion%3Dcn`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export class Layout {
  readonly tmpDir: string;
  readonly projectsDir: string;
  readonly uploadsDir: string;
  readonly downloadsDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
    this.projectsDir = path.join(root, 'projects');
    this.uploadsDir = path.join(root, 'uploads');
    this.downloadsDir = path.join(root, 'downloads');
  }

  projectDir(project: string): string {
    return path.join(this.projectsDir, project);
  }

  tablesDir(project: string): string {
    return path.join(this.projectDir(project), 'tables');
  }

  tableDir(project: string, table: string): string {
    return path.join(this.tablesDir(project), table);
  }

  dataDir(project: string, table: string): string {
    return path.join(this.tableDir(project, table), 'data');
  }

  /** The directory of one partition's data; `spec` undefined for a non-partitioned table. */
  partitionDir(project: string, table: string, spec: string | undefined): string {
    return path.join(this.dataDir(project, table), spec === undefined ? '_' : encodeURIComponent(spec));
  }

  uploadDir(id: string): string {
    return path.join(this.uploadsDir, id);
  }

  downloadDir(id: string): string {
    return path.join(this.downloadsDir, id);
  }

  /** A fresh path in `tmp/`, on the same file system as everything else so `rename` and `link` work. */
  tmpFile(): string {
    return path.join(this.tmpDir, randomUUID());
  }
}

/** Puts `source` at `target` as a second name of the same file (a snapshot that later deletes cannot touch). */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await fs.link(source, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP') throw err;
    await fs.copyFile(source, target);
  }
}
