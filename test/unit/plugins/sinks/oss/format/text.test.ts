import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import {
  createEncoderFactory,
  encodingSupported,
  formatConfigIssues,
  OssFormatConfigError,
} from '../../../../../../src/plugins/sinks/oss/format';
import type { LineValue } from '../../../../../../src/plugins/types';
import { ossConfig, wholeObject } from './config';

const zone = { timeZone: 'Asia/Shanghai' };
const bytes = (...b: number[]) => new Uint8Array(b);

function text(rows: (readonly LineValue[])[], overrides: Parameters<typeof ossConfig>[0] = {}): string {
  const factory = createEncoderFactory(ossConfig({ fileFormat: 'text', ...overrides }), zone);
  return wholeObject(factory.newObject(), rows).toString('utf8');
}

describe('text objects: values rendered as DataX asString', () => {
  it('joins values by fieldDelimiter and ends each line with lineDelimiter, no quoting', () => {
    assert.equal(
      text([
        ['a', 1n, 1.5, true, null, bytes(0x68, 0x69)],
        ['x,y', 'say "hi"', 'l1\nl2', '  pad  ', '#c', ''],
      ]),
      'a,1,1.5,true,null,hi\nx,y,say "hi",l1\nl2,  pad  ,#c,\n',
    );
  });
  it('writes Doubles as Java plain decimal text and Longs beyond 2^53 exactly', () => {
    assert.equal(
      text([[1e10, 1, 0.00001, -2.5e21, 0, NaN, 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 63n), false]]),
      '10000000000,1.0,0.000010,-2500000000000000000000,0.0,NaN,9223372036854775807,9007199254740993,-9223372036854775808,false\n',
    );
  });
  it('writes null as the literal "null" by default, or as nullFormat', () => {
    assert.equal(text([[null, 'a', null]]), 'null,a,null\n');
    assert.equal(text([[null, 'a']], { nullFormat: '\\N' }), '\\N,a\n');
    assert.equal(text([[null, null]], { nullFormat: '' }), ',\n');
  });
  it('writes Bytes base64 with byteEncoding base64 (any case), else as UTF-8 text', () => {
    const row = [bytes(0xff, 0x00, 0x41), bytes(0xe4, 0xb8, 0xad)];
    assert.equal(text([row], { byteEncoding: 'base64' }), '/wBB,5Lit\n');
    assert.equal(text([row], { byteEncoding: 'BASE64' }), '/wBB,5Lit\n');
    assert.equal(text([row]), '\uFFFD\u0000A,中\n');
  });
  it('uses any fieldDelimiter string and the whole lineDelimiter', () => {
    assert.equal(text([['a', 'b'], ['c']], { fieldDelimiter: '|#|', lineDelimiter: '\r\n' }), 'a|#|b\r\nc\r\n');
  });
  it('writes a row without values as a bare line delimiter', () => {
    assert.equal(text([[], ['a']]), '\na\n');
  });
  it('starts every object with the header line, and each new object again', () => {
    const factory = createEncoderFactory(ossConfig({ header: ['id', 'name'] }), zone);
    const first = factory.newObject();
    assert.equal(Buffer.concat(first.begin()).toString(), 'id,name\n');
    assert.equal(wholeObject(factory.newObject(), [[1n, 'a']]).toString(), 'id,name\n1,a\n');
    assert.equal(factory.parquetExtension, '');
  });
  it('returns encoded bytes at once: nothing pending, nothing dirty', () => {
    const encoder = createEncoderFactory(ossConfig(), zone).newObject();
    const out = encoder.encode([['a'], [null]]);
    assert.equal(Buffer.concat(out.chunks).toString(), 'a\nnull\n');
    assert.deepEqual(out.dirty, []);
    assert.equal(encoder.pendingBytes, 0);
    assert.deepEqual(encoder.end(), []);
    assert.throws(() => encoder.encode([['b']]), /already ended/);
  });
});

describe('charsets', () => {
  it('encodes GBK, which decodes back to the same text', () => {
    const factory = createEncoderFactory(ossConfig({ encoding: 'GBK', header: ['名称'] }), zone);
    const out = wholeObject(factory.newObject(), [['中文', '€', 12n]]);
    assert.deepEqual([...out.subarray(0, 4)], [0xc3, 0xfb, 0xb3, 0xc6]);
    assert.equal(iconv.decode(out, 'GBK'), '名称\n中文,€,12\n');
  });
  it('writes ? for a character the charset cannot represent, as Java does', () => {
    const factory = createEncoderFactory(ossConfig({ encoding: 'ISO-8859-1' }), zone);
    assert.deepEqual([...wholeObject(factory.newObject(), [['é中']])], [0xe9, 0x3f, 0x0a]);
  });
  it('writes UTF-16 big-endian with one byte-order mark per object, like Java', () => {
    const factory = createEncoderFactory(ossConfig({ encoding: 'UTF-16', header: ['h'] }), zone);
    const out = wholeObject(factory.newObject(), [['a']], [['b']]);
    assert.deepEqual([...out], [0xfe, 0xff, 0, 0x68, 0, 0x0a, 0, 0x61, 0, 0x0a, 0, 0x62, 0, 0x0a]);
    const le = createEncoderFactory(ossConfig({ encoding: 'UTF-16LE' }), zone);
    assert.deepEqual([...wholeObject(le.newObject(), [['a']])], [0x61, 0, 0x0a, 0]);
  });
  it('writes UTF-8 without a mark, and ? for an unpaired surrogate', () => {
    const factory = createEncoderFactory(ossConfig(), zone);
    assert.deepEqual([...wholeObject(factory.newObject(), [['é\uD800']])], [0xc3, 0xa9, 0x3f, 0x0a]);
  });
  it('knows the usual charsets and refuses an unknown one with a clear error', () => {
    for (const name of ['UTF-8', 'utf8', 'GBK', 'GB18030', 'Big5', 'ISO-8859-1', 'UTF-16LE', 'windows-1252']) {
      assert.equal(encodingSupported(name), true, name);
    }
    assert.equal(encodingSupported('x-klingon'), false);
    assert.equal(encodingSupported(''), false);
    assert.throws(
      () => createEncoderFactory(ossConfig({ encoding: 'x-klingon' }), zone),
      (err) => err instanceof OssFormatConfigError && err.parameter === 'encoding' && /x-klingon/.test(err.message),
    );
  });
});

describe('configuration checks', () => {
  it('refuses orc with a pointer to parquet', () => {
    const config = { ...ossConfig(), fileFormat: 'orc' } as unknown as Parameters<typeof createEncoderFactory>[0];
    assert.throws(() => createEncoderFactory(config, zone), /orc is not supported by otsync; use parquet/);
  });
  it('warns about settings DataX ignores', () => {
    const { errors, warnings } = formatConfigIssues(
      ossConfig({ fileFormat: 'text', byteEncoding: 'hex', csvWriterConfig: { escapeMode: 2 } }),
    );
    assert.deepEqual(errors, []);
    assert.deepEqual(warnings.map((w) => w.key).sort(), ['byteEncoding', 'csvWriterConfig']);
  });
});
