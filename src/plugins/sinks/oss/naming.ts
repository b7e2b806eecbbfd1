/**
 * Object names of the OSS sink (writers.md §2.3). DataX names each task's object `<object>__<random uuid>` — a rerun
 * of the same window writes a second copy. otsync names objects deterministically from the job, the window and the
 * shard instead, so rerunning a window (a retry, a crash, a manual rerun) replaces exactly its own objects:
 *
 * - `window` (default): `<object>__<start>-<end>_<shard>[_<partition values>][_<k>]<suffix>`, times in UTC
 *   (`20240315T021000Z`), `<shard>` an 8-hex tag of the Tablestore shard id; readable, sorts by time, and the
 *   objects of one window share the prefix `<object>__<start>-`, which is how a rerun finds leftovers of an
 *   earlier attempt (e.g. a roll that no longer happens).
 * - `datax`: DataX's own shape `<object>__<32 hex>[_<partition values>][_<k>]<suffix>` for consumers that parse
 *   it; the 32 hex digits are an MD5 of job, window and shard instead of a random UUID, so it is idempotent too.
 */
import { createHash } from 'node:crypto';
import type { SyncWindow } from '../../types';

export type ObjectNaming = 'window' | 'datax';

export interface ObjectNameParts {
  readonly object: string;
  readonly naming: ObjectNaming;
  readonly jobId: string;
  readonly window: SyncWindow;
  /** Tablestore shard id, or '' for the single object of an empty window. */
  readonly shardId: string;
  /** DataX `partition`: values of the record that opens the object, already concatenated. */
  readonly partitionValues?: string;
  /** 0 for the first object of the shard, k for the k-th rolled one. */
  readonly roll: number;
  /** With its leading dot, or ''. */
  readonly suffix: string;
}

/** `20240315T021000Z`, with milliseconds (`…000.123Z`) only when the boundary has them (off-grid DataX resumes). */
export function utcStamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-03-15T02:10:00.000Z
  const base = iso.slice(0, 19).replace(/[-:]/g, '');
  return ms % 1000 === 0 ? `${base}Z` : `${base}.${iso.slice(20, 23)}Z`;
}

function shardTag(shardId: string): string {
  return shardId === '' ? 'empty' : createHash('sha256').update(shardId).digest('hex').slice(0, 8);
}

/** The prefix every object of the window shares under `window` naming. */
export function windowPrefix(object: string, window: SyncWindow): string {
  return `${object}__${utcStamp(window.startMs)}-`;
}

export function objectName(p: ObjectNameParts): string {
  const partition = p.partitionValues ? `_${p.partitionValues}` : '';
  const roll = p.roll > 0 ? `_${p.roll}` : '';
  if (p.naming === 'datax') {
    const id = createHash('md5')
      .update([p.jobId, p.window.startMs, p.window.endMs, p.shardId].join('\u0000'))
      .digest('hex');
    return `${p.object}__${id}${partition}${roll}${p.suffix}`;
  }
  return `${windowPrefix(p.object, p.window)}${utcStamp(p.window.endMs)}_${shardTag(p.shardId)}${partition}${roll}${p.suffix}`;
}

/**
 * DataX `partition` naming (writers.md §2.3): the string values of the record's last column, then the
 * second-to-last, … — one per `partition` entry, concatenated without a separator.
 */
export function partitionValues(texts: readonly string[], count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count && i < texts.length; i++) out.push(texts[texts.length - 1 - i]!);
  return out.join('');
}
