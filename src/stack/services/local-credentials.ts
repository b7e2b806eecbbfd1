import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The AccessKey pair a stack's local cloud stand-in (Tablestore, OSS) accepts. */
export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/**
 * Reads a local service's AccessKey pair from `file`, generating it on first use: local only, random, kept in a
 * 0600 file beside the service's data, and handed to the service through its environment (never a command line).
 */
export function readOrCreateLocalCredentials(file: string): LocalCredentials {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalCredentials;
  } catch {
    const credentials = {
      accessKeyId: `LTAI${randomBytes(8).toString('hex')}`,
      accessKeySecret: randomBytes(15).toString('base64url'),
    };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
    return credentials;
  }
}
