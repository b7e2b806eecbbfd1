/**
 * The object encoder of the `text` and `csv` formats: each row's values become strings (./values), the strings one
 * line (./text or ./csv), and a batch's lines one chunk in the object's charset (./encoding). Nothing is buffered:
 * `pendingBytes` is always 0 and `end()` returns only what a stateful charset encoder held back.
 */
import type { LineValue } from '../../../types';
import { ConversionError } from '../../elasticsearch/datax-values';
import { csvRecord, type CsvSettings } from './csv';
import { createCharsetEncoder } from './encoding';
import { textLine } from './text';
import type { DirtyRow, EncodedRows, ObjectEncoder } from './types';
import { valueText, type ValueTextOptions } from './values';

/** Everything a text or csv object needs, resolved once per job. */
export interface LineFormat {
  readonly encoding: string;
  readonly values: ValueTextOptions;
  /** Written as the first line of every object when non-empty. */
  readonly header: readonly string[] | undefined;
  /** Renders one row's strings as one line, terminator included. */
  readonly line: (fields: readonly string[]) => string;
}

export function textLineFormat(fieldDelimiter: string, lineDelimiter: string): LineFormat['line'] {
  return (fields) => textLine(fields, fieldDelimiter, lineDelimiter);
}

export function csvLineFormat(settings: CsvSettings): LineFormat['line'] {
  return (fields) => csvRecord(fields, settings);
}

function nonEmpty(chunks: Buffer[]): Buffer[] {
  return chunks.filter((c) => c.length > 0);
}

export class LineObjectEncoder implements ObjectEncoder {
  readonly pendingBytes = 0;
  private readonly charset;
  private ended = false;

  constructor(private readonly format: LineFormat) {
    this.charset = createCharsetEncoder(format.encoding);
  }

  begin(): Buffer[] {
    this.checkOpen();
    const header = this.format.header;
    if (!header || header.length === 0) return [];
    return nonEmpty([this.charset.write(this.format.line(header))]);
  }

  encode(rows: readonly (readonly LineValue[])[]): EncodedRows {
    this.checkOpen();
    const dirty: DirtyRow[] = [];
    let text = '';
    for (let i = 0; i < rows.length; i++) {
      try {
        text += this.format.line((rows[i] ?? []).map((v) => valueText(v, this.format.values)));
      } catch (err) {
        // DataX: a conversion error while rendering makes the record dirty; anything else fails the task.
        if (!(err instanceof ConversionError)) throw err;
        dirty.push({ index: i, message: err.message });
      }
    }
    return { chunks: text === '' ? [] : nonEmpty([this.charset.write(text)]), dirty };
  }

  end(): Buffer[] {
    this.checkOpen();
    this.ended = true;
    return nonEmpty([this.charset.end()]);
  }

  private checkOpen(): void {
    if (this.ended) throw new Error('this object encoder has already ended; ask the factory for a new object');
  }
}
