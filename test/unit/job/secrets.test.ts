import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { loadDatasourceCatalog } from '../../../src/datasources/catalog';
import { SecretResolutionError } from '../../../src/datasources/errors';
import { createSecretResolver } from '../../../src/datasources/resolver';
import { compile, dataxScript, READER, WRITERS } from './job-builder';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'jobs');
const registryText = readFileSync(path.join(FIXTURES, 'datasources.json'), 'utf8');
const datasources = loadDatasourceCatalog({ file: path.join(FIXTURES, 'datasources.json'), env: {} });
const P = { startTime: '20240315095500' };
const INLINE = [
  'ReaderSecretValue0001',
  'OssSecretValue0002',
  'OtsSecretKeyNeverInPlans0001',
  'EsPasswordNeverInPlans0002',
];
const REGISTRY = [...registryText.matchAll(/"accessKey": "([^"]+)"/g)].map((m) => m[1] ?? '');

function assertNoSecret(text: string): void {
  for (const secret of [...INLINE, ...REGISTRY])
    assert.ok(!text.includes(secret), `secret ${secret.slice(0, 4)}… leaked`);
}

describe('secrets never appear in plans, warnings or errors', () => {
  it('inline keys become a reference; the plan, warnings and CLI-visible output hold no secret', () => {
    const text = dataxScript(READER, WRITERS.oss);
    const r = compile(text, { parameters: P });
    assert.ok(r.plan);
    assert.equal(r.plan.source.connection.credentials.kind, 'inline');
    assertNoSecret(JSON.stringify(r.plan));
    assertNoSecret(JSON.stringify(r.warnings));
  });

  it('datasource references carry only the name', () => {
    const text = readFileSync(path.join(FIXTURES, 'seed-4-otsstream-to-odps-v2.json'), 'utf8');
    const r = compile(text, {
      parameters: { startTime: '1710467700000', endTime: '1710468000000' },
      nominalTime: '20240315100500',
      datasources,
    });
    assert.deepEqual(r.plan?.source.connection.credentials, { kind: 'datasource', datasource: 'my_ots' });
    assertNoSecret(JSON.stringify(r));
  });

  it('error messages never quote a secret, even when the script is broken around it', () => {
    const variants = [
      dataxScript({ ...READER, accessKey: 'ReaderSecretValue0001', mode: 'ReaderSecretValue0001' }),
      dataxScript({ ...READER, accessKey: { nested: 'ReaderSecretValue0001' } }),
      dataxScript({ ...READER, accessKey: 'ReaderSecretValue0001', accessId: '' }),
      dataxScript({ ...READER, accessKey: '${ReaderSecretValue0001}' }),
      dataxScript(READER, {
        name: 'elasticsearch',
        parameter: {
          ...WRITERS.elasticsearch.parameter,
          password: 'EsPasswordNeverInPlans0002',
          index: 'EsPasswordNeverInPlans0002 bad',
        },
      }),
      dataxScript(READER, WRITERS.oss).replace('"OssSecretValue0002"', '"OssSecretValue0002" "oops"'),
    ];
    for (const text of variants) {
      const r = compile(text, { datasources });
      assert.ok(r.errors.length > 0);
      assertNoSecret(JSON.stringify(r.errors) + JSON.stringify(r.warnings));
    }
  });

  it('seed fixtures with inline keys produce no secret anywhere', () => {
    const text = readFileSync(path.join(FIXTURES, 'seed-0-otsstream-to-elasticsearch.json'), 'utf8');
    const r = compile(text, { nominalTime: '20240315100500' });
    assert.ok(r.plan);
    assertNoSecret(JSON.stringify(r));
  });
});

describe('run-time secret resolution', () => {
  it('resolves inline references from the same script text and datasource references from the registry', () => {
    const text = dataxScript(READER, WRITERS.oss);
    const plan = compile(text, { parameters: P }).plan;
    assert.ok(plan);
    const resolver = createSecretResolver({ catalog: datasources, scripts: [text] });
    const reader = resolver.resolve(plan.source.connection.credentials);
    assert.equal(reader.accessId, 'LTAI5tReaderId');
    assert.equal(reader.accessKey, 'ReaderSecretValue0001');
    assert.equal(resolver.resolve(plan.sink.connection.credentials).accessKey, 'OssSecretValue0002');
    assert.equal(resolver.resolve({ kind: 'datasource', datasource: 'my_oss' }).accessId, 'LTAI5tRegistryOssId');
    assert.equal(resolver.resolve({ kind: 'none' }).accessKey, undefined);
  });

  it('refuses a changed script or an unknown datasource, without quoting secrets', () => {
    const text = dataxScript(READER, WRITERS.oss);
    const plan = compile(text, { parameters: P }).plan;
    assert.ok(plan);
    const resolver = createSecretResolver({ catalog: datasources, scripts: [text.replace('person', 'people')] });
    assert.throws(() => resolver.resolve(plan.source.connection.credentials), SecretResolutionError);
    assert.throws(() => resolver.resolve({ kind: 'datasource', datasource: 'gone' }), /not in the registry/);
  });

  it('resolved credentials print as [redacted]', () => {
    const creds = createSecretResolver({ catalog: datasources }).resolve({ kind: 'datasource', datasource: 'my_ots' });
    const shown = [JSON.stringify({ creds }), String(creds), inspect(creds), `${creds}`].join(' ');
    assertNoSecret(shown);
    assert.match(shown, /redacted/);
  });
});
