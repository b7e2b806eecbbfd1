// The OSS sink against the local OSS server through the real ali-oss client: objects per window and shard, DataX
// csv lines, reruns that replace instead of duplicating, writeMode semantics, multipart uploads and rolling, faults.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { OssConfigError, OssRequestError } from '../../../src/plugins/sinks/oss';
import { batches, noProgress, record, sinkFor, startOss, type OssFixture } from './helpers';

let fx: OssFixture;
before(async () => {
  fx = await startOss();
});
after(async () => {
  await fx?.close();
});

const W1 = { startMs: Date.UTC(2024, 2, 15, 2, 10), endMs: Date.UTC(2024, 2, 15, 2, 15) };
const W2 = { startMs: W1.endMs, endMs: W1.endMs + 300_000 };
let jobSeq = 0;
const job = () => `job-${++jobSeq}`;

test('a window becomes one csv object per shard holding exactly the DataX lines; deletes (not emitted) are skipped', async () => {
  const object = 'w1/orders';
  const sink = sinkFor(fx, { object });
  await sink.prepare();
  const records = [
    record('shard-a', ['u1', 'Ann', 30n]),
    record('shard-b', ['u2', 'Bo, "B"', null]),
    record('shard-a', ['u3', '  padded  ', 1.5]),
    record('shard-b', ['u4', null, null], false),
  ];
  const result = await sink.writeWindow({ jobId: job(), window: W1 }, batches(records), noProgress);
  assert.deepEqual(
    { written: result.written, dirty: result.dirty },
    { written: 3, dirty: 0 },
    'three lines written, the delete skipped',
  );
  const names = await fx.names(object);
  assert.equal(names.length, 2);
  const contents = (await Promise.all(names.map((n) => fx.text(n)))).sort();
  assert.deepEqual(contents, ['u1,Ann,30\nu3,padded,1.5\n', 'u2,"Bo, ""B""",null\n'].sort());
  assert.deepEqual(sink.lastWindow?.objects, names);
});

test('rerunning a window replaces its own objects and removes what an earlier attempt left under other names', async () => {
  const object = 'rerun/orders';
  const id = job();
  const sink = sinkFor(fx, { object });
  const first = [record('s1', ['u1', 'a', 1n]), record('s2', ['u2', 'b', 2n])];
  await sink.writeWindow({ jobId: id, window: W1 }, batches(first), noProgress);
  const firstNames = await fx.names(object);
  assert.equal(firstNames.length, 2);
  await sink.writeWindow({ jobId: id, window: W1 }, batches(first), noProgress);
  assert.deepEqual(await fx.names(object), firstNames, 'same names: replaced, not duplicated');
  // An attempt that no longer has rows of shard s2 (e.g. a different end): its old object goes.
  await sink.writeWindow({ jobId: id, window: W1 }, batches([record('s1', ['u1', 'a', 1n])]), noProgress);
  const names = await fx.names(object);
  assert.equal(names.length, 1);
  assert.equal(await fx.text(names[0]!), 'u1,a,1\n');
});

test('writeMode truncate deletes every object under the prefix first (DataX); append keeps earlier windows', async () => {
  const id = job();
  const append = sinkFor(fx, { object: 'modes/append' });
  await append.writeWindow({ jobId: id, window: W1 }, batches([record('s', ['u1', 'a', 1n])]), noProgress);
  await append.writeWindow({ jobId: id, window: W2 }, batches([record('s', ['u2', 'b', 2n])]), noProgress);
  assert.equal((await fx.names('modes/append')).length, 2);

  const truncate = sinkFor(fx, { object: 'modes/trunc', writeMode: 'truncate' });
  await fx.client.put('modes/trunc-other-file.txt', Buffer.from('x'));
  await truncate.writeWindow({ jobId: id, window: W1 }, batches([record('s', ['u1', 'a', 1n])]), noProgress);
  await truncate.writeWindow({ jobId: id, window: W2 }, batches([record('s', ['u2', 'b', 2n])]), noProgress);
  const left = await fx.names('modes/trunc');
  assert.equal(left.length, 1, 'only the last window remains: a pure prefix match deletes earlier runs');
  assert.equal(await fx.text(left[0]!), 'u2,b,2\n');
});

test('writeMode nonConflict fails on objects under the prefix, but not on the window’s own earlier attempt', async () => {
  const id = job();
  const sink = sinkFor(fx, { object: 'modes/nc', writeMode: 'nonConflict' });
  const rows = [record('s', ['u1', 'a', 1n])];
  await sink.writeWindow({ jobId: id, window: W1 }, batches(rows), noProgress);
  await sink.writeWindow({ jobId: id, window: W1 }, batches(rows), noProgress); // a retry of the same window
  await assert.rejects(
    sink.writeWindow({ jobId: id, window: W2 }, batches(rows), noProgress),
    (err: unknown) => err instanceof OssConfigError && /nonConflict/.test(err.message) && err.retryable === false,
  );
});

test('an empty window writes nothing, unless the job asks for empty files (then header only)', async () => {
  const sink = sinkFor(fx, { object: 'empty/none' });
  await sink.writeWindow({ jobId: job(), window: W1 }, batches([]), noProgress);
  assert.deepEqual(await fx.names('empty/none'), []);
  const withFile = sinkFor(fx, { object: 'empty/yes', generateEmptyFile: true, header: ['uid', 'name', 'age'] });
  await withFile.writeWindow({ jobId: job(), window: W1 }, batches([]), noProgress);
  const names = await fx.names('empty/yes');
  assert.equal(names.length, 1);
  assert.equal(await fx.text(names[0]!), 'uid,name,age\n');
});

test('large windows go up as multipart uploads and roll at maxFileSize, each object with its header', async () => {
  const object = 'big/orders';
  const sink = sinkFor(fx, { object, blockSizeInMB: 1, maxFileSize: 2, header: ['uid', 'name', 'age'] });
  const filler = 'x'.repeat(200);
  const records = Array.from({ length: 25_000 }, (_, i) => record('s1', [`u${i}`, filler, BigInt(i)]));
  const result = await sink.writeWindow({ jobId: job(), window: W1 }, batches(records), noProgress);
  assert.equal(result.written, records.length);
  const names = await fx.names(object);
  assert.ok(names.length >= 2, `rolled into ${names.length} objects`);
  assert.match(names[1]!, /_1$/);
  let lines: string[] = [];
  for (const name of [
    names[0]!,
    ...names.slice(1).sort((a, b) => Number(a.split('_').pop()) - Number(b.split('_').pop())),
  ]) {
    const text = await fx.text(name);
    assert.ok(text.startsWith('uid,name,age\n'), 'every rolled object starts with the header');
    lines = lines.concat(text.split('\n').slice(1, -1));
  }
  assert.deepEqual(
    lines,
    records.map((r) => `${String(r.columns[0])},${filler},${String(r.columns[2])}`),
  );
  assert.ok((sink.lastWindow?.requests ?? 0) > names.length, 'parts, not single puts');
});

test('transient part failures are retried; a permanent failure aborts the upload and no partial object appears', async () => {
  const object = 'faults/orders';
  const filler = 'y'.repeat(300);
  const records = Array.from({ length: 8_000 }, (_, i) => record('s1', [`u${i}`, filler, BigInt(i)]));
  const sink = sinkFor(fx, { object, blockSizeInMB: 1 });
  fx.server.injectFault({ operation: 'UploadPart', count: 2, status: 503, code: 'ServiceUnavailable' });
  const ok = await sink.writeWindow({ jobId: job(), window: W1 }, batches(records), noProgress);
  assert.equal(ok.written, records.length);
  fx.server.clearFaults();

  const failing = sinkFor(fx, { object: 'faults/denied', blockSizeInMB: 1 });
  fx.server.injectFault({ operation: 'CompleteMultipartUpload', count: 100, status: 403, code: 'AccessDenied' });
  await assert.rejects(
    failing.writeWindow({ jobId: job(), window: W1 }, batches(records), noProgress),
    (err: unknown) => err instanceof OssRequestError && err.retryable === false && err.code === 'AccessDenied',
  );
  fx.server.clearFaults();
  assert.deepEqual(await fx.names('faults/denied'), [], 'nothing visible');
});

test('a missing bucket is a configuration error at prepare, before anything is read', async () => {
  const sink = sinkFor(fx, { object: 'x', bucket: 'no-such-bucket' });
  await assert.rejects(
    sink.prepare(),
    (err: unknown) => err instanceof OssConfigError && /does not exist/.test(err.message),
  );
});

test('memory stays bounded across many open objects: the fullest sends a part early', async () => {
  const object = 'budget/orders';
  const sink = sinkFor(fx, { object, blockSizeInMB: 8 }, { memoryBudget: 2 * 1024 * 1024 });
  const filler = 'z'.repeat(500);
  const records = Array.from({ length: 24_000 }, (_, i) => record(`shard-${i % 6}`, [`u${i}`, filler, BigInt(i)]));
  const result = await sink.writeWindow({ jobId: job(), window: W1 }, batches(records, 500), noProgress);
  assert.equal(result.written, records.length);
  const stats = sink.lastWindow!;
  assert.ok(stats.bytes > 10 * 1024 * 1024, `wrote ${stats.bytes} bytes`);
  // Budget plus at most one batch's growth and the parts in flight.
  assert.ok(stats.peakBufferedBytes < 6 * 1024 * 1024, `peak ${stats.peakBufferedBytes} bytes in memory`);
  assert.equal((await fx.names(object)).length, 6);
});
