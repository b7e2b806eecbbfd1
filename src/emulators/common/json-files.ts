/**
 * Small file helpers the local servers' stores share: crash-safe JSON writes (the commit points of OSS objects and
 * MaxCompute partitions), tolerant reads of crash leftovers, listings of folders that may not exist yet.
 */
import fs from 'node:fs/promises';

/** Writes JSON so that readers see the old file or the whole new one, never a torn one (temp file, fsync, rename). */
export async function writeJsonAtomic(layout: { tmpFile(): string }, file: string, value: unknown): Promise<void> {
  const tmp = layout.tmpFile();
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.writeFile(JSON.stringify(value));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Parsed JSON of a file, or undefined when it is missing or unreadable (a leftover of a crash). */
export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Directory entries, or [] when the directory does not exist. */
export async function listDir(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
