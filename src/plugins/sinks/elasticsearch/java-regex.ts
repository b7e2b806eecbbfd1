/**
 * DataX splits `array` columns with Java's `String.split(splitter)`, so `splitter` is a java.util.regex pattern.
 * This module translates such a pattern into a JavaScript RegExp with the same meaning, and reimplements
 * `String.split`'s result rules (which differ from JavaScript's `split`).
 *
 * Translated (same meaning in both engines after rewriting): `\Q…\E` quoting, `.` (Java also excludes U+0085),
 * `$` (Java also matches before a final line terminator), `\s`/`\S` (ASCII-only in Java), `\h`, `\v` (a class in
 * Java, one character in JS), `\e`, `\a`, `\x{h…h}` up to U+FFFF, a leading `(?i)`/`(?s)`/`(?m)` flag group.
 * Rejected with {@link ElasticsearchConfigError} (no faithful JS equivalent): possessive quantifiers, atomic
 * groups, inline flags elsewhere or other than i/s/m, class intersection `&&` and nested classes, `\p{…}`/`\P{…}`,
 * `\G`, `\A`, `\Z`, `\z`, `\R`, `\X`, `\0` octal escapes, `\c`, and anything JS itself refuses to compile.
 * Everything else (`\d`, `\w`, `\b`, groups, lookaround, backreferences, `{n,m}`) means the same in both.
 */
import { ElasticsearchConfigError } from './errors';

const JAVA_LINE_TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const JAVA_HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const JAVA_VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';

/** Escapes a literal for a JS pattern (outside a class or inside one: both are safe with this set). */
function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/**
 * Translates a Java regular expression into a JavaScript RegExp (global, for splitting).
 * @param parameter the parameter name used in error messages, e.g. `splitter`.
 * @throws ElasticsearchConfigError when the pattern uses a construct JavaScript cannot express faithfully.
 */
export function translateJavaRegex(pattern: string, parameter = 'splitter'): RegExp {
  const fail = (what: string): never => {
    throw new ElasticsearchConfigError(
      parameter,
      `the Java regular expression uses ${what}, which otsync cannot translate`,
      {
        hint: 'rewrite it with plain characters, classes and escapes (e.g. "\\\\|" or ",")',
      },
    );
  };
  let flags = 'g';
  let i = 0;
  const lead = /^\(\?([ism]+)\)/.exec(pattern);
  if (lead) {
    for (const f of new Set(lead[1])) flags += f;
    i = lead[0].length;
  }
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) fail('a trailing backslash');
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? undefined : end);
        out += escapeLiteral(literal);
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      i += 2;
      switch (n) {
        case 's':
          out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`;
          continue;
        case 'S':
          if (inClass) fail('\\S inside a character class');
          out += `[^${JAVA_SPACE}]`;
          continue;
        case 'h':
          out += inClass ? JAVA_HSPACE : `[${JAVA_HSPACE}]`;
          continue;
        case 'H':
          if (inClass) fail('\\H inside a character class');
          out += `[^${JAVA_HSPACE}]`;
          continue;
        case 'v':
          out += inClass ? JAVA_VSPACE : `[${JAVA_VSPACE}]`;
          continue;
        case 'V':
          if (inClass) fail('\\V inside a character class');
          out += `[^${JAVA_VSPACE}]`;
          continue;
        case 'e':
          out += '\\x1B';
          continue;
        case 'a':
          out += '\\x07';
          continue;
        case 'x':
          if (pattern[i] === '{') {
            const close = pattern.indexOf('}', i);
            const hex = close < 0 ? '' : pattern.slice(i + 1, close);
            if (!/^[0-9a-fA-F]{1,4}$/.test(hex)) fail('\\x{…} beyond U+FFFF or malformed');
            out += `\\u${hex.padStart(4, '0')}`;
            i = close + 1;
          } else out += '\\x';
          continue;
        case 'p':
        case 'P':
          fail(`\\${n}{…} Unicode properties`);
          break;
        case 'G':
        case 'A':
        case 'Z':
        case 'z':
        case 'R':
        case 'X':
        case 'c':
        case '0':
        case 'N':
          fail(`the escape \\${n}`);
          break;
        default:
          out += `\\${n}`;
          continue;
      }
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') fail('a nested character class');
      else if (c === '&' && pattern[i + 1] === '&') fail('character class intersection (&&)');
      out += c;
      i += 1;
      continue;
    }
    switch (c) {
      case '[':
        inClass = true;
        out += c;
        i += 1;
        // A `]` first in a class (after an optional `^`) is a literal in Java but closes an empty class in JS.
        if (pattern[i] === '^') {
          out += '^';
          i += 1;
        }
        if (pattern[i] === ']') {
          out += '\\]';
          i += 1;
        }
        continue;
      case '.':
        out += flags.includes('s') ? '[\\s\\S]' : `[^${JAVA_LINE_TERMINATORS}]`;
        i += 1;
        continue;
      case '$':
        out += flags.includes('m') ? '$' : '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?$)';
        i += 1;
        continue;
      case '(':
        if (pattern[i + 1] === '?') {
          const rest = pattern.slice(i + 2);
          if (rest.startsWith('>')) fail('an atomic group (?>…)');
          if (!/^(:|=|!|<=|<!|<[A-Za-z])/.test(rest)) fail('an inline flag group');
        }
        out += c;
        i += 1;
        continue;
      case '*':
      case '+':
      case '?':
      case '}':
        out += c;
        i += 1;
        if (pattern[i] === '+') fail('a possessive quantifier');
        continue;
      default:
        out += c;
        i += 1;
    }
  }
  if (inClass) fail('an unclosed character class');
  try {
    return new RegExp(out, flags);
  } catch {
    return fail('syntax JavaScript rejects');
  }
}

/**
 * `String.split(regex)` with Java's rules: no capture groups in the result, a zero-width match at the very start
 * produces no leading empty string, trailing empty strings are removed, and a string without any match (also the
 * empty string) comes back as itself.
 */
export function javaSplit(text: string, regex: RegExp): string[] {
  const re = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  const parts: string[] = [];
  let index = 0;
  let matched = false;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) re.lastIndex = end + 1;
    if (end === 0 && start === 0) continue;
    if (m[0].length === 0 && start >= text.length) break;
    matched = true;
    parts.push(text.slice(index, start));
    index = end;
  }
  if (!matched) return [text];
  parts.push(text.slice(index));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
