#!/usr/bin/env node
'use strict';
/*
 * Entry point of the README's commands (`npm start`, `npm test`). Uses only Node built-ins, because it runs before
 * the dependencies exist: it installs them from the lockfile when node_modules is missing or stale, then hands over
 * to the otsync CLI or to the test runner. Everything else (the Python venv, the Maven download) is installed on
 * first use by the stack code itself.
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`error: otsync needs Node.js 20.19 or newer; this is ${process.versions.node}.\n`);
  process.exit(1);
}

function lockHash() {
  return crypto
    .createHash('sha256')
    .update(fs.readFileSync(path.join(root, 'package-lock.json')))
    .digest('hex');
}

function ensureDependencies() {
  const marker = path.join(root, 'node_modules', '.otsync-lock-hash');
  const wanted = lockHash();
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === wanted) return;
  process.stderr.write('Installing npm dependencies (npm ci)…\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) {
    process.stderr.write('error: npm ci failed; see the output above.\n');
    process.exit(res.status ?? 1);
  }
  fs.writeFileSync(marker, wanted);
}

ensureDependencies();
const [command, ...rest] = process.argv.slice(2);
require('tsx/cjs');
// `test` and `bench` are the project's own commands; everything else goes to the otsync CLI.
const scripts = { test: 'run-tests.ts', bench: 'bench.ts' };
const entry =
  command in scripts
    ? { file: path.join(root, 'scripts', scripts[command]), args: rest }
    : { file: path.join(root, 'src', 'cli', 'main.ts'), args: command === undefined ? [] : [command, ...rest] };
const { main } = require(entry.file);
main(entry.args).then((code) => {
  process.exitCode = code;
});
