// The OSS writer through the real CLI: a job shaped like seed 003 (DataWorks steps, `stepType: oss`, the bucket,
// endpoint and AccessKey pair from a registered datasource named in the script) validated with the destructive
// truncate warning, then `otsync run` syncs one window from the stack's Tablestore into the stack's local OSS.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import OSS from 'ali-oss';
import { ossBucket, ossCredentials, ossEndpoint, ossRegion } from '../../helpers/env';
import { cliFixture, otsync, sleep, stackTablestore, type CliFixture } from './helpers';

let f: CliFixture;
let oss: OSS;
before(async () => {
  f = await cliFixture('cli-oss');
  oss = new OSS({ endpoint: ossEndpoint(), bucket: ossBucket(), region: ossRegion(), ...ossCredentials() });
});
after(async () => {
  await f?.close();
});

function seed003(window: { startMs: number; endMs: number }, object: string, writeMode: string): string {
  const ts = stackTablestore();
  const script = {
    type: 'job',
    version: '2.0',
    steps: [
      {
        stepType: 'otsstream',
        parameter: {
          statusTable: 'TableStoreStreamReaderStatusTable',
          maxRetries: 30,
          mode: 'single_version_and_update_only',
          isExportSequenceInfo: false,
          endpoint: ts.endpoint,
          accessId: ts.credentials.accessKeyId,
          accessKey: ts.credentials.accessKeySecret,
          instanceName: ts.instance,
          dataTable: f.table,
          startTimestampMillis: String(window.startMs),
          endTimestampMillis: String(window.endMs),
          column: [{ name: 'uid' }, { name: 'name' }, { name: 'age' }],
        },
        name: 'Reader',
        category: 'reader',
      },
      {
        stepType: 'oss',
        parameter: {
          nullFormat: 'null',
          dateFormat: 'yyyy-MM-dd HH:mm:ss',
          datasource: 'osstest',
          writeMode,
          encoding: 'UTF-8',
          fieldDelimiter: ',',
          fileFormat: 'csv',
          object,
        },
        name: 'Writer',
        category: 'writer',
      },
      { parameter: {}, name: 'Processor', category: 'processor' },
    ],
    setting: { errorLimit: { record: '0' }, locale: 'zh', speed: { throttle: true, concurrent: 1, mbps: '12' } },
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
  };
  const file = path.join(f.tmp, `${writeMode}.json`);
  fs.writeFileSync(file, JSON.stringify(script, null, 2), { mode: 0o600 });
  return file;
}

test('a seed-003 job with an OSS datasource: validate warns about truncate, run writes the window as csv objects', async () => {
  const registry = path.join(f.tmp, 'datasources.json');
  const { accessKeyId, accessKeySecret } = ossCredentials();
  fs.writeFileSync(
    registry,
    JSON.stringify({
      datasources: {
        osstest: {
          type: 'oss',
          endpoint: ossEndpoint(),
          bucket: ossBucket(),
          accessId: accessKeyId,
          accessKey: accessKeySecret,
        },
      },
    }),
    { mode: 0o600 },
  );
  const env = { ...f.env, OTSYNC_DATASOURCES: registry };
  const startMs = Date.now() - 1000;
  for (let i = 0; i < 8; i++) await f.put(`u${i}`, `name-${i}`, i);
  await f.remove('u2');
  await sleep(1100);
  const window = { startMs, endMs: Date.now() };
  const object = `cli/${randomUUID().slice(0, 8)}/day`;

  // The 5-minute rule judges the window against --now: validate as the run 10 minutes later would.
  const later = new Date(Date.now() + 600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
  const validate = await otsync(['validate', seed003(window, object, 'truncate'), '--tz', 'UTC', '--now', later], env);
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(
    validate.stdout + validate.stderr,
    /writeMode.*truncate deletes every object under the "object" prefix/s,
  );

  const run = await otsync(['run', seed003(window, object, 'append'), '--job', f.jobId], env);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /written\s+8/, 'eight puts; the delete is dropped as in DataX');
  assert.ok(!`${run.stdout}${run.stderr}`.includes(accessKeySecret), 'the OSS secret is never printed');
  const listed = await oss.list({ prefix: object, 'max-keys': 100 }, {});
  const lines: string[] = [];
  for (const o of listed.objects ?? []) {
    lines.push(...((await oss.get(o.name)).content as Buffer).toString('utf8').split('\n').filter(Boolean));
  }
  assert.deepEqual(lines.sort(), Array.from({ length: 8 }, (_, i) => `u${i},name-${i},${i}`).sort());
});
