// The listing rule of ListObjects/ListObjectsV2 (spec 5.6) and the request-body XML parser, as plain functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listKeys } from '../../../src/emulators/oss/store/listing';
import { parseXml, XmlSyntaxError } from '../../../src/emulators/oss/xml';

const sorted = (keys: string[]) =>
  keys.map((key) => ({ key, bytes: Buffer.from(key) })).sort((a, b) => Buffer.compare(a.bytes, b.bytes));

test('keys come in UTF-8 byte order after the marker, and prefixes roll up under a delimiter', () => {
  const keys = sorted(['a/1', 'a/2', 'a/b/3', 'a/b/4', 'a/c/5', 'b', 'é', 'Z']);
  assert.deepEqual(listKeys(keys, { prefix: '', marker: '', delimiter: '', maxKeys: 100 }).keys, [
    'Z',
    'a/1',
    'a/2',
    'a/b/3',
    'a/b/4',
    'a/c/5',
    'b',
    'é',
  ]);
  const page = listKeys(keys, { prefix: 'a/', marker: '', delimiter: '/', maxKeys: 3 });
  assert.deepEqual(page, { keys: ['a/1', 'a/2'], prefixes: ['a/b/'], truncated: true, nextMarker: 'a/b/' });
  const next = listKeys(keys, { prefix: 'a/', marker: 'a/b/', delimiter: '/', maxKeys: 3 });
  assert.deepEqual(next, { keys: [], prefixes: ['a/c/'], truncated: false, nextMarker: undefined });
  assert.deepEqual(listKeys(keys, { prefix: '', marker: 'a/b/3', delimiter: '', maxKeys: 2 }).keys, ['a/b/4', 'a/c/5']);
  assert.deepEqual(listKeys(keys, { prefix: 'a/', marker: 'a/b/3', delimiter: '/', maxKeys: 10 }).prefixes, [
    'a/b/',
    'a/c/',
  ]);
  assert.deepEqual(listKeys(keys, { prefix: 'a/', marker: 'a/b/4', delimiter: '/', maxKeys: 10 }).prefixes, ['a/c/']);
  assert.equal(listKeys(keys, { prefix: 'zz', marker: '', delimiter: '', maxKeys: 10 }).keys.length, 0);
});

test('the XML parser reads entities and CDATA, skips declarations, and rejects mismatched tags', () => {
  const root = parseXml(
    '<?xml version="1.0"?><!-- c --><Delete><Object><Key>b&amp;c&#x20;<![CDATA[<d>]]></Key></Object></Delete>',
  );
  assert.equal(root.name, 'Delete');
  assert.equal(root.children[0]?.children[0]?.text, 'b&c <d>');
  assert.throws(() => parseXml('<A><B></A>'), XmlSyntaxError);
  assert.throws(() => parseXml('<A>'), XmlSyntaxError);
  assert.throws(() => parseXml(''), XmlSyntaxError);
  assert.throws(() => parseXml('<A/><B/>'), XmlSyntaxError);
});
