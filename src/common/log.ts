import pino from 'pino';

/**
 * The process-wide structured logger: one plain sentence plus structured fields, written to stderr so that
 * command output on stdout stays machine-readable. Level from `OTSYNC_LOG_LEVEL` (default `info`).
 *
 * Paths that could hold credentials are redacted at the logger so a careless call site cannot leak them.
 */
export const log = pino(
  {
    level: process.env.OTSYNC_LOG_LEVEL ?? 'info',
    base: undefined,
    redact: {
      paths: [
        'accessKeySecret',
        'accessKey',
        'password',
        'secret',
        '*.accessKeySecret',
        '*.accessKey',
        '*.password',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
);
