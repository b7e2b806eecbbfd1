/**
 * `writeMode` before a window is written (writers.md §2.2, DataX Job.prepare), applied once per window — one
 * window is what one DataWorks run writes:
 *
 * - `truncate`: every object whose name starts with `object` (a pure prefix match) is deleted; with
 *   `writeSingleObject`, the object named exactly `object`. With a prefix shared by every 5-minute run this deletes
 *   the earlier runs' files — DataX's behaviour, which validation warns about.
 * - `append`: nothing; every window writes new objects.
 * - `nonConflict`: fails when an object under the prefix exists — except this window's own objects left by an
 *   earlier attempt (`window` naming can tell them apart), so a retried window does not conflict with itself.
 */
import type { SyncWindow } from '../../types';
import type { OssClient } from './client';
import { OssConfigError } from './errors';
import { type ObjectNaming, windowPrefix } from './naming';

export interface WriteModeInput {
  readonly mode: 'truncate' | 'append' | 'nonConflict';
  readonly object: string;
  readonly single: boolean;
  readonly naming: ObjectNaming;
  readonly window: SyncWindow;
}

export async function applyWriteMode(client: OssClient, input: WriteModeInput): Promise<void> {
  const { mode, object, single } = input;
  if (mode === 'append') return;
  if (single) {
    const exists = await listNames(client, object, (n) => n === object);
    if (exists.length === 0) return;
    if (mode === 'truncate') await client.deleteMany(exists);
    else throw conflict(object, exists, true);
    return;
  }
  if (mode === 'truncate') {
    // Listed to the end before deleting, then listed again until nothing is left (DataX repeats the listing too).
    for (;;) {
      const names = await listNames(client, object, () => true);
      if (names.length === 0) return;
      await client.deleteMany(names);
    }
  }
  const own = input.naming === 'window' ? windowPrefix(object, input.window) : undefined;
  const others = await listNames(client, object, (n) => own === undefined || !n.startsWith(own), 5);
  if (others.length > 0) throw conflict(object, others, false);
}

async function listNames(
  client: OssClient,
  prefix: string,
  keep: (name: string) => boolean,
  limit = Infinity,
): Promise<string[]> {
  const out: string[] = [];
  for await (const page of client.list(prefix)) {
    for (const o of page) if (keep(o.name) && out.length < limit) out.push(o.name);
    if (out.length >= limit) break;
  }
  return out;
}

function conflict(object: string, names: readonly string[], single: boolean): OssConfigError {
  return new OssConfigError(
    `writeMode nonConflict: ${single ? `the object "${object}" exists` : `objects under the prefix "${object}" exist`}` +
      ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`,
    { hint: 'use writeMode "append", put the window start in "object", or remove those objects' },
  );
}
