import { z } from 'zod';
import type { SecretRef } from '../../../datasources/secret-ref';
import { dxBoolean, dxInteger, dxObject, dxString, dxStringList } from '../../../job/schema/datax-values';
import { parseParameters, requireText } from '../../../job/schema/parse-parameters';
import type { PluginCompileContext, PluginSchema } from '../../types';
import { encodingSupported, formatConfigIssues } from './format';

export interface OssConnection {
  /** OSS endpoint without the bucket. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly datasource?: string;
  readonly credentials: SecretRef;
}

/** The OSS writer's parameters after validation; defaults follow DataX's code (writers.md §2.1). */
export interface CompiledOssConfig {
  /** Object-name prefix (multi-object mode) or the exact name (`writeSingleObject`). */
  readonly object: string;
  readonly writeMode: 'truncate' | 'append' | 'nonConflict';
  readonly fileFormat: 'text' | 'csv' | 'parquet';
  readonly fieldDelimiter: string;
  readonly lineDelimiter: string;
  readonly encoding: string;
  /** Text written for null. @default "null" (the code's default; DataX's doc says \N) */
  readonly nullFormat: string;
  readonly dateFormat?: string;
  readonly header?: readonly string[];
  readonly maxFileSizeMb: number;
  readonly blockSizeInMb: number;
  /** Appended to every object name, with a leading dot. */
  readonly suffix: string;
  readonly writeSingleObject: boolean;
  readonly encrypt: boolean;
  readonly partition: readonly string[];
  /**
   * Whether a window without rows still writes an (empty or header-only) object. DataX defaults to true, which
   * litters a 5-minute job's bucket with empty files; otsync writes nothing for an empty window unless the job sets
   * `"generateEmptyFile": true`.
   */
  readonly generateEmptyFile: boolean;
  /**
   * otsync extension `objectNaming`: `window` (default) names objects `<object>__<start>-<end>_<shard>…`, `datax`
   * keeps DataX's `<object>__<32 hex>…` shape; both are deterministic per job, window and shard (naming.ts).
   */
  readonly objectNaming: 'window' | 'datax';
  readonly byteEncoding?: string;
  readonly csvWriterConfig?: Readonly<Record<string, unknown>>;
  readonly cname?: string;
  /** parquet/orc only. */
  readonly columnar?: {
    readonly column: readonly { readonly name: string; readonly type: string }[];
    readonly compress?: string;
    readonly parquetSchema?: string;
    readonly ossBlockSizeMb: number;
  };
}

const shape = {
  endpoint: dxString(),
  bucket: dxString(),
  object: dxString(),
  writeMode: dxString(),
  fileFormat: dxString(),
  fieldDelimiter: dxString(),
  lineDelimiter: dxString(),
  encoding: dxString(),
  nullFormat: dxString(),
  dateFormat: dxString(),
  header: dxStringList(),
  maxFileSize: dxInteger(1),
  blockSizeInMB: dxInteger(1, 5120),
  suffix: dxString(),
  compress: dxString(),
  writeSingleObject: dxBoolean(),
  encrypt: dxBoolean(),
  partition: dxStringList(),
  generateEmptyFile: dxBoolean(),
  byteEncoding: dxString(),
  csvWriterConfig: dxObject(),
  cname: dxString(),
  table: dxString(),
  quoteChar: dxString(),
  syncMode: dxString(),
  path: dxString(),
  fileName: dxString(),
  column: z
    .array(z.object({ name: z.string(), type: z.string() }, { error: 'each column needs a name and a type' }), {
      error: 'must be a list of {"name", "type"}',
    })
    .optional(),
  parquetSchema: dxString(),
  ossBlockSize: dxInteger(1),
  dataxParquetMode: dxString(),
  objectNaming: dxString(),
};
const schema = z.looseObject(shape);
const WRITE_MODES = ['truncate', 'append', 'nonConflict'] as const;

/** Charsets the writer can produce bytes in (UTF-8, GBK, GB18030, Big5, ISO-8859-1, …; format/encoding.ts). */
function checkEncoding(encoding: string): boolean {
  return encodingSupported(encoding);
}

/** `column[2].type` → ['column', 2, 'type'] (a format problem's key as a JSON path). */
function keyPath(key: string): (string | number)[] {
  return key.split('.').flatMap((part) => {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    return [m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
}

/** Warnings for write modes that break 5-minute incremental runs sharing one object prefix (writers.md §2.2). */
function warnDestructive(mode: CompiledOssConfig['writeMode'], single: boolean, ctx: PluginCompileContext): void {
  const at = [...ctx.path, 'writeMode'];
  if (ctx.variesWithinDay('object')) return;
  if (mode === 'truncate') {
    ctx.issues.warn(
      at,
      `truncate deletes every object under the "object" prefix at the start of each run; runs sharing this prefix delete the earlier runs' files`,
      'use "append", or put the window start in object (e.g. ".../${startTime}")',
    );
  } else if (mode === 'nonConflict') {
    ctx.issues.warn(
      at,
      `nonConflict fails every run after the first when runs share the "object" ${single ? 'name' : 'prefix'}`,
      'use "append", or put the window start in object',
    );
  }
}

/** The OSS writer (DataX `osswriter`, DataWorks `oss`). */
export const ossSchema: PluginSchema<OssConnection, CompiledOssConfig> = {
  id: 'oss',
  role: 'sink',
  dataxName: 'osswriter',
  dataworksName: 'oss',
  datasourceType: 'oss',
  datasourceFields: { endpoint: 'endpoint', bucket: 'bucket' },
  credentialKeys: { accessId: ['accessId'], accessKey: ['accessKey'], securityToken: ['securityToken'] },
  credentialsRequired: true,
  compile(parameter, ctx) {
    const { path, issues } = ctx;
    const p = parseParameters({ schema, known: Object.keys(shape) }, parameter, path, issues);
    if (!p) return undefined;
    const orDs = 'or set "datasource" to a registered OSS datasource';
    const endpoint = requireText(p.endpoint, [...path, 'endpoint'], issues, orDs);
    const bucket = requireText(p.bucket, [...path, 'bucket'], issues, orDs);
    const format = (p.fileFormat ?? 'text').trim();
    const columnar = format.toLowerCase() === 'parquet';
    if (format.toLowerCase() === 'orc') {
      // No maintained JavaScript ORC writer exists; refusing is better than writing files no reader accepts.
      issues.error([...path, 'fileFormat'], 'orc is not supported by otsync', 'use parquet (or csv/text)');
    } else if (!['text', 'csv'].includes(format) && !columnar) {
      issues.error([...path, 'fileFormat'], `unsupported fileFormat "${format}"`, 'use text, csv or parquet');
    }
    const object = requireText(
      p.object,
      [...path, 'object'],
      issues,
      'the object-name prefix, e.g. "instance/table/${date}"',
    );
    const modeText = p.writeMode?.trim();
    // text/csv match the mode exactly (after trim); parquet/orc ignore case (writers.md §2.1).
    const mode = WRITE_MODES.find((m) => (columnar ? m.toLowerCase() === modeText?.toLowerCase() : m === modeText));
    if (!modeText) issues.error([...path, 'writeMode'], 'is required', 'one of truncate, append, nonConflict');
    else if (!mode)
      issues.error(
        [...path, 'writeMode'],
        `unsupported writeMode "${modeText}"`,
        'one of truncate, append, nonConflict (exact case)',
      );
    const single = p.writeSingleObject ?? false;
    if (single && mode === 'append')
      issues.error(
        [...path, 'writeMode'],
        'append cannot be used with writeSingleObject',
        'use truncate or nonConflict',
      );
    if (mode) warnDestructive(mode, single, ctx);
    const fieldDelimiter = p.fieldDelimiter ?? ',';
    if ((format === 'csv' || columnar) && fieldDelimiter.length !== 1) {
      issues.error([...path, 'fieldDelimiter'], `must be exactly one character for ${format}`);
    }
    const encoding = p.encoding?.trim() || 'UTF-8';
    if (!checkEncoding(encoding))
      issues.error([...path, 'encoding'], `unknown encoding "${encoding}"`, 'e.g. UTF-8 or GBK');
    if (!columnar && p.compress?.trim()) {
      issues.error([...path, 'compress'], 'text and csv objects cannot be compressed on OSS', 'remove compress');
    }
    if (columnar && (!p.column || p.column.length === 0)) {
      issues.error([...path, 'column'], `is required for ${format}`, 'list [{"name": ..., "type": ...}]');
    }
    if (p.fileFormat?.trim() === 'sql' || p.table !== undefined || p.quoteChar !== undefined) {
      issues.error([...path, 'fileFormat'], 'the sql file format is not supported by otsync');
    }
    if (p.syncMode !== undefined)
      issues.error([...path, 'syncMode'], 'file-copy mode does not apply to a Tablestore source', 'remove syncMode');
    const naming = p.objectNaming?.trim() || 'window';
    if (naming !== 'window' && naming !== 'datax') {
      issues.error([...path, 'objectNaming'], `unknown objectNaming "${naming}"`, 'use "window" (default) or "datax"');
    }
    if (p.compress?.trim() && columnar && !['SNAPPY', 'NONE'].includes(p.compress.trim().toUpperCase())) {
      issues.error([...path, 'compress'], `parquet objects support SNAPPY only`, 'use "SNAPPY" or remove compress');
    }
    if (!endpoint || !bucket || !object || !mode || issues.hasErrors) return undefined;
    const suffix = (p.suffix ?? '').trim();
    const compiled = {
      connection: {
        endpoint,
        bucket,
        ...(ctx.datasource && { datasource: ctx.datasource.name }),
        credentials: ctx.credentials,
      },
      config: {
        object,
        writeMode: mode,
        fileFormat: (columnar ? format.toLowerCase() : format) as CompiledOssConfig['fileFormat'],
        fieldDelimiter,
        lineDelimiter: p.lineDelimiter ?? '\n',
        encoding,
        nullFormat: p.nullFormat ?? 'null',
        ...(p.dateFormat !== undefined && { dateFormat: p.dateFormat }),
        ...(p.header !== undefined && { header: p.header }),
        maxFileSizeMb: p.maxFileSize ?? 100_000,
        blockSizeInMb: p.blockSizeInMB ?? 10,
        suffix: suffix === '' || suffix.startsWith('.') ? suffix : `.${suffix}`,
        writeSingleObject: single,
        encrypt: p.encrypt ?? false,
        partition: p.partition ?? [],
        generateEmptyFile: p.generateEmptyFile ?? false,
        objectNaming: naming as CompiledOssConfig['objectNaming'],
        ...(p.byteEncoding !== undefined && { byteEncoding: p.byteEncoding }),
        ...(p.csvWriterConfig !== undefined && { csvWriterConfig: p.csvWriterConfig }),
        ...(p.cname !== undefined && { cname: p.cname }),
        ...(columnar && {
          columnar: {
            column: p.column ?? [],
            ...(p.compress?.trim() && { compress: p.compress.trim().toUpperCase() }),
            ...(p.parquetSchema !== undefined && { parquetSchema: p.parquetSchema }),
            ossBlockSizeMb: p.ossBlockSize ?? 16,
          },
        }),
      } satisfies CompiledOssConfig,
    };
    // What the encoders would refuse (csvWriterConfig values, parquet column types, codecs) is found here, at
    // validation, rather than when the first window is written.
    const formatIssues = formatConfigIssues(compiled.config);
    for (const e of formatIssues.errors) issues.error([...path, ...keyPath(e.key)], e.message, e.hint);
    for (const w of formatIssues.warnings) issues.warn([...path, ...keyPath(w.key)], w.message, w.hint);
    return formatIssues.errors.length > 0 ? undefined : compiled;
  },
};
