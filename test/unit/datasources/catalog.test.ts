import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { envName, loadDatasourceCatalog } from '../../../src/datasources/catalog';
import { DatasourceRegistryError } from '../../../src/datasources/errors';

const dir = mkdtempSync(path.join(os.tmpdir(), 'otsync-ds-'));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('datasource registry', () => {
  it('reads the file and overlays environment variables field by field', () => {
    const p = file('a.json', {
      datasources: {
        my_ots: { type: 'ots', endpoint: 'https://e', instanceName: 'i', accessId: 'id', accessKey: 'FileSecret123' },
      },
    });
    const catalog = loadDatasourceCatalog({
      file: p,
      env: {
        OTSYNC_DATASOURCE_MY_OTS_ACCESS_KEY: 'EnvSecret456',
        OTSYNC_DATASOURCE_ENV_ONLY_ENDPOINT: 'https://x',
        OTSYNC_DATASOURCE_ENV_ONLY_INSTANCE_NAME: 'n',
      },
    });
    assert.deepEqual(catalog.describe('my_ots'), {
      name: 'my_ots',
      type: 'tablestore',
      endpoint: 'https://e',
      instanceName: 'i',
      hasCredentials: true,
    });
    assert.equal(catalog.credentials('my_ots')?.accessKey, 'EnvSecret456');
    assert.deepEqual(catalog.describe('env-only'), {
      name: 'env-only',
      endpoint: 'https://x',
      instanceName: 'n',
      hasCredentials: false,
    });
    assert.equal(catalog.describe('nope'), undefined);
  });

  it('maps names to environment keys', () => {
    assert.equal(envName('odps_first'), 'ODPS_FIRST');
    assert.equal(envName('my-ots.1'), 'MY_OTS_1');
  });

  it('is strict about its own format: unknown keys are errors that quote no value', () => {
    const p = file('b.json', { datasources: { x: { endpoint: 'e', accesKey: 'TypoSecret789' } } });
    assert.throws(
      () => loadDatasourceCatalog({ file: p, env: {} }),
      (err: unknown) =>
        err instanceof DatasourceRegistryError && /accesKey/.test(err.message) && !/TypoSecret789/.test(err.message),
    );
    assert.throws(() => loadDatasourceCatalog({ file: file('c.json', '{nope'), env: {} }), /not valid JSON/);
  });

  it('a missing default file is fine; a missing named file is an error', () => {
    assert.ok(loadDatasourceCatalog({ env: { HOME: dir } }));
    assert.throws(
      () => loadDatasourceCatalog({ file: path.join(dir, 'missing.json'), env: {} }),
      DatasourceRegistryError,
    );
    assert.throws(
      () => loadDatasourceCatalog({ env: { OTSYNC_DATASOURCES: path.join(dir, 'missing.json') } }),
      DatasourceRegistryError,
    );
  });
});
