import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createEncoderFactory,
  formatConfigIssues,
  OssFormatConfigError,
} from '../../../../../../src/plugins/sinks/oss/format';
import { javaTrim } from '../../../../../../src/plugins/sinks/oss/format/csv';
import type { CompiledOssConfig } from '../../../../../../src/plugins/sinks/oss/schema';
import type { LineValue } from '../../../../../../src/plugins/types';
import { ossConfig, wholeObject } from './config';

const zone = { timeZone: 'Asia/Shanghai' };

function csv(rows: (readonly LineValue[])[], overrides: Partial<CompiledOssConfig> = {}): string {
  const factory = createEncoderFactory(ossConfig({ fileFormat: 'csv', ...overrides }), zone);
  return wholeObject(factory.newObject(), rows).toString('utf8');
}

/** RFC 4180 with a configurable record terminator: quoted fields, `""` inside quotes. */
function parseCsv(text: string, delimiter = ',', terminator = '\n'): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== delimiter && text[i] !== terminator) throw new Error('text after a quote');
      continue;
    }
    if (c === delimiter) {
      record.push(field);
      field = '';
    } else if (c === terminator) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
    i++;
  }
  if (field !== '' || record.length > 0) throw new Error('missing record terminator');
  return records;
}

describe('csv objects: JavaCSV rules as DataX configures them', () => {
  it('quotes a value holding the qualifier, the delimiter or the record terminator, doubling quotes', () => {
    assert.equal(csv([['a,b', 'say "hi"', 'l1\nl2', 'plain', 1n, 1.5]]), '"a,b","say ""hi""","l1\nl2",plain,1,1.5\n');
  });
  it('quotes a first field that starts with # or is empty, and only the first', () => {
    assert.equal(
      csv([
        ['#x', '#y'],
        ['', ''],
        ['a', ''],
      ]),
      '"#x",#y\n"",\na,\n',
    );
  });
  it('trims each non-empty value as Java trim does (chars up to U+0020), then decides quoting', () => {
    assert.equal(
      csv([['  pad  ', '\t\u0001x\u001f ', '\u3000wide\u3000', '  ', ' a,b ']]),
      'pad,x,\u3000wide\u3000,,"a,b"\n',
    );
    // A first field of blanks trims to empty and is then quoted.
    assert.equal(csv([[' ', 'b']]), '"",b\n');
  });
  it('ends records with only the first character of lineDelimiter; a lone CR is not quoted under \\n', () => {
    assert.equal(csv([['a\rb', 'c']]), 'a\rb,c\n');
    // With "\r\n" the terminator is "\r": now CR triggers quoting and LF does not.
    assert.equal(csv([['a\nb', 'c\rd']], { lineDelimiter: '\r\n' }), 'a\nb,"c\rd"\r');
  });
  it('renders nulls as nullFormat, which is trimmed and quoted like any value', () => {
    assert.equal(csv([[null, null]]), 'null,null\n');
    assert.equal(csv([[null, 'a']], { nullFormat: '' }), '"",a\n');
    assert.equal(csv([['a', null]], { nullFormat: ' \\N ' }), 'a,\\N\n');
  });
  it('writes Doubles as plain decimals, big Longs exactly, booleans, and Bytes base64 on request', () => {
    assert.equal(
      csv([[1e10, 2n ** 63n - 1n, true, new Uint8Array([0xff, 0x00, 0x41])]], { byteEncoding: 'base64' }),
      '10000000000,9223372036854775807,true,/wBB\n',
    );
  });
  it('writes nothing for a row without values (JavaCSV skips an empty record)', () => {
    assert.equal(csv([[], ['a']]), 'a\n');
  });
  it('uses fieldDelimiter as the one-character delimiter', () => {
    assert.equal(csv([['a,b', 'c;d', 'e']], { fieldDelimiter: ';' }), 'a,b;"c;d";e\n');
  });
  it('renders the header through the same writer, at the top of every object', () => {
    const factory = createEncoderFactory(ossConfig({ fileFormat: 'csv', header: ['#id', 'a,b', ' name '] }), zone);
    for (let i = 0; i < 2; i++) {
      assert.equal(wholeObject(factory.newObject(), [['1', 'x', 'y']]).toString(), '"#id","a,b",name\n1,x,y\n');
    }
  });
});

describe('csvWriterConfig', () => {
  const withConfig = (rows: (readonly LineValue[])[], csvWriterConfig: Record<string, unknown>) =>
    csv(rows, { csvWriterConfig });

  it('escapeMode 2 escapes with backslashes, inside and outside quotes', () => {
    assert.equal(withConfig([['a"b', 'c\\d,e', 'f\\g']], { escapeMode: 2 }), '"a\\"b","c\\\\d,e",f\\\\g\n');
  });
  it('useTextQualifier false never quotes; with escapeMode 2 it backslash-escapes delimiters and a leading #', () => {
    assert.equal(withConfig([['#a,b', '"q"', '']], { useTextQualifier: false }), '#a,b,"q",\n');
    assert.equal(withConfig([['#a,b', 'c\nd']], { useTextQualifier: 'false', escapeMode: '2' }), '\\#a\\,b,c\\\nd\n');
  });
  it('forceQualifier quotes every field, even with useTextQualifier false', () => {
    assert.equal(withConfig([['a', 1n, '']], { forceQualifier: true }), '"a","1",""\n');
    assert.equal(withConfig([['a']], { forceQualifier: 'yes', useTextQualifier: false }), '"a"\n');
  });
  it('textQualifier, delimiter, recordDelimiter and comment replace the defaults', () => {
    assert.equal(withConfig([["it's", 'say "x"']], { textQualifier: "'" }), "'it''s',say \"x\"\n");
    assert.equal(withConfig([['a,b', 'c;d']], { delimiter: ';' }), 'a,b;"c;d"\n');
    assert.equal(withConfig([['a', 'b|c'], ['d']], { recordDelimiter: '|' }), 'a,"b|c"|d|');
    assert.equal(withConfig([['!x'], ['#y']], { comment: '!' }), '"!x"\n#y\n');
  });
  it('refuses values it cannot honour, naming the key', () => {
    for (const [key, value] of [
      ['escapeMode', 3],
      ['useTextQualifier', 'maybe'],
      ['textQualifier', ''],
      ['delimiter', 7],
    ] as const) {
      assert.throws(
        () => csv([['a']], { csvWriterConfig: { [key]: value } }),
        (err) => err instanceof OssFormatConfigError && err.parameter === `csvWriterConfig.${key}`,
        key,
      );
    }
  });
  it('ignores unknown keys with a warning, as DataX does', () => {
    const config = ossConfig({ fileFormat: 'csv', csvWriterConfig: { safetySwitch: true, delimiter: '::' } });
    assert.deepEqual(formatConfigIssues(config).errors, []);
    assert.deepEqual(
      formatConfigIssues(config).warnings.map((w) => w.key),
      ['csvWriterConfig.safetySwitch', 'csvWriterConfig.delimiter'],
    );
    assert.equal(csv([['a', 'b']], { csvWriterConfig: { safetySwitch: true, delimiter: '::' } }), 'a:b\n');
  });
  it('refuses a multi-character fieldDelimiter and an empty lineDelimiter', () => {
    assert.throws(() => csv([], { fieldDelimiter: '||' }), /fieldDelimiter: must be exactly one character/);
    assert.throws(() => csv([], { lineDelimiter: '' }), /lineDelimiter: must not be empty/);
  });
});

describe('csv property: the output parses back to the trimmed values', () => {
  const piece = fc.constantFrom(',', '"', '\n', '\r', '#', ' ', '\t', '\u0001', 'a', 'Z', '中', '\\', '""');
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const rows = fc.array(fc.array(value, { minLength: 1, maxLength: 5 }), { maxLength: 10 });

  it('round-trips any rows through a plain RFC 4180 parser', () => {
    const factory = createEncoderFactory(ossConfig({ fileFormat: 'csv' }), zone);
    fc.assert(
      fc.property(rows, (input) => {
        const out = wholeObject(factory.newObject(), input).toString('utf8');
        const expected = input.map((r) => r.map((v) => (v === null ? 'null' : javaTrim(v))));
        assert.deepEqual(parseCsv(out), expected);
      }),
      { numRuns: 500 },
    );
  });
});
