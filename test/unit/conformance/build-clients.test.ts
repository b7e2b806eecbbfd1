/**
 * Smoke test of the conformance clients' build and CLI contract (no server needed): both clients build into the
 * cache (minutes the first time, instant afterwards), print their usage, and refuse to run without the OTS_*
 * variables. The end-to-end conformance test against the local Tablestore server lives elsewhere.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import {
  DEFAULT_CACHE_DIR,
  GO_SOURCE_DIR,
  JAVA_SOURCE_DIR,
  ensureGoClient,
  ensureJavaClient,
  execClient,
  hashSources,
  runClient,
} from '../../conformance/build-clients';
import { ConformanceBuildError, ConformanceClientRunError } from '../../conformance/errors';

const ALL_VARS = ['OTS_ENDPOINT', 'OTS_INSTANCE', 'OTS_ACCESS_KEY_ID', 'OTS_ACCESS_KEY_SECRET', 'OTS_TABLE'];
const SUBCOMMANDS = ['write', 'read-stream', 'rows'];

let goBin = '';
let javaJar = '';
const clients = [
  { name: 'Go', program: 'ots-go-conformance', path: () => goBin },
  { name: 'Java', program: 'ots-java-conformance', path: () => javaJar },
];

before(
  async () => {
    [goBin, javaJar] = await Promise.all([ensureGoClient(DEFAULT_CACHE_DIR), ensureJavaClient(DEFAULT_CACHE_DIR)]);
  },
  { timeout: 25 * 60_000 },
);

describe('conformance client build', () => {
  it('puts both clients in the cache directory and nothing in the source tree', async () => {
    assert.ok(goBin.startsWith(DEFAULT_CACHE_DIR + path.sep), goBin);
    assert.ok(javaJar.startsWith(DEFAULT_CACHE_DIR + path.sep), javaJar);
    assert.ok(javaJar.endsWith('.jar'));
    await fs.access(goBin, fs.constants.X_OK);
    await fs.access(javaJar);
    // Builds run out of tree: no Maven target/ and no Go binary next to the sources.
    const javaEntries = await fs.readdir(JAVA_SOURCE_DIR);
    assert.ok(!javaEntries.includes('target'), javaEntries.join(', '));
    const goEntries = await fs.readdir(GO_SOURCE_DIR);
    assert.ok(!goEntries.some((e) => e.startsWith('ots-go-conformance')), goEntries.join(', '));
  });

  it('does not rebuild when the sources are unchanged', async () => {
    const [goBefore, jarBefore] = await Promise.all([fs.stat(goBin), fs.stat(javaJar)]);
    const started = Date.now();
    const [goAgain, jarAgain] = await Promise.all([
      ensureGoClient(DEFAULT_CACHE_DIR),
      ensureJavaClient(DEFAULT_CACHE_DIR),
    ]);
    assert.equal(goAgain, goBin);
    assert.equal(jarAgain, javaJar);
    assert.equal((await fs.stat(goBin)).mtimeMs, goBefore.mtimeMs);
    assert.equal((await fs.stat(javaJar)).mtimeMs, jarBefore.mtimeMs);
    assert.ok(Date.now() - started < 5_000, 'a cached client is returned without building');
  });

  it('fails with an error saying what is missing and how to fix it when the toolchain is not on PATH', async () => {
    const cache = await fs.mkdtemp(path.join(os.tmpdir(), 'otsync-conformance-cache-'));
    const savedPath = process.env.PATH;
    process.env.PATH = path.join(cache, 'no-such-bin');
    try {
      await assert.rejects(ensureGoClient(cache), (err: unknown) => {
        assert.ok(err instanceof ConformanceBuildError);
        assert.equal(err.client, 'go');
        assert.match(err.message, /the Go toolchain \(`go`\) is not on PATH/);
        assert.match(err.message, /How to fix: install Go/);
        return true;
      });
      await assert.rejects(ensureJavaClient(cache), (err: unknown) => {
        assert.ok(err instanceof ConformanceBuildError);
        assert.equal(err.client, 'java');
        assert.match(err.message, /Maven \(`mvn`\) is not on PATH/);
        assert.match(err.message, /How to fix: install Maven/);
        return true;
      });
    } finally {
      process.env.PATH = savedPath;
      await fs.rm(cache, { recursive: true, force: true });
    }
  });

  it('hashes every source file, so that any edit triggers a rebuild', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'otsync-conformance-hash-'));
    try {
      await fs.mkdir(path.join(dir, 'src'));
      await fs.writeFile(path.join(dir, 'pom.xml'), '<project/>');
      await fs.writeFile(path.join(dir, 'src', 'A.java'), 'class A {}');
      const first = await hashSources(dir);
      assert.equal(await hashSources(dir), first);
      await fs.writeFile(path.join(dir, 'src', 'A.java'), 'class A { }');
      const edited = await hashSources(dir);
      assert.notEqual(edited, first);
      await fs.writeFile(path.join(dir, 'src', 'B.java'), '');
      assert.notEqual(await hashSources(dir), edited);
      // Build output that a stray in-tree `mvn package` leaves behind does not count as source.
      const withB = await hashSources(dir);
      await fs.mkdir(path.join(dir, 'target'));
      await fs.writeFile(path.join(dir, 'target', 'x.jar'), 'x');
      assert.equal(await hashSources(dir), withB);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

for (const client of clients) {
  describe(`${client.name} conformance client CLI`, () => {
    it('prints its usage with every subcommand and variable on `help`, exit 0', async () => {
      const res = await execClient(client.path(), ['help'], {});
      assert.equal(res.exitCode, 0, res.stderr);
      assert.match(res.stdout, new RegExp(`^Usage: ${client.program} <subcommand>`));
      for (const word of [...SUBCOMMANDS, ...ALL_VARS]) assert.ok(res.stdout.includes(word), `usage mentions ${word}`);
    });

    it('prints its usage on stderr and exits 2 without a subcommand or with an unknown one', async () => {
      const none = await execClient(client.path(), [], {});
      assert.equal(none.exitCode, 2);
      assert.match(none.stderr, /Usage: /);
      assert.match(none.stderr, /no subcommand given/);
      const unknown = await execClient(client.path(), ['frobnicate'], {});
      assert.equal(unknown.exitCode, 2);
      assert.match(unknown.stderr, /unknown subcommand "frobnicate"/);
    });

    for (const sub of SUBCOMMANDS) {
      it(`refuses to run ${sub} without the OTS_* variables: exit 2 naming each missing one`, async () => {
        const res = await execClient(client.path(), [sub], {});
        assert.equal(res.exitCode, 2, res.stderr);
        assert.equal(res.stdout, '');
        assert.ok(
          res.stderr.includes(
            `${client.program} ${sub}: error: missing environment variable(s): ${ALL_VARS.join(', ')}`,
          ),
          res.stderr,
        );
      });
    }

    it('names only the variables that are actually missing', async () => {
      const res = await execClient(client.path(), ['rows'], {
        OTS_ENDPOINT: 'http://127.0.0.1:1',
        OTS_INSTANCE: 'i',
        OTS_ACCESS_KEY_ID: 'id',
        OTS_ACCESS_KEY_SECRET: 'secret',
      });
      assert.equal(res.exitCode, 2);
      assert.match(res.stderr, /missing environment variable\(s\): OTS_TABLE \(/);
    });

    it('rejects a malformed optional variable with exit 2', async () => {
      const res = await execClient(client.path(), ['read-stream'], {
        OTS_ENDPOINT: 'http://127.0.0.1:1',
        OTS_INSTANCE: 'i',
        OTS_ACCESS_KEY_ID: 'id',
        OTS_ACCESS_KEY_SECRET: 'secret',
        OTS_TABLE: 't',
        OTS_STREAM_RECORD_LIMIT: '0',
      });
      assert.equal(res.exitCode, 2);
      assert.match(res.stderr, /OTS_STREAM_RECORD_LIMIT must be a positive 32-bit integer/);
    });

    it('runClient turns a failing run into a ConformanceClientRunError carrying exit code and stderr', async () => {
      await assert.rejects(runClient(client.path(), 'write', {}), (err: unknown) => {
        assert.ok(err instanceof ConformanceClientRunError);
        assert.equal(err.exitCode, 2);
        assert.match(err.message, /exited with status 2/);
        assert.match(err.message, /missing environment variable/);
        return true;
      });
    });
  });
}
