/**
 * The `csv` line format, reproducing DataX's `DataXCsvWriter` (a copy of JavaCSV's `CsvWriter`, alibaba/DataX
 * plugin-unstructured-storage-util/.../DataXCsvWriter.java) as `CsvWriterImpl` configures it (writers.md §2.5):
 * qualifier `"`, doubled-quote escaping, the record terminator is the first character of `lineDelimiter`, then
 * `csvWriterConfig` bean properties override those settings.
 *
 * Hand-written on purpose: no CSV library reproduces JavaCSV's quirks, which decide the exact bytes DataX users
 * already consume: Java `String.trim()` of every non-empty value (strips every char ≤ U+0020, control characters
 * included, not Unicode whitespace), quoting of a first field that starts with the comment character `#` or is
 * empty (`""`), quoting triggered only by the single record-delimiter character (a lone `\r` is not quoted when
 * lines end in `\n`), backslash escape mode, and `forceQualifier` quoting even with `useTextQualifier: false`.
 */
import { throwFirst, type FormatProblem } from './errors';

/** One resolved JavaCSV `UserSettings`; every "char" is one UTF-16 code unit, as in Java. */
export interface CsvSettings {
  readonly delimiter: string;
  readonly recordDelimiter: string;
  readonly textQualifier: string;
  readonly useTextQualifier: boolean;
  /** 1 = the qualifier is doubled inside quotes; 2 = backslash escapes. */
  readonly escapeMode: 1 | 2;
  readonly forceQualifier: boolean;
  readonly comment: string;
}

/** The csv-related parameters of the compiled OSS config. */
export interface CsvParameters {
  readonly fieldDelimiter: string;
  readonly lineDelimiter: string;
  readonly csvWriterConfig?: Readonly<Record<string, unknown>>;
}

const CHAR_KEYS = ['textQualifier', 'delimiter', 'recordDelimiter', 'comment'] as const;
const BOOLEAN_KEYS = ['useTextQualifier', 'forceQualifier'] as const;
const KNOWN_KEYS: readonly string[] = [...CHAR_KEYS, ...BOOLEAN_KEYS, 'escapeMode'];
// commons-beanutils BooleanConverter's words, compared ignoring case.
const TRUE_WORDS = ['true', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'n', 'off', '0'];

function charValue(raw: unknown): string | undefined {
  // BeanUtils converts a String to a char by taking its first character.
  return typeof raw === 'string' && raw.length > 0 ? raw.charAt(0) : undefined;
}

function booleanValue(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  const word = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim().toLowerCase() : undefined;
  if (word === undefined) return undefined;
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  return undefined;
}

function escapeModeValue(raw: unknown): 1 | 2 | undefined {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  return n === 1 || n === 2 ? n : undefined;
}

/**
 * Resolves the csv settings and lists the problems: `errors` for values that cannot be honoured (DataX logs a
 * warning and ignores the whole `csvWriterConfig`; otsync refuses instead, so the output is what the script says),
 * `warnings` for keys DataX ignores (unknown bean properties) or truncates (a multi-character "char").
 */
export function resolveCsvSettings(params: CsvParameters): {
  settings: CsvSettings;
  errors: FormatProblem[];
  warnings: FormatProblem[];
} {
  const errors: FormatProblem[] = [];
  const warnings: FormatProblem[] = [];
  if (params.fieldDelimiter.length !== 1) {
    errors.push({ key: 'fieldDelimiter', message: 'must be exactly one character for csv', hint: 'e.g. ","' });
  }
  if (params.lineDelimiter.length === 0) {
    errors.push({
      key: 'lineDelimiter',
      message: 'must not be empty for csv (its first character ends each record)',
      hint: 'e.g. "\\n"',
    });
  }
  const s = {
    delimiter: params.fieldDelimiter.charAt(0) || ',',
    recordDelimiter: params.lineDelimiter.charAt(0) || '\n',
    textQualifier: '"',
    useTextQualifier: true,
    escapeMode: 1 as 1 | 2,
    forceQualifier: false,
    comment: '#',
  };
  const cfg = params.csvWriterConfig ?? {};
  for (const [name, raw] of Object.entries(cfg)) {
    const key = `csvWriterConfig.${name}`;
    if (!KNOWN_KEYS.includes(name)) {
      warnings.push({
        key,
        message: 'is not a CSV writer setting and is ignored',
        hint: `known settings: ${KNOWN_KEYS.join(', ')}`,
      });
      continue;
    }
    if ((CHAR_KEYS as readonly string[]).includes(name)) {
      const c = charValue(raw);
      if (c === undefined) errors.push({ key, message: 'must be a non-empty string (one character)' });
      else {
        if (typeof raw === 'string' && raw.length > 1) {
          warnings.push({ key, message: `only its first character is used (as in DataX)`, hint: 'give one character' });
        }
        s[name as (typeof CHAR_KEYS)[number]] = c;
      }
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(name)) {
      const b = booleanValue(raw);
      if (b === undefined) errors.push({ key, message: 'must be true or false' });
      else s[name as (typeof BOOLEAN_KEYS)[number]] = b;
    } else {
      const mode = escapeModeValue(raw);
      if (mode === undefined) errors.push({ key, message: 'must be 1 (doubled qualifier) or 2 (backslash)' });
      else s.escapeMode = mode;
    }
  }
  return { settings: s, errors, warnings };
}

/** Resolves the csv settings or throws {@link OssFormatConfigError} for the first error. */
export function csvSettingsOrThrow(params: CsvParameters): CsvSettings {
  const { settings, errors } = resolveCsvSettings(params);
  throwFirst(errors);
  return settings;
}

/** Java `String.trim()`: strips every leading and trailing char ≤ U+0020. */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Replaces every occurrence literally (no `$` patterns, unlike `String.replaceAll` with a string). */
function replace(text: string, search: string, replacement: string): string {
  return text.includes(search) ? text.split(search).join(replacement) : text;
}

/** One field as `DataXCsvWriter.write(value, false)` writes it (without the preceding delimiter). */
function csvField(raw: string, first: boolean, s: CsvSettings): string {
  let value = raw.length > 0 ? javaTrim(raw) : raw;
  let quoted = s.forceQualifier;
  if (
    !quoted &&
    s.useTextQualifier &&
    (value.includes(s.textQualifier) ||
      value.includes(s.delimiter) ||
      value.includes(s.recordDelimiter) ||
      (first && (value.length === 0 || value.charAt(0) === s.comment)))
  ) {
    quoted = true;
  }
  if (quoted) {
    if (s.escapeMode === 2) {
      value = replace(value, '\\', '\\\\');
      value = replace(value, s.textQualifier, `\\${s.textQualifier}`);
    } else {
      value = replace(value, s.textQualifier, s.textQualifier + s.textQualifier);
    }
    return s.textQualifier + value + s.textQualifier;
  }
  if (s.escapeMode === 2) {
    value = replace(value, '\\', '\\\\');
    value = replace(value, s.delimiter, `\\${s.delimiter}`);
    value = replace(value, s.recordDelimiter, `\\${s.recordDelimiter}`);
    if (first && value.charAt(0) === s.comment) value = `\\${value}`;
  }
  return value;
}

/**
 * One record as `DataXCsvWriter.writeRecord` writes it: the fields, each after the delimiter but the first, then the
 * record delimiter. A record with no fields writes nothing at all (not even the delimiter), as in DataX.
 */
export function csvRecord(fields: readonly string[], settings: CsvSettings): string {
  if (fields.length === 0) return '';
  let out = '';
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) out += settings.delimiter;
    out += csvField(fields[i] ?? '', i === 0, settings);
  }
  return out + settings.recordDelimiter;
}
