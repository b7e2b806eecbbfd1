import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { Client } from '@elastic/elasticsearch';
import { elasticsearchUrl } from '../helpers/env';

const es = new Client({ node: elasticsearchUrl() });
const index = `smoke-${randomUUID()}`;

after(async () => {
  await es.indices.delete({ index }, { ignore: [404] });
  await es.close();
});

test('the real Elasticsearch is an 8.x server the client major matches', async () => {
  // GET / lives in the rest-root module, which the integ-test-zip distribution does not ship; ask the node instead.
  const info = await es.nodes.info({ node_id: '_local', filter_path: 'nodes.*.version' });
  const versions = Object.values(info.nodes).map((n) => n.version);
  assert.equal(versions.length, 1);
  assert.match(versions[0] ?? '', /^8\./);
});

test('a document indexed into the real Elasticsearch is found by a search', async () => {
  await es.index({ index, id: 'row-1', document: { title: 'tablestore stream', n: 42 }, refresh: 'wait_for' });
  const res = await es.search<{ title: string; n: number }>({ index, query: { match: { title: 'stream' } } });
  assert.equal(res.hits.hits.length, 1);
  assert.equal(res.hits.hits[0]?._id, 'row-1');
  assert.deepEqual(res.hits.hits[0]?._source, { title: 'tablestore stream', n: 42 });
});
