/** The records the store keeps on disk (one JSON file each, see `layout.ts`) and in memory. */
import type { TunnelColumn } from '../../../maxcompute';

/** The owner every object reports: the real service's `ALIYUN$<account>` form. */
export const OWNER = 'ALIYUN$local';

export interface ProjectInfo {
  name: string;
  createdMs: number;
}

/** A column of a table as created by SQL (spec 3.2 field names are produced from this). */
export interface ColumnInfo {
  name: string;
  /** Lower-case type text, e.g. `decimal(10,2)`. */
  type: string;
  comment: string;
  nullable: boolean;
}

export interface TableInfo {
  /** Fresh per CREATE TABLE, so sessions opened on a dropped table never commit into its successor. */
  id: string;
  project: string;
  name: string;
  columns: ColumnInfo[];
  /** Empty for a non-partitioned table. */
  partitionKeys: ColumnInfo[];
  comment: string;
  lifecycle: number;
  createdMs: number;
  lastDdlMs: number;
}

/** Partition values in key order: the key is the normalised spec `k1=v1,k2=v2`. */
export interface PartitionInfo {
  spec: string;
  values: [string, string][];
  createdMs: number;
  lastDdlMs: number;
}

/** One committed record stream (an uncompressed block body as it was validated). */
export interface DataFile {
  /** File name inside the partition's `files/` (or a download session's directory). */
  file: string;
  records: number;
  bytes: number;
}

/** The committed content of a partition (or of a non-partitioned table), in commit order. */
export interface DataManifest {
  files: DataFile[];
  /** Upload sessions already committed here: a restart after a crash mid-commit closes them. */
  commits: string[];
  lastModifiedMs: number;
}

export const EMPTY_MANIFEST: DataManifest = { files: [], commits: [], lastModifiedMs: 0 };

export type UploadStatus = 'normal' | 'closed' | 'expired';

export interface UploadSessionInfo {
  id: string;
  project: string;
  table: string;
  tableId: string;
  /** Normalised spec, undefined for a non-partitioned table. */
  partition?: string;
  partitionValues?: [string, string][];
  overwrite: boolean;
  createPartition: boolean;
  initiatedMs: number;
  /** 'expired' is never stored: it is derived from `initiatedMs`. */
  status: 'normal' | 'closed';
  /** The data columns (field numbering) and partition keys as the session was created. */
  columns: ColumnInfo[];
  partitionKeys: ColumnInfo[];
}

export interface BlockInfo {
  blockId: number;
  /** Data file name in the session directory. */
  file: string;
  records: number;
  bytes: number;
  /** Upload time, ms. */
  version: number;
}

export interface DownloadSessionInfo {
  id: string;
  project: string;
  table: string;
  partition?: string;
  initiatedMs: number;
  recordCount: number;
  /** Snapshot files, hard-linked into the session directory. */
  files: DataFile[];
  columns: ColumnInfo[];
  partitionKeys: ColumnInfo[];
}

/** Sessions live 24 hours (spec 4.5). */
export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The core codec's view of data columns. */
export function tunnelColumns(columns: readonly ColumnInfo[]): TunnelColumn[] {
  return columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable }));
}
