import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ElasticsearchRequestError, probeElasticsearch } from '../../../src/plugins/sinks/elasticsearch';
import { elasticsearchUrl } from '../../helpers/env';

it('the probe reads the real server version through /_nodes/_local when GET / is missing', async () => {
  const [health] = await probeElasticsearch({ endpoints: [elasticsearchUrl()] });
  assert.match(health?.version ?? '', /^8\./);
  assert.equal(health?.major, 8);
});

it('an unreachable endpoint is a retryable ElasticsearchRequestError without credentials in it', async () => {
  await assert.rejects(
    probeElasticsearch({ endpoints: ['http://user:pw-SECRET@127.0.0.1:9'] }, { timeoutMs: 2000 }),
    (e: unknown) => {
      assert.ok(e instanceof ElasticsearchRequestError);
      assert.equal(e.retryable, true);
      assert.doesNotMatch(e.message, /SECRET|pw-/);
      return true;
    },
  );
});
