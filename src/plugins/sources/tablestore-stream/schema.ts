import { z } from 'zod';
import type { SecretRef } from '../../../datasources/secret-ref';
import { dxBoolean, dxInteger, dxString } from '../../../job/schema/datax-values';
import { parseParameters, requireText } from '../../../job/schema/parse-parameters';
import { checkTimeZone, parseCompactDate, parseCompactDateTime } from '../../../job/variables/run-context';
import type { PluginCompileContext, PluginSchema } from '../../types';

/** The read window [start, end) in epoch ms, tagged with the form the script used (exactly one is allowed). */
export const tablestoreWindowSchema = z.discriminatedUnion('form', [
  z.object({ form: z.literal('millis'), startMillis: z.number().int(), endMillis: z.number().int() }),
  z.object({
    form: z.literal('time-string'),
    startTimeString: z.string(),
    endTimeString: z.string(),
    startMillis: z.number().int(),
    endMillis: z.number().int(),
  }),
  z.object({ form: z.literal('date'), date: z.string(), startMillis: z.number().int(), endMillis: z.number().int() }),
]);
export type TablestoreWindow = z.infer<typeof tablestoreWindowSchema>;

/** Output layout: DataX's default multi-version ("column mode") or row mode with a fixed column list. */
export type TablestoreOutput =
  | { readonly mode: 'multi_version' }
  | {
      readonly mode: 'single_version_and_update_only';
      readonly columns: readonly { readonly name: string; readonly isTimeseriesTag: boolean }[];
      readonly isTimeseriesTable: boolean;
    };

/** Where the stream is read from; credentials stay a reference. */
export interface TablestoreConnection {
  readonly endpoint: string;
  readonly instanceName: string;
  readonly datasource?: string;
  readonly credentials: SecretRef;
}

/** The otsstream reader's parameters after validation (otsstream-reader.md §2). */
export interface CompiledTablestoreStreamConfig {
  readonly dataTable: string;
  readonly statusTable: string;
  readonly window: TablestoreWindow;
  readonly output: TablestoreOutput;
  /** @default false */
  readonly exportSequenceInfo: boolean;
  /** Per-request retry limit; honoured (DataX ignores it and always uses 30). @default 30 */
  readonly maxRetries: number;
  /** @default false */
  readonly enableSeekIterator: boolean;
  /** @default 32 */
  readonly threadNum: number;
  /** @default false */
  readonly enableTableGroupSupport: boolean;
  /** IANA zone of the time strings and `date` (our extension key `timezone`; DataX uses the JVM zone). */
  readonly timeZone: string;
}

const ROW_MODE = 'single_version_and_update_only';
const WINDOW_KEYS = ['startTimestampMillis', 'endTimestampMillis', 'startTimeString', 'endTimeString', 'date'];
const MIN = 60_000;
const columnSchema = z.object(
  {
    name: z
      .string({ error: 'each column needs a name (a string)' })
      .trim()
      .min(1, { error: 'column name must not be empty' }),
    is_timeseries_tag: z.union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False'])]).optional(),
  },
  { error: 'each column must be an object such as {"name": "uid"}' },
);
const shape = {
  endpoint: dxString(),
  instanceName: dxString(),
  dataTable: dxString(),
  table: dxString(),
  statusTable: dxString(),
  startTimestampMillis: dxInteger(0),
  endTimestampMillis: dxInteger(0),
  startTimeString: dxString(),
  endTimeString: dxString(),
  date: dxString(),
  isExportSequenceInfo: dxBoolean(),
  maxRetries: dxInteger(0, 1000),
  mode: dxString(),
  column: z.array(columnSchema, { error: 'must be a list of {"name": ...} objects' }).optional(),
  isTimeseriesTable: dxBoolean(),
  enableSeekIterator: dxBoolean(),
  threadNum: dxInteger(1, 4096),
  enableTableGroupSupport: dxBoolean(),
  confSimplifyEnable: dxBoolean(),
  timezone: dxString(),
};
const parameterSchema = z.looseObject(shape);
type Parameters = z.infer<typeof parameterSchema>;

const WINDOW_HINT =
  'give startTimeString/endTimeString (yyyyMMddHHmmss), startTimestampMillis/endTimestampMillis (epoch ms) or date (yyyyMMdd)';

/** Resolves the one window form, applying DataX's mutual-exclusion rules in DataX's order (otsstream-reader.md §2.3). */
function compileWindow(
  p: Parameters,
  raw: Record<string, unknown>,
  zone: string,
  ctx: PluginCompileContext,
): TablestoreWindow | undefined {
  const { path, issues } = ctx;
  // A window key whose variable is unresolved has its own error; any window verdict now would be noise.
  if (WINDOW_KEYS.some((k) => issues.suppresses([...path, k]))) return undefined;
  const millis = [p.startTimestampMillis, p.endTimestampMillis].filter((v) => v !== undefined).length;
  const strings = [p.startTimeString, p.endTimeString].filter((v) => v !== undefined && v.trim() !== '').length;
  let dateSet = 'date' in raw;
  // DataWorks' templates ship `"date": "yyyyMMdd"` with a comment saying to delete it; when another window is given
  // we read it as that untouched placeholder (DataX would fail the job) and say so.
  const placeholder = p.date?.trim().toLowerCase() === 'yyyymmdd';
  if (placeholder && (millis > 0 || strings > 0)) {
    issues.warn([...path, 'date'], 'date is the template value "yyyyMMdd" and is ignored', 'delete the date key');
    dateSet = false;
  }
  if (placeholder && dateSet) {
    issues.error([...path, 'date'], 'date is still the template value "yyyyMMdd"', `delete it and ${WINDOW_HINT}`);
    return undefined;
  }
  if (!dateSet && millis < 2 && strings < 2) {
    const half = (a: unknown, b: unknown, startKey: string, endKey: string) => {
      if ((a === undefined) !== (b === undefined)) {
        issues.error(
          [...path, a === undefined ? startKey : endKey],
          `is required when ${a === undefined ? endKey : startKey} is given`,
        );
        return true;
      }
      return false;
    };
    const s = p.startTimeString?.trim() ? p.startTimeString : undefined;
    const e = p.endTimeString?.trim() ? p.endTimeString : undefined;
    if (
      !half(p.startTimestampMillis, p.endTimestampMillis, 'startTimestampMillis', 'endTimestampMillis') &&
      !half(s, e, 'startTimeString', 'endTimeString')
    ) {
      issues.error(path, 'no time window is given', WINDOW_HINT);
    }
    return undefined;
  }
  const conflict = (what: string) =>
    issues.error(path, `${what} are both given; a job uses exactly one window form`, WINDOW_HINT);
  if (dateSet && millis > 0 && strings > 0)
    return void issues.error(path, 'date, a millisecond range and a time-string range are all given', WINDOW_HINT);
  if (dateSet && millis > 0) return void conflict('date and a millisecond range');
  if (dateSet && strings > 0) return void conflict('date and a time-string range');
  if (millis > 0 && strings > 0) return void conflict('a millisecond range and a time-string range');

  let window: TablestoreWindow | undefined;
  let startKey = 'startTimestampMillis';
  let endKey = 'endTimestampMillis';
  if (strings === 2) {
    [startKey, endKey] = ['startTimeString', 'endTimeString'];
    const parse = (key: string, text: string) => {
      const s = parseCompactDateTime(text, zone);
      if (s === undefined)
        issues.error(
          [...path, key],
          'must be a time in yyyyMMddHHmmss form (14 digits, a real date and time)',
          'for example 20240315095500',
        );
      return s;
    };
    const s = parse(startKey, p.startTimeString ?? '');
    const e = parse(endKey, p.endTimeString ?? '');
    if (s === undefined || e === undefined) return undefined;
    window = {
      form: 'time-string',
      startTimeString: p.startTimeString?.trim() ?? '',
      endTimeString: p.endTimeString?.trim() ?? '',
      startMillis: s * 1000,
      endMillis: e * 1000,
    };
  } else if (!dateSet) {
    const s = p.startTimestampMillis ?? 0;
    const e = p.endTimestampMillis ?? 0;
    let bad = false;
    for (const [key, v] of [
      [startKey, s],
      [endKey, e],
    ] as const) {
      // A 14-digit "millisecond" value is a yyyyMMddHHmmss time put in the wrong key (DataWorks' own pages pair
      // $[yyyymmddhh24miss…] with these keys); read as ms it is a date after the year 2286 and can never run.
      if (String(v).length === 14 && parseCompactDateTime(String(v), zone) !== undefined) {
        issues.error(
          [...path, key],
          `${v} looks like a yyyyMMddHHmmss time, not epoch milliseconds`,
          `use ${key.replace('TimestampMillis', 'TimeString')} for yyyyMMddHHmmss values, or give epoch milliseconds`,
        );
        bad = true;
      }
    }
    if (bad) return undefined;
    window = { form: 'millis', startMillis: s, endMillis: e };
  } else {
    const text = p.date?.trim() ?? '';
    const day = text === '' ? undefined : parseCompactDate(text, zone);
    if (day === undefined)
      return void issues.error(
        [...path, 'date'],
        text === '' ? 'must not be empty' : 'must be a day in yyyyMMdd form',
        'for example 20240315',
      );
    [startKey, endKey] = ['date', 'date'];
    window = { form: 'date', date: text, startMillis: day * 1000, endMillis: day * 1000 + 86_400_000 };
    issues.warn(
      [...path, 'date'],
      'a date window needs more than 24 h of stream retention and cannot run on a 5-minute schedule',
      'prefer startTimeString/endTimeString with 5-minute scheduling parameters',
    );
  }
  if (window.startMillis >= window.endMillis)
    return void issues.error([...path, endKey], 'the window end must be later than its start');
  if (ctx.nowMs !== undefined) {
    if (window.endMillis > ctx.nowMs - 5 * MIN) {
      issues.error(
        [...path, endKey],
        `the window ends at ${new Date(window.endMillis).toISOString()}, less than 5 minutes before now (${new Date(ctx.nowMs).toISOString()})`,
        'the reader only reads changes at least 5 minutes old; use endTime=$[yyyymmddhh24miss-5/24/60]',
      );
    }
    const retention = ctx.streamRetentionHours ?? 24;
    const oldest = ctx.nowMs - retention * 3_600_000 + 10 * MIN;
    if (window.startMillis < oldest) {
      const message = `the window starts at ${new Date(window.startMillis).toISOString()}, before now − ${retention} h retention + 10 min`;
      if (ctx.streamRetentionHours === undefined)
        issues.warn(
          [...path, startKey],
          `${message} (assuming the default 24 h retention)`,
          'this fails unless the table keeps its stream longer',
        );
      else issues.error([...path, startKey], message, 'stream records older than the retention are gone; start later');
    }
  }
  return window;
}

function compileOutput(p: Parameters, ctx: PluginCompileContext): TablestoreOutput | undefined {
  const { path, issues } = ctx;
  const mode = p.mode?.trim().toLowerCase();
  if (p.mode !== undefined && mode !== ROW_MODE) {
    issues.error(
      [...path, 'mode'],
      'unsupported mode (the only value is single_version_and_update_only)',
      'remove mode for the default multi-version format',
    );
    return undefined;
  }
  if (mode !== ROW_MODE) {
    if (p.column !== undefined) issues.warn([...path, 'column'], 'column is ignored in the default multi-version mode');
    if (p.isTimeseriesTable !== undefined)
      issues.warn([...path, 'isTimeseriesTable'], 'isTimeseriesTable is ignored in the default multi-version mode');
    return { mode: 'multi_version' };
  }
  if (p.isExportSequenceInfo === true) {
    issues.error(
      [...path, 'isExportSequenceInfo'],
      `must be false in ${ROW_MODE} mode`,
      'set "isExportSequenceInfo": false',
    );
  }
  if (!p.column || p.column.length === 0) {
    issues.error(
      [...path, 'column'],
      `${p.column ? 'is empty' : 'is required'} in ${ROW_MODE} mode: without columns nothing is exported`,
      'list the columns to export, e.g. "column": [{"name": "uid"}, {"name": "name"}]',
    );
    return undefined;
  }
  p.column.forEach((c, i) => {
    if (typeof c.is_timeseries_tag === 'boolean') {
      issues.warn(
        [...path, 'column', i, 'is_timeseries_tag'],
        'DataX expects the string "true"/"false" here; the boolean is accepted',
      );
    }
  });
  return {
    mode: ROW_MODE,
    columns: p.column.map((c) => ({
      name: c.name,
      isTimeseriesTag: String(c.is_timeseries_tag).toLowerCase() === 'true',
    })),
    isTimeseriesTable: p.isTimeseriesTable ?? false,
  };
}

/** The Tablestore Stream reader (DataX `otsstreamreader`, DataWorks `otsstream`). */
export const tablestoreStreamSchema: PluginSchema<TablestoreConnection, CompiledTablestoreStreamConfig> = {
  id: 'tablestore-stream',
  role: 'source',
  dataxName: 'otsstreamreader',
  dataworksName: 'otsstream',
  datasourceType: 'tablestore',
  datasourceFields: { endpoint: 'endpoint', instanceName: 'instanceName' },
  credentialKeys: { accessId: ['accessId'], accessKey: ['accessKey'], securityToken: ['securityToken'] },
  credentialsRequired: true,
  compile(parameter, ctx) {
    const { path, issues } = ctx;
    const p = parseParameters({ schema: parameterSchema, known: Object.keys(shape) }, parameter, path, issues);
    if (!p) return undefined;
    const orDatasource = 'or set "datasource" to a registered Tablestore datasource';
    const endpoint = requireText(p.endpoint, [...path, 'endpoint'], issues, orDatasource);
    const instanceName = requireText(p.instanceName, [...path, 'instanceName'], issues, orDatasource);
    // `table` is the Tablestore FAQ's name for the data table (alias unconfirmed, harmless); dataTable wins.
    const tableKey = p.dataTable !== undefined || p.table === undefined ? 'dataTable' : 'table';
    const dataTable = requireText(
      p.dataTable ?? p.table,
      [...path, tableKey],
      issues,
      'the Tablestore table whose stream is read',
    );
    const statusTable = requireText(
      p.statusTable,
      [...path, 'statusTable'],
      issues,
      'usually "TableStoreStreamReaderStatusTable"',
    );
    let timeZone = ctx.timeZone;
    if (p.timezone !== undefined) {
      try {
        timeZone = checkTimeZone(p.timezone.trim());
      } catch {
        issues.error([...path, 'timezone'], `"${p.timezone}" is not an IANA time zone`, 'for example Asia/Shanghai');
      }
    }
    const window = compileWindow(p, parameter, timeZone, ctx);
    const output = compileOutput(p, ctx);
    if (!endpoint || !instanceName || !dataTable || !statusTable || !window || !output) return undefined;
    return {
      connection: {
        endpoint,
        instanceName,
        ...(ctx.datasource && { datasource: ctx.datasource.name }),
        credentials: ctx.credentials,
      },
      config: {
        dataTable,
        statusTable,
        window,
        output,
        exportSequenceInfo: p.isExportSequenceInfo ?? false,
        maxRetries: p.maxRetries ?? 30,
        enableSeekIterator: p.enableSeekIterator ?? false,
        threadNum: p.threadNum ?? 32,
        enableTableGroupSupport: p.enableTableGroupSupport ?? false,
        timeZone,
      },
    };
  },
};
