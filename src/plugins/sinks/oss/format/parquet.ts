/**
 * The object encoder of the `parquet` format, on hyparquet-writer's incremental `ParquetWriter`: rows are
 * converted as they arrive (./parquet-values; a refused value makes the row dirty) and buffered column by column;
 * when the buffer reaches `rowGroupRows` rows or about `rowGroupBytes` bytes it is written as one row group and its
 * bytes are returned from `encode()`. `end()` writes the last row group and the footer. Memory therefore stays
 * around one row group (plus the footer's per-row-group metadata), whatever the object's size.
 *
 * hyparquet-writer writes into a `Writer` whose `offset` counts every byte of the file (page and row-group offsets
 * in the footer come from it) while `index` is the position in its buffer; draining the buffer after each row group
 * and resetting `index` is what its own file writer does (hyparquet-writer src/node.js `fileWriter`).
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { LineValue } from '../../../types';
import { ConversionError } from '../../elasticsearch/datax-values';
import type { FormatProblem } from './errors';
import type { ParquetColumn, ParquetLayout } from './parquet-schema';
import { parquetCell, type ParquetCell } from './parquet-values';
import type { DirtyRow, EncodedRows, ObjectEncoder } from './types';

export const DEFAULT_ROW_GROUP_ROWS = 100_000;
export const DEFAULT_ROW_GROUP_BYTES = 8 * 1024 * 1024;

export type ParquetCodec = 'UNCOMPRESSED' | 'SNAPPY';

/** `compress` → codec and file extension: absent or NONE → uncompressed `.parquet`; SNAPPY → `.snappy.parquet`. */
export function parquetCompression(
  compress: string | undefined,
): { codec: ParquetCodec; extension: string } | FormatProblem {
  const c = (compress ?? '').trim().toUpperCase();
  if (c === '' || c === 'NONE' || c === 'UNCOMPRESSED') return { codec: 'UNCOMPRESSED', extension: '.parquet' };
  if (c === 'SNAPPY') return { codec: 'SNAPPY', extension: '.snappy.parquet' };
  return {
    key: 'compress',
    message: `parquet compression "${compress ?? ''}" is not supported (DataWorks' OSS writer accepts only SNAPPY for parquet)`,
    hint: 'use "SNAPPY", or remove compress for an uncompressed file',
  };
}

export interface ParquetPlan {
  readonly layout: ParquetLayout;
  readonly codec: ParquetCodec;
  readonly timeZone: string;
  readonly rowGroupRows: number;
  readonly rowGroupBytes: number;
}

/** A hyparquet-writer `ByteWriter` whose written bytes can be taken out between row groups. */
class DrainableWriter extends ByteWriter {
  /** The bytes written since the last drain; `offset` keeps counting the whole file. */
  drain(): Buffer {
    const out = Buffer.from(this.buffer.slice(0, this.index));
    this.index = 0;
    // Give back a buffer grown for an unusually large row group.
    if (this.buffer.byteLength > 4 * DEFAULT_ROW_GROUP_BYTES) {
      this.buffer = new ArrayBuffer(1024 * 1024);
      this.view = new DataView(this.buffer);
    }
    return out;
  }
}

/** hyparquet-writer goes asynchronous only when the writer's `flush()` returns a promise; ours has no `flush()`. */
function settle(result: void | Promise<void>): void {
  if (result instanceof Promise) throw new Error('hyparquet-writer unexpectedly wrote asynchronously');
}

/** Rough encoded size of a buffered value, to decide when a row group is full. */
function cellSize(cell: ParquetCell): number {
  if (cell === null) return 1;
  if (typeof cell === 'string') return cell.length + 4;
  if (cell instanceof Uint8Array) return cell.byteLength + 4;
  if (typeof cell === 'boolean') return 1;
  return 8;
}

export class ParquetObjectEncoder implements ObjectEncoder {
  private readonly sink = new DrainableWriter(64 * 1024);
  private readonly writer: ParquetWriter;
  private readonly columns: ParquetColumn[];
  private buffered: ParquetCell[][];
  private bufferedRows = 0;
  private bufferedBytes = 0;
  private ended = false;

  constructor(private readonly plan: ParquetPlan) {
    this.columns = [...plan.layout.columns];
    this.buffered = this.columns.map(() => []);
    this.writer = new ParquetWriter({
      writer: this.sink,
      schema: [
        { name: plan.layout.messageName, num_children: this.columns.length },
        ...this.columns.map((c) => c.element),
      ],
      codec: plan.codec,
      createdBy: 'otsync (hyparquet-writer)',
    });
  }

  /** Buffered row bytes (estimated) plus encoded bytes not yet returned (the `PAR1` magic before the first group). */
  get pendingBytes(): number {
    return this.bufferedBytes + this.sink.index;
  }

  begin(): Buffer[] {
    this.checkOpen();
    return [];
  }

  encode(rows: readonly (readonly LineValue[])[]): EncodedRows {
    this.checkOpen();
    const chunks: Buffer[] = [];
    const dirty: DirtyRow[] = [];
    const width = this.columns.length;
    const cells: ParquetCell[] = new Array<ParquetCell>(width);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] ?? [];
      if (row.length !== width) {
        dirty.push({
          index: i,
          message: `the row has ${row.length} values but the parquet schema has ${width} columns`,
        });
        continue;
      }
      const problem = this.convertRow(row, cells);
      if (problem !== undefined) {
        dirty.push({ index: i, message: problem });
        continue;
      }
      let size = 0;
      for (let c = 0; c < width; c++) {
        const cell = cells[c] ?? null;
        this.buffered[c]?.push(cell);
        size += cellSize(cell);
      }
      this.bufferedRows++;
      this.bufferedBytes += size;
      if (this.bufferedRows >= this.plan.rowGroupRows || this.bufferedBytes >= this.plan.rowGroupBytes) {
        chunks.push(this.flushRowGroup());
      }
    }
    return { chunks, dirty };
  }

  end(): Buffer[] {
    this.checkOpen();
    this.ended = true;
    const chunks: Buffer[] = [];
    if (this.bufferedRows > 0) chunks.push(this.flushRowGroup());
    settle(this.writer.finish());
    chunks.push(this.sink.drain());
    return chunks.filter((c) => c.length > 0);
  }

  /** Fills `cells` for one row; returns a data-free reason when the row is dirty. */
  private convertRow(row: readonly LineValue[], cells: ParquetCell[]): string | undefined {
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c] as ParquetColumn;
      const value = row[c] ?? null;
      if (value === null) {
        if (column.required) return `column "${column.name}" is required but the value is null`;
        cells[c] = null;
        continue;
      }
      try {
        cells[c] = parquetCell(column, value, this.plan.timeZone);
      } catch (err) {
        if (!(err instanceof ConversionError)) throw err;
        return `column "${column.name}" (${column.label}): ${err.message}`;
      }
    }
    return undefined;
  }

  private flushRowGroup(): Buffer {
    const rows = this.bufferedRows;
    settle(
      this.writer.write({
        columnData: this.columns.map((c, i) => ({ name: c.name, data: this.buffered[i] ?? [] })),
        rowGroupSize: rows,
      }),
    );
    this.buffered = this.columns.map(() => []);
    this.bufferedRows = 0;
    this.bufferedBytes = 0;
    return this.sink.drain();
  }

  private checkOpen(): void {
    if (this.ended) throw new Error('this object encoder has already ended; ask the factory for a new object');
  }
}
