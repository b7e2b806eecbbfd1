/**
 * The Tunnel session documents (spec 4.2, 4.3, 6): the field set the real service returns, with both `nullable`
 * (java) and `isNullable` (pyodps) on columns, `IsOverwrite` (cpp insists when it asked for overwrite), and the
 * `Owner`/`Initiated` fields cpp requires.
 */
import type { UploadSession } from '../store/sessions';
import { OWNER, type BlockInfo, type ColumnInfo, type DownloadSessionInfo, type UploadStatus } from '../store/types';
import { httpDate } from '../xml';

/** The string/binary field limit reported to clients (8 MiB, spec 4.4). */
export const MAX_FIELD_SIZE = 8 * 1024 * 1024;

function columnJson(column: ColumnInfo) {
  return {
    column_id: '',
    comment: column.comment,
    default_value: '',
    name: column.name,
    nullable: column.nullable,
    isNullable: column.nullable,
    type: column.type,
  };
}

export function schemaJson(columns: readonly ColumnInfo[], partitionKeys: readonly ColumnInfo[]) {
  return {
    IsVirtualView: false,
    columns: columns.map(columnJson),
    partitionKeys: partitionKeys.map((c) => columnJson({ ...c, nullable: true })),
  };
}

export function blockJson(block: BlockInfo) {
  return {
    BlockID: block.blockId,
    CreateTime: Math.floor(block.version / 1000),
    Date: httpDate(block.version),
    FileName: `${block.blockId}_${block.version}_1`,
    RawSize: block.bytes,
    RecordCount: block.records,
    Version: block.version,
  };
}

export function uploadSessionJson(session: UploadSession, status: UploadStatus, blocks: readonly BlockInfo[]) {
  const { info } = session;
  return {
    UploadID: info.id,
    Status: status,
    Owner: OWNER,
    Initiated: httpDate(info.initiatedMs),
    IsOverwrite: info.overwrite,
    QuotaName: '',
    MaxFieldSize: MAX_FIELD_SIZE,
    Schema: schemaJson(info.columns, info.partitionKeys),
    UploadedBlockList: blocks.map(blockJson),
  };
}

export function downloadSessionJson(info: DownloadSessionInfo, status: 'normal' | 'expired') {
  return {
    DownloadID: info.id,
    Status: status,
    Owner: OWNER,
    Initiated: httpDate(info.initiatedMs),
    RecordCount: info.recordCount,
    QuotaName: '',
    SupportReadByRawSize: false,
    Schema: schemaJson(info.columns, info.partitionKeys),
  };
}
