/**
 * `date` columns with a `format` (writers.md §1.4): DataX parses the source string with a Joda-Time pattern in the
 * column's `timezone` and writes Joda's `DateTime.toString()`, ISO 8601 with milliseconds and offset
 * (`2017-11-07T14:31:21.000+08:00`, `…Z` at offset zero). Here Joda patterns are translated into luxon formats.
 *
 * Supported pattern letters: y Y (year), M (month: number, MMM short name, MMMM long name), d, D (day of year),
 * H, h, a, m, s, S (fraction of second, any number of digits), E (day name), Z (offset `+0800`), ZZ (`+08:00`),
 * ZZZ (zone id), and quoted literals. Others (G C x w e K k z, and a quoted single quote) are rejected as a
 * configuration error. Joda parses numbers leniently (a `MM` field accepts `3`); so does the translation, except
 * between two adjacent number fields (`yyyyMMdd`), where both Joda and luxon need the full width. Two-digit years
 * (`yy`): luxon pivots at 2060, Joda at 2050 (unconfirmed difference for years ending 50–59).
 */
import { DateTime, Info } from 'luxon';
import { ConversionError } from './datax-values';
import { ElasticsearchConfigError } from './errors';

type Token = { kind: 'field'; letter: string; count: number } | { kind: 'literal'; text: string };

function tokenize(pattern: string, fail: (what: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) fail('an unclosed quote');
      if (end === i + 1) fail('a quoted single quote');
      tokens.push({ kind: 'literal', text: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j += 1;
      tokens.push({ kind: 'field', letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ kind: 'literal', text: c });
      i += 1;
    }
  }
  return tokens;
}

const NUMERIC = new Set(['y', 'Y', 'd', 'D', 'H', 'h', 'm', 's', 'S']);
const isNumber = (t: Token | undefined): boolean =>
  t?.kind === 'field' && (NUMERIC.has(t.letter) || (t.letter === 'M' && t.count <= 2));

/** Translates a Joda pattern into a luxon format string; throws ElasticsearchConfigError for unsupported letters. */
export function jodaToLuxon(pattern: string, parameter: string): string {
  const fail = (what: string): never => {
    throw new ElasticsearchConfigError(parameter, `the Joda date pattern uses ${what}, which otsync does not support`, {
      hint: 'use the letters y M d H h a m s S E Z and quoted literals',
    });
  };
  const tokens = tokenize(pattern, fail);
  return tokens
    .map((t, i) => {
      if (t.kind === 'literal') return `'${t.text}'`;
      const adjacent = isNumber(tokens[i - 1]) || isNumber(tokens[i + 1]);
      const num = (one: string, two: string) => (t.count >= 2 && adjacent ? two : one);
      switch (t.letter) {
        case 'y':
        case 'Y':
          return t.count === 2 ? 'yy' : adjacent ? 'yyyy' : 'y';
        case 'M':
          return t.count >= 4 ? 'MMMM' : t.count === 3 ? 'MMM' : num('M', 'MM');
        case 'd':
          return num('d', 'dd');
        case 'D':
          return t.count >= 3 && adjacent ? 'ooo' : 'o';
        case 'H':
          return num('H', 'HH');
        case 'h':
          return num('h', 'hh');
        case 'm':
          return num('m', 'mm');
        case 's':
          return num('s', 'ss');
        case 'S':
          return 'u';
        case 'a':
          return 'a';
        case 'E':
          return t.count >= 4 ? 'EEEE' : 'EEE';
        case 'Z':
          return t.count === 1 ? 'ZZZ' : t.count === 2 ? 'ZZ' : 'z';
        default:
          return fail(`the letter "${t.letter}"`);
      }
    })
    .join('');
}

/**
 * Resolves a Joda time-zone id to one luxon accepts: IANA names and `UTC` as they are, `+08:00` as `UTC+08:00`.
 * @throws ElasticsearchConfigError when the zone is unknown.
 */
export function resolveZone(zone: string, parameter: string): string {
  const z = /^[+-]\d{1,2}(:\d{2})?$/.test(zone) ? `UTC${zone}` : zone;
  if (!Info.normalizeZone(z)?.isValid) {
    throw new ElasticsearchConfigError(parameter, `unknown time zone "${zone}"`, {
      hint: 'use an IANA zone such as Asia/Shanghai, or UTC',
    });
  }
  return z;
}

/** Joda `DateTime.toString()`: ISO 8601 with milliseconds; a zero offset prints as `Z`. */
export function jodaIso(dt: DateTime): string {
  const iso = dt.toISO({ suppressMilliseconds: false, includeOffset: true }) ?? '';
  return iso.endsWith('+00:00') ? `${iso.slice(0, -6)}Z` : iso;
}

/**
 * A parser for one column: source text → ISO 8601 string in `zone`.
 * @throws ElasticsearchConfigError (at compile time) for unsupported patterns or zones.
 */
export function compileDateParser(pattern: string, zone: string, parameter: string): (text: string) => string {
  const format = jodaToLuxon(pattern, `${parameter}.format`);
  const z = resolveZone(zone, `${parameter}.timezone`);
  return (text) => {
    const dt = DateTime.fromFormat(text, format, { zone: z, setZone: false, locale: 'en-US' });
    if (!dt.isValid) throw new ConversionError('the String does not match the column date format');
    return jodaIso(dt.setZone(z));
  };
}
