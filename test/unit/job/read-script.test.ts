import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJobScript } from '../../../src/job/read-script';

describe('readJobScript', () => {
  it('accepts #, // and /* */ comments and trailing commas', () => {
    const text = [
      '{ # hash comment with "quote',
      '  "a": 1, // line comment',
      '  /* block',
      '     comment # */ "b": [1, 2,],',
      '  "c": "x", #  # double hash',
      '}',
    ].join('\n');
    const r = readJobScript(text);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.document?.value, { a: 1, b: [1, 2], c: 'x' });
  });

  it('keeps # and // inside strings as data', () => {
    const r = readJobScript('{"a": "x # y", "b": "http://h//p", "c": "/* no */"}');
    assert.deepEqual(r.document?.value, { a: 'x # y', b: 'http://h//p', c: '/* no */' });
  });

  it('tolerates a comma missing at a line break, with a warning that gives the line', () => {
    const r = readJobScript('{\n  "concurrent": 1 # jobs\n  "mbps": "12"\n}');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.document?.value, { concurrent: 1, mbps: '12' });
    assert.equal(r.warnings[0]?.line, 3);
    assert.match(r.warnings[0]?.message ?? '', /comma is missing/);
  });

  it('reports a comma missing on one line as an error with line and column', () => {
    const r = readJobScript('{\n  "a": 1 "b": 2\n}');
    assert.equal(r.document, undefined);
    assert.equal(r.errors[0]?.line, 2);
    assert.equal(r.errors[0]?.column, 10);
    assert.match(r.errors[0]?.message ?? '', /comma expected/);
    assert.ok(r.errors[0]?.hint);
  });

  it('reports an unterminated string and an unclosed object', () => {
    const r = readJobScript('{\n "a": "open\n}');
    assert.ok(r.errors.length >= 1);
    assert.ok(r.errors.every((e) => e.line !== undefined));
  });

  it('warns on a duplicated key and keeps the last value (as fastjson does)', () => {
    const r = readJobScript('{"a": 1, "a": 2}');
    assert.deepEqual(r.document?.value, { a: 2 });
    assert.match(r.warnings[0]?.message ?? '', /appears twice/);
  });

  it('keeps a "__proto__" key as data', () => {
    const r = readJobScript('{"__proto__": {"polluted": true}}');
    const value = r.document?.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.keys(value), ['__proto__']);
  });

  it('strips a byte-order mark without shifting columns', () => {
    const r = readJobScript('\uFEFF{"a": 1}');
    assert.deepEqual(r.document?.value, { a: 1 });
  });

  it('rejects empty input and excessive nesting instead of overflowing the stack', () => {
    assert.match(readJobScript('  \n').errors[0]?.message ?? '', /empty/);
    assert.match(readJobScript('['.repeat(100_000)).errors[0]?.message ?? '', /nested deeper/);
  });

  it('locates a JSON path, or its nearest existing parent', () => {
    const r = readJobScript('{\n  "a": {\n    "b": 1\n  }\n}');
    assert.deepEqual(r.document?.locate(['a', 'b']), { line: 3, column: 10 });
    assert.deepEqual(r.document?.locate(['a', 'missing']), { line: 2, column: 8 });
  });
});
