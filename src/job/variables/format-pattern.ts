import type { DateTime } from 'luxon';

/** A DataWorks (Oracle-style) format token: note `mm` is the month and `mi` the minute. */
export type FormatToken = 'yyyy' | 'yy' | 'mm' | 'dd' | 'hh24' | 'mi' | 'ss';

/** A parsed format pattern: tokens and literal text in order. */
export type FormatPart = { readonly token: FormatToken } | { readonly literal: string };

// Longest first, so `yyyy` wins over `yy` and `hh24` is one token.
const TOKENS: readonly FormatToken[] = ['yyyy', 'hh24', 'yy', 'mm', 'dd', 'mi', 'ss'];
const TIME_TOKENS: ReadonlySet<FormatToken> = new Set(['hh24', 'mi', 'ss']);

/** Splits a pattern such as `yyyy-mm-dd hh24:mi:ss` into tokens and literals (tokens match in any letter case). */
export function parseFormatPattern(pattern: string): FormatPart[] {
  const parts: FormatPart[] = [];
  let literal = '';
  let i = 0;
  while (i < pattern.length) {
    const rest = pattern.slice(i).toLowerCase();
    const token = TOKENS.find((t) => rest.startsWith(t));
    if (token) {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ token });
      i += token.length;
    } else {
      literal += pattern[i];
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * True when the pattern is made only of tokens and separators (`-`, `:`, `/`, `_`, `.`, space): the test that tells a
 * `${yyyy-mm-dd}` date expression from a `${startTime}` variable name.
 */
export function isPurePattern(parts: readonly FormatPart[]): boolean {
  return parts.some((p) => 'token' in p) && parts.every((p) => 'token' in p || /^[-:/_. ]+$/.test(p.literal));
}

/** True when the pattern shows a time of day (hour, minute or second). */
export function hasTimeTokens(parts: readonly FormatPart[]): boolean {
  return parts.some((p) => 'token' in p && TIME_TOKENS.has(p.token));
}

/** The smallest calendar unit a date-only pattern shows: `yyyy` → year, `yyyymm` → month, otherwise day. */
export function smallestDateUnit(parts: readonly FormatPart[]): 'years' | 'months' | 'days' {
  const tokens = new Set(parts.flatMap((p) => ('token' in p ? [p.token] : [])));
  if (tokens.has('dd')) return 'days';
  if (tokens.has('mm')) return 'months';
  return tokens.has('yyyy') || tokens.has('yy') ? 'years' : 'days';
}

/** Formats a date-time (already in the run's time zone) with a parsed pattern. */
export function formatWith(parts: readonly FormatPart[], at: DateTime): string {
  return parts
    .map((p) => {
      if ('literal' in p) return p.literal;
      switch (p.token) {
        case 'yyyy':
          return String(at.year).padStart(4, '0');
        case 'yy':
          return String(at.year % 100).padStart(2, '0');
        case 'mm':
          return String(at.month).padStart(2, '0');
        case 'dd':
          return String(at.day).padStart(2, '0');
        case 'hh24':
          return String(at.hour).padStart(2, '0');
        case 'mi':
          return String(at.minute).padStart(2, '0');
        case 'ss':
          return String(at.second).padStart(2, '0');
      }
    })
    .join('');
}
