// Partition specs formatted as DataX does (writers.md §3.2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PartitionSpecError, normalizePartitionSpec, parsePartitionSpec } from '../../../src/maxcompute';

test('writers.md §3.2: "/", ", " and quoted forms are the same partition', () => {
  for (const spec of ['pt=20150101/type=1/biz=2', 'pt=20150101, type=1, biz=2', "pt='20150101',type='1',biz='2'"]) {
    assert.equal(normalizePartitionSpec(spec), 'pt=20150101,type=1,biz=2', spec);
    assert.deepEqual(parsePartitionSpec(spec), [
      ['pt', '20150101'],
      ['type', '1'],
      ['biz', '2'],
    ]);
  }
});

test('trim, spaces around = / , removed, quotes removed; inner spaces survive', () => {
  assert.equal(normalizePartitionSpec("pt='20150101' / type = 1"), 'pt=20150101,type=1');
  assert.equal(normalizePartitionSpec('  \tpt = 1 ,  b=2 \n'), 'pt=1,b=2');
  assert.equal(normalizePartitionSpec('pt=a b'), 'pt=a b');
  assert.equal(normalizePartitionSpec("pt = ' a '"), 'pt= a ');
  assert.equal(normalizePartitionSpec('pt=1'), 'pt=1');
  assert.equal(normalizePartitionSpec('   '), '');
});

test('a blank spec has no pieces', () => {
  assert.deepEqual(parsePartitionSpec(''), []);
  assert.deepEqual(parsePartitionSpec('  '), []);
});

test('a piece without exactly one "=" (or with an empty side) → PartitionSpecError', () => {
  for (const spec of ['pt', 'pt=1=2', 'pt=1,', 'pt=1,,b=2', '=1', 'pt=', 'pt=1/type']) {
    assert.throws(() => parsePartitionSpec(spec), PartitionSpecError, spec);
  }
});
