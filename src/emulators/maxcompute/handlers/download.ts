/**
 * The batch Tunnel download (spec 6), for reading data back: CreateDownload (`POST ...?downloads[&partition=]`:
 * a snapshot of the committed rows, `normal` at once with its `RecordCount`), GetDownloadStatus
 * (`GET ...?downloadid=`) and ReadDownload (`GET ...?data&downloadid=&rowrange=(start,count)[&columns=a,b]`: a
 * record stream of those rows, `deflate`d when the client accepts it). Reference:
 * https://help.aliyun.com/en/maxcompute/user-guide/tabletunnel. Supported subset: no Arrow, no async mode (the
 * session is ready at once).
 */
import zlib from 'node:zlib';
import { RecordStreamWriter } from '../../../maxcompute';
import { MaxComputeServerError } from '../errors';
import { readRows } from '../store/read-rows';
import { SESSION_LIFETIME_MS, tunnelColumns, type ColumnInfo, type DownloadSessionInfo } from '../store/types';
import { jsonResponse, type Handler, type RequestContext } from './context';
import { downloadSessionJson } from './session-json';
import { noSuchPartition, targetPartition } from './target-partition';

const statusOf = (info: DownloadSessionInfo) =>
  Date.now() - info.initiatedMs > SESSION_LIFETIME_MS ? ('expired' as const) : ('normal' as const);

export const createDownload: Handler = async (context) => {
  const table = context.catalog.table(context.params.project, context.params.table);
  const partition = targetPartition(context, table);
  if (partition !== undefined && !table.partitions.has(partition.spec)) throw noSuchPartition(partition.spec);
  const info = await context.sessions.createDownload(table, partition?.spec);
  return jsonResponse(downloadSessionJson(info, 'normal'));
};

function sessionOf(context: RequestContext): DownloadSessionInfo {
  context.catalog.project(context.params.project);
  return context.sessions.download(context.query.get('downloadid') ?? '', context.params.project, context.params.table);
}

export const getDownloadStatus: Handler = async (context) => {
  const info = sessionOf(context);
  return jsonResponse(downloadSessionJson(info, statusOf(info)));
};

/** `(start,count)` within the snapshot. @throws MaxComputeServerError InvalidRowRange. */
function rowRange(context: RequestContext, info: DownloadSessionInfo): { start: number; count: number } {
  const text = context.query.get('rowrange') ?? '';
  const match = /^\(\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(text);
  const start = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (
    match === null ||
    !Number.isSafeInteger(start) ||
    !Number.isSafeInteger(count) ||
    start + count > info.recordCount
  ) {
    throw new MaxComputeServerError('InvalidRowRange', {
      message: `The row range '${text}' is not valid for ${info.recordCount} records: use (start,count).`,
    });
  }
  return { start, count };
}

/** The requested data columns as indexes, in the order asked; partition columns are skipped (not in the stream). */
function columnSelection(context: RequestContext, info: DownloadSessionInfo): number[] {
  const text = context.query.get('columns')?.trim() ?? '';
  if (text === '') return info.columns.map((_, i) => i);
  const selection: number[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    const index = info.columns.findIndex((c) => c.name === name);
    if (index >= 0) selection.push(index);
    else if (!info.partitionKeys.some((c) => c.name === name)) {
      throw new MaxComputeServerError('InvalidColumnSpec', { message: `The column '${raw}' does not exist.` });
    }
  }
  return selection;
}

export const readDownload: Handler = async (context) => {
  const info = sessionOf(context);
  if (statusOf(info) !== 'normal') {
    throw new MaxComputeServerError('StatusConflict', { message: 'The download session is expired.' });
  }
  const { start, count } = rowRange(context, info);
  const selection = columnSelection(context, info);
  const sources = info.files.map((f) => ({ path: context.sessions.downloadFilePath(info, f), records: f.records }));
  const rows = count === 0 ? [] : await readRows(sources, info.columns, start, count);
  const columns: ColumnInfo[] = selection.map((i) => info.columns[i]!);
  const writer = new RecordStreamWriter(tunnelColumns(columns));
  for (const row of rows) writer.write(selection.map((i) => row[i] ?? null));
  let body = writer.finish();
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
  if (/\bdeflate\b/i.test(String(context.headers['accept-encoding'] ?? ''))) {
    body = zlib.deflateSync(body);
    headers['content-encoding'] = 'deflate';
  }
  return { status: 200, headers, body };
};
