import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is an ambient const enum, which isolatedModules cannot read; these are its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const UNKNOWN = 16;
const EOF = 17;

/** Deeper nesting than this is rejected before parsing, so that hostile input cannot exhaust the parser's stack. */
export const MAX_NESTING = 256;

/** The result of the `#`-comment pre-pass. */
export interface PreparedText {
  /** The input with every `#` comment (and a leading BOM) replaced by spaces, so offsets, lines and columns are unchanged. */
  readonly text: string;
  /** Offsets of significant tokens that start a new line; a missing comma before one of them is tolerated. */
  readonly startsLine: ReadonlySet<number>;
  /** Offset where nesting first exceeded {@link MAX_NESTING}, if it did. */
  readonly tooDeepAt: number | undefined;
}

/**
 * Blanks `#` line comments, which DataWorks' published templates put after values (`"record": "0"  # …`) and which no
 * JSON library accepts. It runs jsonc-parser's own scanner, so a `#` inside a string or inside a `//`/`/* *\/` comment
 * is left alone; `//` and block comments are left for jsonc-parser itself.
 */
export function blankHashComments(input: string): PreparedText {
  const chars = input.startsWith('\uFEFF') ? ` ${input.slice(1)}` : input;
  const scanner = createScanner(chars, false);
  const blanks: [number, number][] = [];
  const startsLine = new Set<number>();
  let lineBreakSeen = true;
  let depth = 0;
  let tooDeepAt: number | undefined;
  for (let kind = scanner.scan() as number; kind !== EOF; kind = scanner.scan() as number) {
    const offset = scanner.getTokenOffset();
    if (kind === LINE_BREAK) {
      lineBreakSeen = true;
      continue;
    }
    if (kind === TRIVIA || kind === BLOCK_COMMENT || kind === LINE_COMMENT) continue;
    if (kind === UNKNOWN && chars[offset] === '#') {
      const end = lineEnd(chars, offset);
      blanks.push([offset, end]);
      scanner.setPosition(end);
      continue;
    }
    if (lineBreakSeen) startsLine.add(offset);
    lineBreakSeen = false;
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      depth += 1;
      if (depth > MAX_NESTING && tooDeepAt === undefined) tooDeepAt = offset;
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  if (blanks.length === 0) return { text: chars, startsLine, tooDeepAt };
  let text = '';
  let from = 0;
  for (const [start, end] of blanks) {
    text += chars.slice(from, start) + ' '.repeat(end - start);
    from = end;
  }
  return { text: text + chars.slice(from), startsLine, tooDeepAt };
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i += 1;
  return i;
}
