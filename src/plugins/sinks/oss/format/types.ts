/** The encoding layer's contract with the OSS sink (re-exported by `./index`). */
import type { LineValue } from '../../../types';

/** A row refused as dirty: its index in the `encode()` input and a data-free reason (never the value). */
export interface DirtyRow {
  readonly index: number;
  readonly message: string;
}

export interface EncodedRows {
  /** Encoded bytes ready to append to the object, in order (may be empty when the encoder buffers, e.g. parquet row groups). */
  readonly chunks: Buffer[];
  /** Rows refused as dirty (DataX: a conversion error during rendering → dirty record, line skipped): index into the input, data-free message (never the value). */
  readonly dirty: readonly DirtyRow[];
}

export interface ObjectEncoder {
  /** Bytes that open the object: the header line for text/csv (if `header` is set), nothing for parquet. */
  begin(): Buffer[];
  encode(rows: readonly (readonly LineValue[])[]): EncodedRows;
  /** Bytes buffered but not yet returned (so the caller can decide when to roll/flush; parquet's pending row group size estimate). */
  readonly pendingBytes: number;
  /** Flushes everything and closes the object (parquet: last row group + footer). */
  end(): Buffer[];
}

export interface EncoderFactory {
  /** A fresh encoder for each object (each rolled file gets its own header / parquet file). */
  newObject(): ObjectEncoder;
  /** File-name extension hint the sink may use: '' for text/csv (DataX uses `suffix` only), '.parquet' or '.snappy.parquet' for parquet. */
  readonly parquetExtension?: string;
}

/** Options of `createEncoderFactory`. */
export interface EncoderOptions {
  /** IANA zone of the run: a parquet `date` column takes the calendar day of epoch milliseconds in it. */
  readonly timeZone: string;
  /** Parquet: flush a row group after this many rows. @default 100000 */
  readonly rowGroupRows?: number;
  /** Parquet: flush a row group once the buffered rows' estimated size reaches this many bytes. @default 8 MiB */
  readonly rowGroupBytes?: number;
}
