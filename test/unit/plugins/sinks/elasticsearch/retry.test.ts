import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { writeBulk, type BulkAction } from '../../../../../src/plugins/sinks/elasticsearch/bulk';
import {
  ElasticsearchBulkError,
  ElasticsearchRequestError,
} from '../../../../../src/plugins/sinks/elasticsearch/errors';
import { EsHttp, withRetries } from '../../../../../src/plugins/sinks/elasticsearch/http';
import { backoffDelay, bulkBackoff, classifyItem } from '../../../../../src/plugins/sinks/elasticsearch/retry';

describe('retry classifier', () => {
  const item = (status: number, op = 'index', versioned = true, hasError = status >= 300) =>
    classifyItem({ status, op, versioned, hasError });
  it('429 and 5xx retry; 400 is a bad document; other 4xx are fatal', () => {
    assert.deepEqual(
      [item(201), item(429), item(500), item(503), item(400), item(401), item(403), item(404), item(413)],
      ['applied', 'retry', 'retry', 'retry', 'bad-document', 'fatal', 'fatal', 'fatal', 'fatal'],
    );
  });
  it('409 is stale for a versioned write and retried otherwise; a delete of a missing document is applied', () => {
    assert.deepEqual([item(409, 'index', true), item(409, 'update', false)], ['stale', 'retry']);
    assert.equal(item(404, 'delete', true, false), 'applied');
  });
  it('backs off exponentially with jitter, capped by tryInterval', () => {
    const p = bulkBackoff(30, 60_000);
    assert.deepEqual([p.baseMs, p.capMs], [1000, 60_000]);
    assert.deepEqual(
      [0, 1, 2, 10].map((r) => backoffDelay(r, p, () => 1)),
      [1000, 2000, 4000, 60_000],
    );
    assert.equal(
      backoffDelay(3, p, () => 0),
      4000,
    );
    assert.equal(bulkBackoff(3, 500).baseMs, 500);
  });
});

/** An in-process stand-in for error paths only: answers each request with the next scripted reply. */
type Reply = (req: { path: string; lines: string[] }) => { status: number; body: unknown } | 'hangup';
let server: Server;
let url = '';
let replies: Reply[] = [];
const seen: { path: string; lines: string[] }[] = [];

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      const request = { path: req.url ?? '', lines: raw.toString('utf8').split('\n').filter(Boolean) };
      seen.push(request);
      const reply = replies.shift()?.(request) ?? { status: 500, body: {} };
      if (reply === 'hangup') return res.socket?.destroy();
      res.writeHead(reply.status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const action = (id: string, versioned = true): BulkAction => ({
  op: 'index',
  id,
  routing: null,
  parent: null,
  version: versioned ? 5n : null,
  versionType: versioned ? 'external' : null,
  body: { n: 1 },
  records: 1,
});
const items = (...statuses: number[]) => ({
  errors: statuses.some((s) => s >= 300),
  items: statuses.map((status) => ({
    index: {
      status,
      ...(status >= 300 && {
        error: {
          type: status === 400 ? 'mapper_parsing_exception' : 'x',
          reason: "failed to parse field [n] … Preview of field's value: 'SECRET'",
        },
      }),
    },
  })),
});
const settings = (overrides: Partial<Parameters<typeof writeBulk>[2]> = {}) => ({
  path: '/i/_bulk',
  querystring: { refresh: 'false' },
  policy: { attempts: 3, baseMs: 1, capMs: 1 },
  ignoreParseError: true,
  ignoreWriteError: false,
  keepIdOrder: false,
  sleep: async () => undefined,
  ...overrides,
});

describe('bulk error paths', () => {
  it('retries only the items that failed with 429/5xx; 409 is stale; 400 is dirty without data', async () => {
    seen.length = 0;
    replies = [
      () => ({ status: 200, body: items(201, 429, 409, 400, 503) }),
      () => ({ status: 200, body: items(200, 201) }),
    ];
    const http = new EsHttp({ endpoints: [url] }, { timeoutMs: 5000, compression: true, discovery: false });
    const tally = await writeBulk(
      http,
      ['a', 'b', 'c', 'd', 'e'].map((id) => action(id)),
      settings(),
    );
    await http.close();
    assert.deepEqual([tally.written, tally.stale, tally.dirty], [3, 1, 1]);
    assert.deepEqual(tally.dirtySamples, ['status 400 mapper_parsing_exception (field "n")']);
    assert.equal(seen[1]?.path, '/i/_bulk?refresh=false');
    assert.deepEqual(
      seen[1]?.lines.filter((_, i) => i % 2 === 0),
      [
        '{"index":{"_id":"b","version":5,"version_type":"external"}}',
        '{"index":{"_id":"e","version":5,"version_type":"external"}}',
      ],
    );
  });

  it('unversioned retries resend the later writes of the same document, so order holds', async () => {
    seen.length = 0;
    replies = [() => ({ status: 200, body: items(429, 201, 201) }), () => ({ status: 200, body: items(201, 201) })];
    const http = new EsHttp({ endpoints: [url] }, { timeoutMs: 5000, compression: false, discovery: false });
    const tally = await writeBulk(
      http,
      [action('a', false), action('b', false), action('a', false)],
      settings({ keepIdOrder: true }),
    );
    await http.close();
    assert.equal(tally.written, 3);
    assert.deepEqual(
      seen[1]?.lines.filter((_, i) => i % 2 === 0),
      ['{"index":{"_id":"a"}}', '{"index":{"_id":"a"}}'],
    );
  });

  it('transport errors and whole-request 5xx are retried; giving up is a retryable typed error', async () => {
    replies = [
      () => 'hangup',
      () => ({ status: 503, body: { error: { type: 'unavailable' } } }),
      () => ({ status: 200, body: items(429) }),
    ];
    const http = new EsHttp({ endpoints: [url] }, { timeoutMs: 5000, compression: false, discovery: false });
    await assert.rejects(writeBulk(http, [action('a')], settings()), (e: unknown) => {
      assert.ok(e instanceof ElasticsearchBulkError);
      assert.equal(e.retryable, true);
      assert.equal(e.attempts, 3);
      assert.doesNotMatch(e.message, /SECRET/);
      return true;
    });
    await http.close();
  });

  it('a permanent item failure fails at once; ignoreWriteError drops it instead; ignoreParseError false fails 400s', async () => {
    const http = new EsHttp({ endpoints: [url] }, { timeoutMs: 5000, compression: false, discovery: false });
    replies = [() => ({ status: 200, body: items(403, 201) })];
    await assert.rejects(
      writeBulk(http, [action('a'), action('b')], settings()),
      (e: unknown) => e instanceof ElasticsearchBulkError && !e.retryable,
    );
    replies = [() => ({ status: 200, body: items(403, 201) })];
    const dropped = await writeBulk(http, [action('a'), action('b')], settings({ ignoreWriteError: true }));
    assert.deepEqual([dropped.written, dropped.dropped, dropped.dirty], [1, 1, 0]);
    replies = [() => ({ status: 200, body: items(400) })];
    await assert.rejects(
      writeBulk(http, [action('a')], settings({ ignoreParseError: false })),
      /ignoreParseError is false/,
    );
    await http.close();
  });

  it('request retries stop at a permanent status, with a hint and no body text', async () => {
    const http = new EsHttp({ endpoints: [url] }, { timeoutMs: 5000, compression: false, discovery: false });
    replies = [() => ({ status: 401, body: { error: { type: 'security_exception', reason: 'user SECRET' } } })];
    await assert.rejects(
      withRetries('mget', { attempts: 5, baseMs: 1, capMs: 1 }, () => http.request({ method: 'GET', path: '/x' }), {
        sleep: async () => undefined,
      }),
      (e: unknown) => {
        assert.ok(e instanceof ElasticsearchRequestError);
        assert.deepEqual([e.status, e.retryable, e.attempts], [401, false, 1]);
        assert.doesNotMatch(e.message, /SECRET/);
        assert.match(e.hint ?? '', /username and password/);
        return true;
      },
    );
    await http.close();
  });
});
