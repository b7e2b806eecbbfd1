/**
 * The OSS writer's encoding layer: rows (`readonly LineValue[]`) → the bytes of one object, for `fileFormat` text,
 * csv and parquet (writers.md §2.5, §2.7). The sink around it names objects, uploads parts, rolls at `maxFileSize`
 * and applies `writeMode`; it asks {@link createEncoderFactory} for one factory per job and one
 * {@link ObjectEncoder} per object.
 *
 * ORC is not supported. Library choices: `iconv-lite` for charsets, `hyparquet-writer` for parquet; csv is
 * hand-written (./csv says why).
 */
import { IANAZone } from 'luxon';
import type { CompiledOssConfig } from '../schema';
import { resolveCsvSettings } from './csv';
import { encodingSupported } from './encoding';
import { OssFormatConfigError, throwFirst, type FormatProblem } from './errors';
import { csvLineFormat, LineObjectEncoder, textLineFormat, type LineFormat } from './line-encoder';
import {
  DEFAULT_ROW_GROUP_BYTES,
  DEFAULT_ROW_GROUP_ROWS,
  parquetCompression,
  ParquetObjectEncoder,
  type ParquetPlan,
} from './parquet';
import { layoutFromColumns, layoutFromParquetSchema, type ParquetLayout } from './parquet-schema';
import type { EncoderFactory, EncoderOptions } from './types';
import { isBase64ByteEncoding } from './values';

export type { DirtyRow, EncodedRows, EncoderFactory, EncoderOptions, ObjectEncoder } from './types';
export { encodingSupported } from './encoding';
export { OssFormatConfigError, type FormatProblem } from './errors';

function parquetLayout(columnar: NonNullable<CompiledOssConfig['columnar']>): {
  layout: ParquetLayout | undefined;
  errors: FormatProblem[];
  warnings: FormatProblem[];
} {
  if (columnar.parquetSchema !== undefined && columnar.parquetSchema.trim() !== '') {
    return { ...layoutFromParquetSchema(columnar.parquetSchema), warnings: [] };
  }
  return layoutFromColumns(columnar.column);
}

/**
 * Every problem the encoders would have with `config`, without building anything: `errors` make
 * {@link createEncoderFactory} throw; `warnings` are settings DataX ignores or degrades (unknown `csvWriterConfig`
 * keys, an unknown parquet column type written as binary, `header` with parquet, …). The OSS schema can report
 * both with the parameter path `key` appended to the `parameter` block's path.
 */
export function formatConfigIssues(config: CompiledOssConfig): { errors: FormatProblem[]; warnings: FormatProblem[] } {
  const errors: FormatProblem[] = [];
  const warnings: FormatProblem[] = [];
  // The schema refuses orc already; checked again for a config built some other way.
  if ((config.fileFormat as string) === 'orc') {
    errors.push({ key: 'fileFormat', message: 'orc is not supported by otsync; use parquet' });
    return { errors, warnings };
  }
  switch (config.fileFormat) {
    case 'parquet': {
      if (!config.columnar) {
        errors.push({ key: 'column', message: 'is required for parquet', hint: 'list [{"name": …, "type": …}]' });
        break;
      }
      const layout = parquetLayout(config.columnar);
      errors.push(...layout.errors);
      warnings.push(...layout.warnings);
      const compression = parquetCompression(config.columnar.compress);
      if ('key' in compression) errors.push(compression);
      if (config.header && config.header.length > 0) {
        warnings.push({ key: 'header', message: 'is ignored for parquet (as in DataX)', hint: 'remove header' });
      }
      break;
    }
    case 'csv':
    case 'text': {
      if (!encodingSupported(config.encoding)) {
        errors.push({
          key: 'encoding',
          message: `unknown charset "${config.encoding}"`,
          hint: 'e.g. UTF-8, GBK, GB18030, Big5, ISO-8859-1, UTF-16LE',
        });
      }
      if (config.fileFormat === 'csv') {
        const csv = resolveCsvSettings(config);
        errors.push(...csv.errors);
        warnings.push(...csv.warnings);
      } else if (config.csvWriterConfig !== undefined) {
        warnings.push({ key: 'csvWriterConfig', message: 'applies only to fileFormat csv and is ignored' });
      }
      if (config.byteEncoding !== undefined && !isBase64ByteEncoding(config.byteEncoding)) {
        warnings.push({
          key: 'byteEncoding',
          message: `"${config.byteEncoding}" is not "base64", so binary values are written as UTF-8 text`,
          hint: 'use "base64" or remove byteEncoding',
        });
      }
      break;
    }
  }
  return { errors, warnings };
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`encoder option ${name} must be a positive integer`);
  return value;
}

/** Throws an Error with a clear message (what/where/how to fix) for a config the encoder cannot honour. */
export function createEncoderFactory(config: CompiledOssConfig, options: EncoderOptions): EncoderFactory {
  throwFirst(formatConfigIssues(config).errors);
  if (config.fileFormat === 'parquet' && config.columnar) {
    if (!IANAZone.isValidZone(options.timeZone)) {
      throw new OssFormatConfigError('timeZone', `unknown time zone "${options.timeZone}"`, {
        hint: 'an IANA zone such as Asia/Shanghai',
      });
    }
    const compression = parquetCompression(config.columnar.compress);
    const { layout } = parquetLayout(config.columnar);
    if ('key' in compression || !layout) throw new Error('unreachable: parquet config checked above');
    const plan: ParquetPlan = {
      layout,
      codec: compression.codec,
      timeZone: options.timeZone,
      rowGroupRows: positiveInteger(options.rowGroupRows, DEFAULT_ROW_GROUP_ROWS, 'rowGroupRows'),
      rowGroupBytes: positiveInteger(options.rowGroupBytes, DEFAULT_ROW_GROUP_BYTES, 'rowGroupBytes'),
    };
    return { newObject: () => new ParquetObjectEncoder(plan), parquetExtension: compression.extension };
  }
  const format: LineFormat = {
    encoding: config.encoding,
    values: { nullFormat: config.nullFormat, bytesAsBase64: isBase64ByteEncoding(config.byteEncoding) },
    header: config.header,
    line:
      config.fileFormat === 'csv'
        ? csvLineFormat(resolveCsvSettings(config).settings)
        : textLineFormat(config.fieldDelimiter, config.lineDelimiter),
  };
  return { newObject: () => new LineObjectEncoder(format), parquetExtension: '' };
}
