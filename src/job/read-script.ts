import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { blankHashComments, MAX_NESTING } from './hash-comments';
import { formatPath, type JobIssue, type JsonPath } from './issues';

/** Scripts larger than this are refused unread: real job scripts are a few kilobytes. */
export const MAX_SCRIPT_CHARS = 4 * 1024 * 1024;

/** A parsed job script that can still point back into its text. */
export interface ScriptDocument {
  /** The parsed value (objects are plain objects; a duplicated key keeps its last value, as fastjson does). */
  readonly value: unknown;
  /** 1-based line and column of the value at `path`, or of its nearest parent that exists. */
  locate(path: JsonPath): { line: number; column: number } | undefined;
}

/** Outcome of {@link readJobScript}: a document unless there were syntax errors. */
export interface ReadResult {
  readonly document: ScriptDocument | undefined;
  readonly errors: readonly JobIssue[];
  readonly warnings: readonly JobIssue[];
}

const CODE_HINTS: Record<string, string> = {
  CommaExpected: 'add a comma between the two values',
  ColonExpected: 'put a colon between a key and its value',
  PropertyNameExpected: 'object keys must be double-quoted strings',
  ValueExpected: 'a value is missing here (or there is an extra comma)',
  CloseBraceExpected: 'an object is not closed with }',
  CloseBracketExpected: 'an array is not closed with ]',
  EndOfFileExpected: 'remove what follows the closing } of the script',
  UnexpectedEndOfString: 'close the string with a double quote on the same line',
  UnexpectedEndOfComment: 'close the /* comment with */',
  InvalidSymbol: 'strings must be double-quoted; comments start with #, // or /*',
};

/**
 * Reads a job script the way users write them: JSON plus `#` and `//` line comments, `/* *\/` blocks and trailing
 * commas (a `#` or `//` inside a string value is data). A comma missing at a line break (seen in a published
 * DataWorks template) is inserted with a warning. Every syntax error is reported with line and column.
 */
export function readJobScript(source: string): ReadResult {
  if (source.length > MAX_SCRIPT_CHARS) {
    return fail({ path: '', message: `the job script is larger than ${MAX_SCRIPT_CHARS} characters` });
  }
  if (source.trim() === '') {
    return fail({ path: '', message: 'the job script is empty', hint: 'a job script is one JSON object' });
  }
  const prepared = blankHashComments(source);
  const lines = lineStarts(prepared.text);
  if (prepared.tooDeepAt !== undefined) {
    return fail(at(lines, prepared.tooDeepAt, `objects and arrays are nested deeper than ${MAX_NESTING} levels`));
  }
  const parseErrors: ParseError[] = [];
  const tree = parseTree(prepared.text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  const errors: JobIssue[] = [];
  const warnings: JobIssue[] = [];
  for (const e of parseErrors) {
    const code = printParseErrorCode(e.error);
    if (code === 'CommaExpected' && prepared.startsLine.has(e.offset)) {
      warnings.push(
        at(lines, e.offset, 'a comma is missing at the end of the previous line; read as if it were there'),
      );
    } else {
      errors.push(at(lines, e.offset, `JSON syntax error: ${describe(code)}`, CODE_HINTS[code]));
    }
  }
  if (errors.length > 0 || tree === undefined) {
    return {
      document: undefined,
      errors: errors.length > 0 ? errors : [{ path: '', message: 'no JSON value' }],
      warnings,
    };
  }
  const value = toValue(tree, [], warnings, lines);
  const locate = (path: JsonPath) => {
    for (let n = path.length; n >= 0; n -= 1) {
      const node = findNodeAtLocation(tree, path.slice(0, n) as (string | number)[]);
      if (node) return position(lines, node.offset);
    }
    return undefined;
  };
  return { document: { value, locate }, errors: [], warnings };
}

function fail(issue: JobIssue): ReadResult {
  return { document: undefined, errors: [issue], warnings: [] };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function toValue(node: Node, path: (string | number)[], warnings: JobIssue[], lines: number[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = String(keyNode.value);
        if (seen.has(key)) {
          warnings.push(
            at(
              lines,
              keyNode.offset,
              `key "${key}" appears twice in ${formatPath(path) || 'the script'}; the last one wins`,
            ),
          );
        }
        seen.add(key);
        // defineProperty, not assignment: a "__proto__" key must stay data and never become a prototype.
        Object.defineProperty(out, key, {
          value: toValue(valueNode, [...path, key], warnings, lines),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => toValue(child, [...path, i], warnings, lines));
    default:
      return node.value as unknown;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

function at(starts: number[], offset: number, message: string, hint?: string): JobIssue {
  const { line, column } = position(starts, offset);
  return hint === undefined ? { path: '', message, line, column } : { path: '', message, hint, line, column };
}
