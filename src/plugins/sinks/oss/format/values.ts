/**
 * The text of one value in a text or csv line (writers.md §2.5, DataX USW `transportOneRecord`): null →
 * `nullFormat`, Bytes → base64 when `byteEncoding` is `base64` (any case) else UTF-8 decoded, everything else →
 * DataX `Column.asString()` (a Double as Java plain decimal text, a Long as decimal digits, a Bool as true/false).
 * The Tablestore reader never emits Date columns, so `dateFormat` never applies.
 */
import type { LineValue } from '../../../types';
import { asString } from '../../elasticsearch/datax-values';

export interface ValueTextOptions {
  readonly nullFormat: string;
  /** `byteEncoding: "base64"`. */
  readonly bytesAsBase64: boolean;
}

/** Whether a `byteEncoding` value selects base64 (DataX compares ignoring case; anything else decodes as text). */
export function isBase64ByteEncoding(byteEncoding: string | undefined): boolean {
  return byteEncoding?.toLowerCase() === 'base64';
}

/** DataX's text for one value of a line. Never fails for the values the reader emits. */
export function valueText(value: LineValue, options: ValueTextOptions): string {
  if (value === null) return options.nullFormat;
  if (value instanceof Uint8Array && options.bytesAsBase64) {
    // commons-codec `encodeBase64String`: standard alphabet, padded, no line breaks.
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  }
  return asString(value) ?? options.nullFormat;
}
