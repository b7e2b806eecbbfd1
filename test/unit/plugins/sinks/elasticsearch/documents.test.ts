import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  asDouble,
  asLong,
  asString,
  javaDoubleText,
} from '../../../../../src/plugins/sinks/elasticsearch/datax-values';
import { DocumentBuilder } from '../../../../../src/plugins/sinks/elasticsearch/documents';
import { ElasticsearchConfigError } from '../../../../../src/plugins/sinks/elasticsearch/errors';
import { javaSplit, translateJavaRegex } from '../../../../../src/plugins/sinks/elasticsearch/java-regex';
import { compileDateParser } from '../../../../../src/plugins/sinks/elasticsearch/joda-format';
import { parseJsonLossless, stringifyJson } from '../../../../../src/plugins/sinks/elasticsearch/json';
import { buildMapping } from '../../../../../src/plugins/sinks/elasticsearch/mapping';
import { col, config, rec } from './records';

describe('DataX column conversions', () => {
  it('a Double reads as Java BigDecimal plain text', () => {
    assert.deepEqual([1, 1.5, 1e10, 1e-5, 1.2345e-4, 0, 1234567.0, 1e7, -2.5e21, NaN].map(javaDoubleText), [
      '1.0',
      '1.5',
      '10000000000',
      '0.000010',
      '0.00012345',
      '0.0',
      '1234567.0',
      '10000000',
      '-2500000000000000000000',
      'NaN',
    ]);
  });
  it('a String becomes a Long by BigDecimal truncation, with an overflow check', () => {
    assert.deepEqual([asLong('1.9'), asLong('1e3'), asLong('-7.99'), asLong('.5')], [1n, 1000n, -7n, 0n]);
    assert.throws(() => asLong('NaN'), /not a number/);
    assert.throws(() => asLong(' 1'), /not a number/);
    assert.throws(() => asLong('1e30'), /64-bit/);
    assert.equal(asLong(2.9), 2n);
  });
  it('Strings become Doubles, NaN and Infinity included; Bytes decode as UTF-8', () => {
    assert.deepEqual([asDouble('1e3'), asDouble('-Infinity'), asDouble(7n)], [1000, -Infinity, 7]);
    assert.throws(() => asDouble('abc'));
    assert.equal(asString(new TextEncoder().encode('héllo')), 'héllo');
    assert.equal(asString(12345678901234567890n), '12345678901234567890');
  });
});

describe('splitter: Java regular expressions', () => {
  const split = (pattern: string, text: string) => javaSplit(text, translateJavaRegex(pattern));
  it('follows String.split: trailing empties removed, leading kept, no match returns the input', () => {
    assert.deepEqual(split('-,-', 'a-,-b-,-c'), ['a', 'b', 'c']);
    assert.deepEqual(split(',', ',a,,b,,'), ['', 'a', '', 'b']);
    assert.deepEqual(split(',', 'abc'), ['abc']);
    assert.deepEqual(split(',', ''), ['']);
    assert.deepEqual(split(',', ',,,'), []);
    assert.deepEqual(split('', 'abc'), ['a', 'b', 'c']);
  });
  it('translates escapes and quoting, and ignores capture groups', () => {
    assert.deepEqual(split('\\|', 'a|b'), ['a', 'b']);
    assert.deepEqual(split('\\Q.*\\E', 'a.*b'), ['a', 'b']);
    assert.deepEqual(split('(;)', 'a;b'), ['a', 'b']);
    assert.deepEqual(split('\\s+', 'a \u00a0b c'), ['a', '\u00a0b', 'c']);
    assert.deepEqual(split('.', 'a\u0085'), ['', '\u0085']);
  });
  it('rejects what JavaScript cannot express, naming the parameter', () => {
    for (const bad of ['a++', '(?>a)', '[a-z&&[^b]]', '\\p{L}', 'a(?i)b', '[a[b]]', '\\G,']) {
      assert.throws(
        () => translateJavaRegex(bad),
        (e: unknown) => e instanceof ElasticsearchConfigError && e.parameter === 'splitter',
        bad,
      );
    }
  });
});

describe('dates', () => {
  it('parses a Joda pattern in the column zone and writes ISO 8601 with millis and offset', () => {
    const parse = compileDateParser('yyyy-MM-dd HH:mm:ss', 'Asia/Shanghai', 'column[3]');
    assert.equal(parse('2017-11-07 14:31:21'), '2017-11-07T14:31:21.000+08:00');
    assert.equal(compileDateParser('yyyyMMdd', 'UTC', 'c')('20240315'), '2024-03-15T00:00:00.000Z');
    assert.equal(
      compileDateParser("yyyy-MM-dd'T'HH:mm:ssZ", 'UTC', 'c')('2024-03-15T01:02:03+0800'),
      '2024-03-14T17:02:03.000Z',
    );
    assert.equal(compileDateParser('yyyy-M-d', 'UTC', 'c')('2024-3-5'), '2024-03-05T00:00:00.000Z');
    assert.throws(() => parse('yesterday'), /does not match/);
  });
  it('unsupported pattern letters and zones are configuration errors', () => {
    assert.throws(() => compileDateParser('yyyy-ww', 'UTC', 'column[1]'), ElasticsearchConfigError);
    assert.throws(() => compileDateParser('yyyy', 'Mars/Base', 'column[1]'), /unknown time zone/);
  });
});

describe('documents', () => {
  const build = (overrides: Parameters<typeof config>[1], columns: readonly unknown[]) => {
    const b = new DocumentBuilder(config('i', overrides));
    return b.build(rec('PUT', columns as never));
  };

  it('converts every column type like DataX; virtual columns address the document', () => {
    const out = build(
      {
        columns: [
          col('uid', 'id'),
          col('r', 'routing'),
          col('n', 'long'),
          col('d', 'double'),
          col('b', 'boolean'),
          col('k', 'keyword'),
          col('o', 'object'),
          col('t', 'keyword', { array: true }),
          col('ints', 'integer', { array: true, dstArray: true }),
          col('ts', 'date'),
        ],
        splitter: ',',
      },
      ['u1', 'shard-a', '12.7', 3n, 'TRUE', 1.0e10, '{"x":12345678901234567890}', 'a,b,', '1, ,3', 1510036262000n],
    );
    assert.ok(out.ok);
    assert.equal(out.doc.id, 'u1');
    assert.equal(out.doc.routing, 'shard-a');
    assert.equal(
      stringifyJson(out.doc.fields),
      '{"n":12,"d":3,"b":true,"k":"10000000000","o":{"x":12345678901234567890},"t":["a","b"],"ints":[1,null,3],"ts":"1510036262000"}',
    );
  });

  it('primaryKeyInfo wins over id columns; combineFields wins over both and leaves its columns out', () => {
    const pk = build(
      {
        columns: [col('uid', 'id'), col('a', 'keyword'), col('b', 'keyword')],
        primaryKeyInfo: { columns: ['a', 'b'], fieldDelimiter: '_' },
      },
      ['u', 'x', null],
    );
    assert.ok(pk.ok && pk.doc.id === 'x_');
    const combined = build(
      {
        columns: [
          col('cid', 'id', { combineFields: ['a', 'b'], combineFieldsValueSeparator: ':' }),
          col('a', 'keyword'),
          col('b', 'long'),
        ],
      },
      ['ignored', 'x', 7n],
    );
    assert.ok(combined.ok);
    assert.equal(combined.doc.id, 'x:7');
    assert.deepEqual(combined.doc.fields, {});
    const nullPart = build({ columns: [col('cid', 'id', { combineFields: ['a'] }), col('a', 'keyword')] }, ['i', null]);
    assert.deepEqual(nullPart, { ok: false, message: 'parse error for column: cid: a combineFields value is null' });
  });

  it('a conversion failure is a data-free dirty message; a bad dstArray element skips only that column', () => {
    const bad = build({}, ['u', 'n', 'SECRET-VALUE']);
    assert.ok(!bad.ok);
    assert.ok(!bad.message.includes('SECRET'));
    assert.match(bad.message, /^parse error for column: age: /);
    const skipped = build(
      { columns: [col('uid', 'id'), col('xs', 'long', { array: true, dstArray: true })], splitter: ',' },
      ['u', '1,x'],
    );
    assert.ok(skipped.ok);
    assert.deepEqual(skipped.doc.fields, {});
  });

  it('enableWriteNull false leaves nulls out; touched-only builds only touched fields', () => {
    const out = build({ enableWriteNull: false }, ['u', null, 3n]);
    assert.ok(out.ok);
    assert.equal(stringifyJson(out.doc.fields), '{"age":3}');
    const b = new DocumentBuilder(config('i'));
    const patch = b.build(rec('UPDATE', ['u', null, 4n]), [true, false, true]);
    assert.ok(patch.ok);
    assert.deepEqual(Object.keys(patch.doc.fields), ['age']);
    assert.deepEqual(b.fullDocument({ age: 1n }), { name: null, age: 1n });
  });

  it('deleteBy matches any condition object whose keys all match', () => {
    const cfg = { deleteBy: [{ name: ['x', 'y'], age: 1 }, { name: 'z' }] };
    assert.ok(
      build(cfg, ['u', 'y', 1n]).ok && (build(cfg, ['u', 'y', 1n]) as { doc: { deleteBy: boolean } }).doc.deleteBy,
    );
    assert.equal((build(cfg, ['u', 'y', 2n]) as { doc: { deleteBy: boolean } }).doc.deleteBy, false);
    assert.equal((build(cfg, ['u', 'z', null]) as { doc: { deleteBy: boolean } }).doc.deleteBy, true);
  });

  it('a record with a different column count is a configuration error (ESWriter-00)', () => {
    assert.throws(
      () => build({}, ['u', 'n']),
      (e: unknown) => e instanceof ElasticsearchConfigError && e.parameter === 'column',
    );
    assert.ok(build({ enableRedundantColumn: true }, ['u', 'n', 1n, 'extra']).ok);
  });

  it('lossless JSON keeps every digit', () => {
    const text = '{"a":[1,2.50,-3e400],"b":{"c":"\\u00e9"},"d":123456789012345678901234567890}';
    assert.equal(stringifyJson(parseJsonLossless(text)), text.replace('\\u00e9', 'é'));
    assert.throws(() => parseJsonLossless('{"a":'), /invalid JSON at position/);
  });
});

describe('mapping', () => {
  it('leaves out virtual and combined columns, copies attributes by type, wraps by type below 7', () => {
    const cfg = config('i', {
      columns: [
        col('cid', 'id', { combineFields: ['a'] }),
        col('a', 'keyword'),
        col('p', 'parent'),
        col('t', 'text', {
          mapping: { analyzer: 'standard', eager_global_ordinals: true, other_params: { copy_to: 'all' } },
        }),
        col('k', 'keyword', { mapping: { eager_global_ordinals: true, doc_values: false } }),
        col('d', 'date', { origin: true, format: 'yyyy', dstFormat: 'epoch_millis' }),
        col('e', 'date', { format: 'yyyy' }),
      ],
      dstDynamic: 'false',
    });
    const expected = {
      properties: {
        t: { type: 'text', analyzer: 'standard', copy_to: 'all' },
        k: { type: 'keyword', doc_values: false, eager_global_ordinals: true },
        d: { type: 'date', format: 'epoch_millis' },
        e: { type: 'date' },
      },
      dynamic: 'false',
    };
    assert.deepEqual(buildMapping(cfg, true), expected);
    assert.deepEqual(buildMapping(cfg, false), { i: expected });
  });
});
