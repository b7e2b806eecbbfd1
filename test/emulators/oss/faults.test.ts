// Fault injection: the next N requests of an operation fail with a chosen status and code (503 by default) or
// hang until close; other operations and later requests are unaffected.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ossClient, rawRequest, startServer, stopServer, xmlField } from './helpers';

/* eslint-disable @typescript-eslint/no-explicit-any -- ali-oss ships no type declarations */

test('injectFault fails the next `count` requests of one operation with 503 ServiceUnavailable by default', async () => {
  const server = await startServer();
  const client = ossClient(server);
  server.injectFault({ operation: 'PutObject', count: 2 });
  await client.get('x').catch(() => undefined); // another operation does not use up the rule
  for (let i = 0; i < 2; i++) {
    await assert.rejects(client.put('a.txt', Buffer.from('a')), (err: any) => {
      return err.status === 503 && err.code === 'ServiceUnavailable';
    });
  }
  assert.equal((await client.put('a.txt', Buffer.from('a'))).res.status, 200);
});

test('a custom status and code, any operation with "*", and clearFaults', async () => {
  const server = await startServer();
  server.injectFault({ operation: 'UploadPart', status: 500, code: 'InternalError' });
  const client = ossClient(server);
  const init = await client.initMultipartUpload('f.bin');
  await assert.rejects(client.uploadPart('f.bin', init.uploadId, 1, Buffer.from('x'), 0, 1), (err: any) => {
    return err.status === 500 && err.code === 'InternalError';
  });
  server.injectFault({ operation: '*', count: 5, status: 429, code: 'TooManyRequests' });
  const res = await rawRequest(server, { method: 'GET', key: 'x' });
  assert.equal(res.status, 429);
  assert.equal(xmlField(res.body, 'Code'), 'TooManyRequests');
  server.clearFaults();
  assert.equal((await rawRequest(server, { method: 'GET', key: 'x' })).status, 404);
});

test('hang: the request is never answered, until the server closes', async () => {
  const server = await startServer();
  server.injectFault({ operation: 'CompleteMultipartUpload', hang: true });
  const client = ossClient(server);
  const init = await client.initMultipartUpload('h.bin');
  const part = await client.uploadPart('h.bin', init.uploadId, 1, Buffer.from('x'), 0, 1);
  let outcome = 'pending';
  const settled = client.completeMultipartUpload('h.bin', init.uploadId, [{ number: 1, etag: part.etag }]).then(
    () => (outcome = 'answered'),
    () => (outcome = 'dropped'),
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(outcome, 'pending');
  await stopServer(server);
  await settled;
  assert.equal(outcome, 'dropped');
});
