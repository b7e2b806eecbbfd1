import path from 'node:path';

/**
 * Where the local stack keeps its tools and its running state, and the ports it uses.
 *
 * Tools (the Python venv with the Temporal CLI, the Elasticsearch distribution) are cached under
 * `<home>/tools` and shared by every stack; the running state (pid files, logs, data) lives under
 * `runDir`, so tests can start a second, isolated stack beside the developer's own.
 */
export interface StackConfig {
  /** Root of everything the stack installs and writes. @default `<project>/.otsync` or `$OTSYNC_HOME` */
  readonly home: string;
  /** Cached installs, shared between stacks. @default `<home>/tools` */
  readonly toolsDir: string;
  /** Pid files, logs and data of this stack. @default `<home>/run` or `$OTSYNC_RUN_DIR` */
  readonly runDir: string;
  /** Loopback address every service binds to. Never anything but loopback: the dev servers are not secured. */
  readonly host: string;
  readonly temporal: { readonly port: number; readonly uiPort: number; readonly namespace: string };
  readonly elasticsearch: { readonly port: number; readonly heap: string };
  /** The local Tablestore server (src/emulators/tablestore), with streams. */
  readonly tablestore: { readonly port: number; readonly instance: string; readonly shards: number };
  /** The local OSS server (src/emulators/oss), with one bucket created at start and the region it reports. */
  readonly oss: { readonly port: number; readonly bucket: string; readonly region: string };
  /**
   * The local MaxCompute server (src/emulators/maxcompute): REST under `/api`, the Tunnel at the root, one project
   * created at start.
   */
  readonly maxcompute: { readonly port: number; readonly project: string };
}

/** Overrides from the command line; anything left out falls back to the environment, then to the defaults. */
export interface StackOverrides {
  home?: string;
  runDir?: string;
  temporalPort?: number;
  temporalUiPort?: number;
  esPort?: number;
  tablestorePort?: number;
  ossPort?: number;
  maxcomputePort?: number;
}

/** The project root: two levels above this file (src/stack/config.ts). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export const DEFAULT_PORTS = {
  temporal: 7233,
  temporalUi: 8233,
  elasticsearch: 9200,
  tablestore: 8801,
  oss: 8802,
  maxcompute: 8803,
} as const;

function envPort(name: string, env: NodeJS.ProcessEnv): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`${name}=${raw} is not a port number (1–65535).`);
  }
  return port;
}

export function resolveStackConfig(overrides: StackOverrides = {}, env = process.env): StackConfig {
  const home = path.resolve(overrides.home ?? env.OTSYNC_HOME ?? path.join(PROJECT_ROOT, '.otsync'));
  const temporalPort = overrides.temporalPort ?? envPort('OTSYNC_TEMPORAL_PORT', env) ?? DEFAULT_PORTS.temporal;
  return {
    home,
    toolsDir: path.join(home, 'tools'),
    runDir: path.resolve(overrides.runDir ?? env.OTSYNC_RUN_DIR ?? path.join(home, 'run')),
    host: '127.0.0.1',
    temporal: {
      port: temporalPort,
      // The dev server's own default is port + 1000; keep that rule when only the gRPC port moves.
      uiPort:
        overrides.temporalUiPort ??
        envPort('OTSYNC_TEMPORAL_UI_PORT', env) ??
        (temporalPort === DEFAULT_PORTS.temporal ? DEFAULT_PORTS.temporalUi : temporalPort + 1000),
      namespace: env.OTSYNC_TEMPORAL_NAMESPACE ?? 'default',
    },
    elasticsearch: {
      port: overrides.esPort ?? envPort('OTSYNC_ES_PORT', env) ?? DEFAULT_PORTS.elasticsearch,
      heap: env.OTSYNC_ES_HEAP ?? '1g',
    },
    tablestore: {
      port: overrides.tablestorePort ?? envPort('OTSYNC_TABLESTORE_PORT', env) ?? DEFAULT_PORTS.tablestore,
      instance: env.OTSYNC_TABLESTORE_INSTANCE ?? 'otsync',
      shards: Number(env.OTSYNC_TABLESTORE_SHARDS ?? 4),
    },
    oss: {
      port: overrides.ossPort ?? envPort('OTSYNC_OSS_PORT', env) ?? DEFAULT_PORTS.oss,
      bucket: env.OTSYNC_OSS_BUCKET ?? 'otsync',
      region: 'oss-cn-hangzhou',
    },
    maxcompute: {
      port: overrides.maxcomputePort ?? envPort('OTSYNC_MAXCOMPUTE_PORT', env) ?? DEFAULT_PORTS.maxcompute,
      project: env.OTSYNC_MAXCOMPUTE_PROJECT ?? 'otsync',
    },
  };
}
