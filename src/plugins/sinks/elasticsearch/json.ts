/**
 * JSON that never loses a digit. Tablestore integers are 64-bit (`bigint` here) and documents read back from
 * Elasticsearch for a partial-update merge may hold such numbers too; `JSON.parse`/`JSON.stringify` would round
 * them to doubles. So numbers parsed here stay as their source text ({@link RawNumber}) and are written back
 * verbatim, and `bigint`s are written as plain JSON integers.
 */

/** A JSON number kept as its exact source text. */
export class RawNumber {
  constructor(readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** What documents are made of. */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | RawNumber
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

/** Thrown by {@link parseJsonLossless} for malformed text; the message gives the position only, never the text. */
export class JsonSyntaxError extends Error {
  constructor(position: number) {
    super(`invalid JSON at position ${position}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters inside strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const WS = /[ \t\n\r]*/y;

/** Parses JSON, keeping every number as a {@link RawNumber}. */
export function parseJsonLossless(text: string): JsonValue {
  let pos = 0;
  const skip = () => {
    WS.lastIndex = pos;
    WS.exec(text);
    pos = WS.lastIndex;
  };
  const value = (): JsonValue => {
    skip();
    const c = text[pos];
    if (c === '{') {
      pos += 1;
      const obj: Record<string, JsonValue> = {};
      skip();
      if (text[pos] === '}') {
        pos += 1;
        return obj;
      }
      for (;;) {
        skip();
        STRING.lastIndex = pos;
        const key = STRING.exec(text);
        if (!key) throw new JsonSyntaxError(pos);
        pos = STRING.lastIndex;
        skip();
        if (text[pos] !== ':') throw new JsonSyntaxError(pos);
        pos += 1;
        Object.defineProperty(obj, JSON.parse(key[0]) as string, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === '}') {
          pos += 1;
          return obj;
        } else throw new JsonSyntaxError(pos);
      }
    }
    if (c === '[') {
      pos += 1;
      const arr: JsonValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos += 1;
        return arr;
      }
      for (;;) {
        arr.push(value());
        skip();
        if (text[pos] === ',') pos += 1;
        else if (text[pos] === ']') {
          pos += 1;
          return arr;
        } else throw new JsonSyntaxError(pos);
      }
    }
    if (c === '"') {
      STRING.lastIndex = pos;
      const m = STRING.exec(text);
      if (!m) throw new JsonSyntaxError(pos);
      pos = STRING.lastIndex;
      return JSON.parse(m[0]) as string;
    }
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = pos;
    const n = NUMBER.exec(text);
    if (!n) throw new JsonSyntaxError(pos);
    pos = NUMBER.lastIndex;
    return new RawNumber(n[0]);
  };
  const result = value();
  skip();
  if (pos !== text.length) throw new JsonSyntaxError(pos);
  return result;
}

/**
 * Serialises a document: `bigint` and {@link RawNumber} exactly, non-finite numbers as `null` (as JSON.stringify
 * does), `undefined` object members left out (the `enableWriteNull: false` case).
 */
export function stringifyJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
    case 'boolean':
    case 'string':
      return JSON.stringify(value) ?? 'null';
    default:
  }
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((v: JsonValue) => stringifyJson(v)).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value as Record<string, JsonValue | undefined>)) {
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}
