/**
 * The SQL subset a SQL instance (spec 3.6) runs here: the DDL that writers and SDKs send to shape tables and
 * partitions, parsed into typed statements. Anything else is a parse error, said plainly, never a silent success.
 *
 *   CREATE TABLE [IF NOT EXISTS] [p.]t (col type [NOT NULL] [COMMENT '..'], ...) [COMMENT '..']
 *       [PARTITIONED BY (col type [COMMENT '..'], ...)] [LIFECYCLE n]
 *   ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (k='v', ...) [PARTITION (...) ...]
 *   ALTER TABLE t DROP [IF EXISTS] PARTITION (k='v', ...) [, PARTITION (...) ...]
 *   TRUNCATE TABLE t [PARTITION (k='v', ...)]
 *   DROP TABLE [IF EXISTS] t
 *   SET key=value            (accepted and ignored: settings such as odps.sql.type.system.odps2)
 */

import { SqlParseError, tokenize, type Token } from './sql-lexer';

export { SqlParseError } from './sql-lexer';

export interface ColumnDefinition {
  name: string;
  /** Lower-case type text without spaces, e.g. `decimal(10,2)`, `map<string,bigint>`. */
  type: string;
  comment: string;
  nullable: boolean;
}

/** `[p.]t`: the project is undefined when the statement does not name one. */
export interface TableName {
  project?: string;
  table: string;
}

/** Partition values in the order written. */
export type PartitionValues = [name: string, value: string][];

export type SqlStatement =
  | {
      kind: 'createTable';
      target: TableName;
      ifNotExists: boolean;
      columns: ColumnDefinition[];
      partitionKeys: ColumnDefinition[];
      comment: string;
      lifecycle: number;
    }
  | { kind: 'addPartitions'; target: TableName; ifNotExists: boolean; partitions: PartitionValues[] }
  | { kind: 'dropPartitions'; target: TableName; ifExists: boolean; partitions: PartitionValues[] }
  | { kind: 'truncate'; target: TableName; partition?: PartitionValues }
  | { kind: 'dropTable'; target: TableName; ifExists: boolean }
  | { kind: 'set' };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.kind === 'word' && t.text.toUpperCase() === word;
  }

  acceptWords(...words: string[]): boolean {
    if (!words.every((w, k) => this.isWord(w, k))) return false;
    this.i += words.length;
    return true;
  }

  expectWords(...words: string[]): void {
    if (!this.acceptWords(...words)) throw new SqlParseError(`Expected ${words.join(' ')} near ${this.near()}.`);
  }

  acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t?.kind !== 'punct' || t.text !== p) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): void {
    if (!this.acceptPunct(p)) throw new SqlParseError(`Expected '${p}' near ${this.near()}.`);
  }

  identifier(): string {
    const t = this.peek();
    if (t?.kind !== 'word') throw new SqlParseError(`Expected a name near ${this.near()}.`);
    this.i++;
    return t.text;
  }

  literal(): string {
    const t = this.peek();
    if (t === undefined || (t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'word')) {
      throw new SqlParseError(`Expected a value near ${this.near()}.`);
    }
    this.i++;
    return t.text;
  }

  stringLiteral(): string {
    const t = this.peek();
    if (t?.kind !== 'string') throw new SqlParseError(`Expected a string near ${this.near()}.`);
    this.i++;
    return t.text;
  }

  near(): string {
    const t = this.peek();
    return t === undefined ? 'the end of the statement' : `'${t.text}'`;
  }

  tableName(): TableName {
    const parts = [this.identifier()];
    while (this.acceptPunct('.')) parts.push(this.identifier());
    if (parts.length > 3) throw new SqlParseError(`Too many name parts in ${parts.join('.')}.`);
    const table = parts[parts.length - 1]!.toLowerCase();
    return parts.length === 1 ? { table } : { project: parts[0]!, table };
  }

  /** Type text up to a top-level `,` or `)` or a column keyword, normalised. */
  typeText(): string {
    let depth = 0;
    let text = '';
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (depth === 0 && t.kind === 'punct' && (t.text === ',' || t.text === ')')) break;
      if (depth === 0 && t.kind === 'word' && ['NOT', 'COMMENT', 'DEFAULT', 'NULL'].includes(t.text.toUpperCase())) {
        break;
      }
      if (t.kind === 'punct' && (t.text === '(' || t.text === '<')) depth++;
      if (t.kind === 'punct' && (t.text === ')' || t.text === '>')) depth--;
      if (depth < 0) break;
      text += t.kind === 'word' ? t.text.toLowerCase() : t.text;
      this.i++;
    }
    if (text === '') throw new SqlParseError(`Expected a type near ${this.near()}.`);
    return text;
  }

  columnList(): ColumnDefinition[] {
    this.expectPunct('(');
    const columns: ColumnDefinition[] = [];
    do {
      const name = this.identifier().toLowerCase();
      const type = this.typeText();
      let nullable = true;
      let comment = '';
      for (;;) {
        if (this.acceptWords('NOT', 'NULL')) nullable = false;
        else if (this.acceptWords('NULL')) nullable = true;
        else if (this.acceptWords('COMMENT')) comment = this.stringLiteral();
        else if (this.acceptWords('DEFAULT')) this.literal();
        else break;
      }
      columns.push({ name, type, comment, nullable });
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return columns;
  }

  partitionValues(): PartitionValues {
    this.expectPunct('(');
    const values: PartitionValues = [];
    do {
      const name = this.identifier().toLowerCase();
      this.expectPunct('=');
      values.push([name, this.literal()]);
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return values;
  }

  partitionsList(separatedByComma: boolean): PartitionValues[] {
    const partitions: PartitionValues[] = [];
    this.expectWords('PARTITION');
    partitions.push(this.partitionValues());
    for (;;) {
      const comma = separatedByComma && this.isWord('PARTITION', 1) && this.acceptPunct(',');
      if (!comma && !this.isWord('PARTITION')) break;
      this.expectWords('PARTITION');
      partitions.push(this.partitionValues());
    }
    return partitions;
  }
}

/** Splits a script at top-level `;` (outside quotes), dropping empty statements. */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote !== undefined) {
      current += c;
      if (c === '\\' && i + 1 < script.length) current += script[++i];
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      current += c;
    } else if (c === ';') {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * Parses one statement.
 * @throws SqlParseError for anything outside the subset in this module's comment.
 */
export function parseStatement(sql: string): SqlStatement {
  const p = new Parser(tokenize(sql));
  let statement: SqlStatement;
  if (p.acceptWords('SET')) {
    return { kind: 'set' };
  } else if (p.acceptWords('CREATE', 'TABLE')) {
    const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
    const target = p.tableName();
    const columns = p.columnList();
    let partitionKeys: ColumnDefinition[] = [];
    let comment = '';
    let lifecycle = -1;
    for (;;) {
      if (p.acceptWords('COMMENT')) comment = p.stringLiteral();
      else if (p.acceptWords('PARTITIONED', 'BY')) partitionKeys = p.columnList();
      else if (p.acceptWords('LIFECYCLE')) lifecycle = Number(p.literal());
      else break;
    }
    statement = { kind: 'createTable', target, ifNotExists, columns, partitionKeys, comment, lifecycle };
  } else if (p.acceptWords('ALTER', 'TABLE')) {
    const target = p.tableName();
    if (p.acceptWords('ADD')) {
      const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
      statement = { kind: 'addPartitions', target, ifNotExists, partitions: p.partitionsList(false) };
    } else if (p.acceptWords('DROP')) {
      const ifExists = p.acceptWords('IF', 'EXISTS');
      statement = { kind: 'dropPartitions', target, ifExists, partitions: p.partitionsList(true) };
    } else {
      throw new SqlParseError(`Only ALTER TABLE .. ADD/DROP PARTITION is supported, near ${p.near()}.`);
    }
  } else if (p.acceptWords('TRUNCATE', 'TABLE')) {
    const target = p.tableName();
    if (p.isWord('PARTITION')) {
      p.expectWords('PARTITION');
      statement = { kind: 'truncate', target, partition: p.partitionValues() };
    } else {
      statement = { kind: 'truncate', target };
    }
  } else if (p.acceptWords('DROP', 'TABLE')) {
    const ifExists = p.acceptWords('IF', 'EXISTS');
    statement = { kind: 'dropTable', target: p.tableName(), ifExists };
  } else {
    throw new SqlParseError(
      `Unsupported statement near ${p.near()}: the local server runs CREATE TABLE, ALTER TABLE ADD/DROP PARTITION, TRUNCATE TABLE and DROP TABLE only.`,
    );
  }
  p.acceptPunct(';');
  if (!p.atEnd()) throw new SqlParseError(`Unexpected text near ${p.near()}.`);
  return statement;
}
