import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ElasticsearchVersionError } from '../../../../../src/plugins/sinks/elasticsearch/errors';
import { foldChanges, type FoldInput } from '../../../../../src/plugins/sinks/elasticsearch/fold';
import { MAX_TIMESTAMP_US, sequenceVersion } from '../../../../../src/plugins/sinks/elasticsearch/versioning';

const seq = (timestampUs: bigint, rowIndex = 0, epoch = 1) => ({ epoch, timestampUs, rowIndex, shardId: 's' });

describe('external versions', () => {
  it('are timestampUs × 1024 + rowIndex and grow with log order', () => {
    assert.equal(sequenceVersion(seq(1_735_696_801_234_567n, 3)), 1_735_696_801_234_567n * 1024n + 3n);
    assert.ok(sequenceVersion(seq(10n, 1023)) < sequenceVersion(seq(11n, 0)));
  });
  it('fit below 2^63 up to the year 2255 and refuse what cannot be encoded', () => {
    assert.equal(MAX_TIMESTAMP_US, 2n ** 53n - 1n);
    assert.equal(sequenceVersion(seq(MAX_TIMESTAMP_US, 1023)), 2n ** 63n - 1n);
    assert.ok(new Date(Number(MAX_TIMESTAMP_US / 1000n)).getUTCFullYear() >= 2255);
    assert.throws(() => sequenceVersion(seq(MAX_TIMESTAMP_US + 1n)), ElasticsearchVersionError);
    assert.throws(() => sequenceVersion(seq(1n, 1024)), ElasticsearchVersionError);
    assert.throws(() => sequenceVersion(seq(-1n)), ElasticsearchVersionError);
  });
});

describe('folding a batch per document', () => {
  let position = 0;
  const change = (kind: FoldInput['kind'], ts: bigint, fields: Record<string, string | null>, id = 'a'): FoldInput => ({
    id,
    routing: null,
    parent: null,
    sequence: seq(ts),
    version: ts * 1024n,
    position: position++,
    kind,
    fields,
  });
  const full = (f: Record<string, unknown>) => ({ x: null, y: null, ...f });

  it('folds updates in log order, whatever the batch order', () => {
    const nets = foldChanges([change('patch', 3n, { x: '3' }), change('patch', 2n, { x: '2', y: '2' })], full);
    assert.deepEqual(nets, [
      { id: 'a', routing: null, parent: null, version: 3072n, records: 2, kind: 'patch', fields: { x: '3', y: '2' } },
    ]);
  });
  it('a PUT or DELETE first makes a full replacement; updates after it apply to it', () => {
    const [put] = foldChanges([change('full', 1n, { x: '1', y: null }), change('patch', 2n, { y: '2' })], full);
    assert.deepEqual([put?.kind, put?.fields], ['full', { x: '1', y: '2' }]);
    const [del] = foldChanges([change('patch', 1n, { x: '1' }), change('delete', 2n, {})], full);
    assert.deepEqual([del?.kind, del?.version, del?.records], ['delete', 2048n, 2]);
    const [back] = foldChanges([change('delete', 1n, {}), change('patch', 2n, { y: '2' })], full);
    assert.deepEqual([back?.kind, back?.fields], ['full', { x: null, y: '2' }]);
  });
  it('keeps documents apart and in first-seen order; equal sequences keep batch order', () => {
    const nets = foldChanges(
      [change('full', 5n, { x: 'b' }, 'b'), change('full', 1n, { x: 'a1' }), change('full', 1n, { x: 'a2' })],
      full,
    );
    assert.deepEqual(
      nets.map((n) => [n.id, n.fields.x]),
      [
        ['b', 'b'],
        ['a', 'a2'],
      ],
    );
  });
});
