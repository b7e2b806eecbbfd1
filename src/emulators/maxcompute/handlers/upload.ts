/**
 * The batch Tunnel upload (spec 4): CreateUpload (`POST ...?uploads[&partition][&overwrite=true]
 * [&create_partition=true]`), GetUploadStatus (`GET ...?uploadid=` with `getblockid` or `reload`), UploadBlock
 * (`PUT ...?uploadid=&blockid=`: the record stream is decoded and both CRC-32Cs checked before the block is kept;
 * a re-PUT replaces the block) and Commit (`POST ...?uploadid=`: all blocks become visible at once, in ascending
 * block id, appended or replacing the partition/table with `overwrite`). Reference:
 * https://help.aliyun.com/en/maxcompute/user-guide/tabletunnel. Supported subset: batch sessions, raw and
 * `deflate` bodies, primitive column types; no stream upload, no Arrow.
 */
import fs from 'node:fs/promises';
import { decodeRecordStream, RecordStreamError } from '../../../maxcompute';
import { MaxComputeServerError } from '../errors';
import type { UploadSession } from '../store/sessions';
import { tunnelColumns } from '../store/types';
import { jsonResponse, type Handler, type RequestContext } from './context';
import { receiveBlock } from './request-body';
import { uploadSessionJson } from './session-json';
import { noSuchPartition, targetPartition } from './target-partition';

/** Block ids a session accepts (spec 4.4). */
export const MAX_BLOCK_ID = 19999;

export const createUpload: Handler = async (context) => {
  const { project, table: tableName } = context.params;
  const table = context.catalog.table(project, tableName);
  const partition = targetPartition(context, table);
  const createPartition = context.query.flag('create_partition');
  if (partition !== undefined && !table.partitions.has(partition.spec) && !createPartition) {
    throw noSuchPartition(partition.spec);
  }
  const session = await context.sessions.createUpload({
    project,
    table: table.info.name,
    tableId: table.info.id,
    ...(partition === undefined ? {} : { partition: partition.spec, partitionValues: partition.values }),
    overwrite: context.query.flag('overwrite'),
    createPartition,
    columns: table.info.columns,
    partitionKeys: table.info.partitionKeys,
  });
  return jsonResponse(uploadSessionJson(session, 'normal', []));
};

function sessionOf(context: RequestContext): UploadSession {
  const id = context.query.get('uploadid') ?? '';
  context.catalog.project(context.params.project);
  return context.sessions.upload(id, context.params.project, context.params.table);
}

export const getUploadStatus: Handler = async (context) => {
  const session = sessionOf(context);
  const { sessions } = context;
  return jsonResponse(uploadSessionJson(session, sessions.uploadStatus(session), sessions.sortedBlocks(session)));
};

function blockIdOf(context: RequestContext): number {
  const text = context.query.get('blockid') ?? '';
  const id = /^\d{1,5}$/.test(text) ? Number(text) : -1;
  if (id < 0 || id > MAX_BLOCK_ID) {
    throw new MaxComputeServerError('InvalidBlockID', {
      message: `The block id '${text}' is not valid: use 0 to ${MAX_BLOCK_ID}.`,
    });
  }
  return id;
}

export const uploadBlock: Handler = async (context) => {
  const blockId = blockIdOf(context);
  const session = sessionOf(context);
  const { sessions } = context;
  sessions.assertOpen(session);
  const { tmpFile, bytes } = await receiveBlock(context, sessions.layout.tmpFile());
  let records: number;
  try {
    // The whole stream is validated (tags, types, record CRCs, count, total CRC) before the block is kept.
    records = decodeRecordStream(await fs.readFile(tmpFile), tunnelColumns(session.info.columns)).length;
  } catch (err) {
    await fs.rm(tmpFile, { force: true });
    if (err instanceof RecordStreamError) {
      throw new MaxComputeServerError(err.code, { message: `Block ${blockId}: ${err.message}`, cause: err });
    }
    throw err;
  }
  try {
    await sessions.withSessionLock(session.info.id, async () => {
      sessions.assertOpen(session);
      await sessions.putBlock(session, blockId, tmpFile, records, bytes);
    });
  } catch (err) {
    await fs.rm(tmpFile, { force: true });
    throw err;
  }
  return { status: 200, headers: { 'content-length': 0 } };
};

export const commitUpload: Handler = async (context) => {
  const session = sessionOf(context);
  const { catalog, sessions } = context;
  const { info } = session;
  await catalog.withTableLock(info.project, info.table, () =>
    sessions.withSessionLock(info.id, async () => {
      sessions.assertOpen(session);
      const table = catalog.table(info.project, info.table);
      if (table.info.id !== info.tableId) {
        throw new MaxComputeServerError('NoSuchTable', {
          message: `The table ${info.project}.${info.table} was dropped after the upload session was created.`,
        });
      }
      if (info.partition !== undefined && !table.partitions.has(info.partition)) {
        if (!info.createPartition) throw noSuchPartition(info.partition);
        await catalog.addPartition(table, { spec: info.partition, values: info.partitionValues ?? [] });
      }
      const sources = sessions.sortedBlocks(session).map((block) => ({
        path: sessions.blockPath(session, block),
        records: block.records,
        bytes: block.bytes,
      }));
      await catalog.commitData(table, info.partition, sources, { overwrite: info.overwrite, sessionId: info.id });
      await sessions.closeUpload(session);
    }),
  );
  return jsonResponse(uploadSessionJson(session, 'closed', sessions.sortedBlocks(session)));
};
