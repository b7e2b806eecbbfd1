import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, resolveStackConfig } from '../../../src/stack/config';

test('defaults: loopback, the standard ports, state under the project .otsync folder', () => {
  const c = resolveStackConfig({}, {});
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.temporal.port, 7233);
  assert.equal(c.temporal.uiPort, 8233);
  assert.equal(c.elasticsearch.port, 9200);
  assert.equal(c.home, path.join(PROJECT_ROOT, '.otsync'));
  assert.equal(c.runDir, path.join(PROJECT_ROOT, '.otsync', 'run'));
  assert.equal(c.toolsDir, path.join(PROJECT_ROOT, '.otsync', 'tools'));
});

test('ports come from the environment, and the UI follows a moved gRPC port by +1000', () => {
  const c = resolveStackConfig({}, { OTSYNC_TEMPORAL_PORT: '17233', OTSYNC_ES_PORT: '19200' });
  assert.equal(c.temporal.port, 17233);
  assert.equal(c.temporal.uiPort, 18233);
  assert.equal(c.elasticsearch.port, 19200);
});

test('command-line overrides win over the environment', () => {
  const c = resolveStackConfig(
    { temporalPort: 1111, temporalUiPort: 2222, esPort: 3333, runDir: '/tmp/x' },
    { OTSYNC_TEMPORAL_PORT: '17233', OTSYNC_ES_PORT: '19200' },
  );
  assert.deepEqual([c.temporal.port, c.temporal.uiPort, c.elasticsearch.port, c.runDir], [1111, 2222, 3333, '/tmp/x']);
});

test('a port variable that is not a port is rejected with its name', () => {
  assert.throws(() => resolveStackConfig({}, { OTSYNC_ES_PORT: 'abc' }), /OTSYNC_ES_PORT=abc is not a port/);
  assert.throws(() => resolveStackConfig({}, { OTSYNC_TEMPORAL_PORT: '70000' }), /OTSYNC_TEMPORAL_PORT/);
});
