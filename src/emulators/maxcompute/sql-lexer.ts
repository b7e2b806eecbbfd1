/** Tokens of the DDL subset in `sql.ts`: words, quoted identifiers, string and number literals, punctuation. */

/** Thrown for text that is not one of the supported statements; becomes `ODPS-0130161: Parse exception`. */
export class SqlParseError extends Error {
  override readonly name = 'SqlParseError';
}

export type Token = { kind: 'word' | 'string' | 'number' | 'punct'; text: string };

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === "'" || c === '"') {
      let text = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlParseError('Unterminated string literal.');
        const d = sql[i]!;
        if (d === '\\' && i + 1 < sql.length) {
          text += sql[i + 1];
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      tokens.push({ kind: 'string', text });
    } else if (c === '`') {
      const end = sql.indexOf('`', i + 1);
      if (end === -1) throw new SqlParseError('Unterminated quoted identifier.');
      tokens.push({ kind: 'word', text: sql.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    } else if (/[0-9-]/.test(c) && /^-?[0-9]/.test(sql.slice(i, i + 2))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(sql.slice(i))!;
      tokens.push({ kind: 'number', text: m[0] });
      i += m[0].length;
    } else if ('(),<>:;=.'.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else {
      throw new SqlParseError(`Unexpected character '${c}'.`);
    }
  }
  return tokens;
}
