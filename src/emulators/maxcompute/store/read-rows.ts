/** Reads committed rows back: decodes the record-stream files of a manifest or download snapshot, in order. */
import fs from 'node:fs/promises';
import { decodeRecordStream, type TunnelValue } from '../../../maxcompute';
import { tunnelColumns, type ColumnInfo } from './types';

export interface RowSource {
  path: string;
  records: number;
}

/** Rows `[start, start + count)` of the files taken in order; files wholly outside the range are not read. */
export async function readRows(
  sources: readonly RowSource[],
  columns: readonly ColumnInfo[],
  start = 0,
  count = Number.POSITIVE_INFINITY,
): Promise<TunnelValue[][]> {
  const schema = tunnelColumns(columns);
  const end = start + count;
  const rows: TunnelValue[][] = [];
  let offset = 0;
  for (const source of sources) {
    const fileStart = offset;
    offset += source.records;
    if (offset <= start || source.records === 0) continue;
    if (fileStart >= end) break;
    const decoded = decodeRecordStream(await fs.readFile(source.path), schema);
    // A loop, not push(...rows): a block can hold more rows than a call's argument limit.
    for (let i = Math.max(0, start - fileStart); i < Math.min(decoded.length, end - fileStart); i++)
      rows.push(decoded[i]!);
  }
  return rows;
}
