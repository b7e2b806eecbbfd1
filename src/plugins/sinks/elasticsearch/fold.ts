/**
 * Folding the changes of one document within a batch into one net change (otsync mode). Changes are applied in
 * log order (epoch, timestamp, row index, then batch position):
 *
 * - DELETE clears the document; PUT replaces it with the record's full row (untouched columns null, as the row
 *   really is after a PutRow);
 * - UPDATE sets only its touched columns: onto the folded document when the batch already holds a PUT, onto an
 *   empty document after a DELETE (an UpdateRow on a missing row creates it), and otherwise into a patch that must
 *   be merged with the stored document.
 *
 * The net change carries the largest external version of its changes and the last change's routing and parent.
 */
import type { ChangeSequence } from '../../types';
import type { JsonValue } from './json';
import { compareSequence } from './versioning';

type Fields = Record<string, JsonValue | undefined>;

/** One change of a document, ready to fold. */
export interface FoldInput {
  readonly id: string;
  readonly routing: string | null;
  readonly parent: string | null;
  readonly sequence: ChangeSequence;
  readonly version: bigint;
  /** Position in the batch: the last tie-breaker. */
  readonly position: number;
  /** `delete`; `full`: the whole row; `patch`: only the touched fields. */
  readonly kind: 'delete' | 'full' | 'patch';
  readonly fields: Fields;
}

/** What a document's changes in one batch amount to. */
export interface NetChange {
  readonly id: string;
  readonly routing: string | null;
  readonly parent: string | null;
  readonly version: bigint;
  /** Records folded into this change (each counts as written, stale or dirty with it). */
  readonly records: number;
  /** `full`: index `fields` as the whole document; `patch`: merge `fields` into the stored document. */
  readonly kind: 'delete' | 'full' | 'patch';
  readonly fields: Fields;
}

/**
 * Folds changes per `_id`; the result keeps the order in which ids first appear.
 * @param fullDocument completes touched fields into a whole row (other fields null), for UPDATE after DELETE.
 */
export function foldChanges(changes: readonly FoldInput[], fullDocument: (fields: Fields) => Fields): NetChange[] {
  const groups = new Map<string, FoldInput[]>();
  for (const c of changes) {
    const g = groups.get(c.id);
    if (g) g.push(c);
    else groups.set(c.id, [c]);
  }
  const out: NetChange[] = [];
  for (const [id, group] of groups) {
    group.sort((a, b) => compareSequence(a.sequence, b.sequence) || a.position - b.position);
    let kind: NetChange['kind'] | undefined;
    let fields: Fields = {};
    let version = 0n;
    for (const c of group) {
      if (c.version > version) version = c.version;
      if (c.kind === 'delete') {
        kind = 'delete';
        fields = {};
      } else if (c.kind === 'full') {
        kind = 'full';
        fields = { ...c.fields };
      } else if (kind === 'delete') {
        kind = 'full';
        fields = fullDocument(c.fields);
      } else {
        kind ??= 'patch';
        fields = { ...fields, ...c.fields };
      }
    }
    const last = group[group.length - 1] as FoldInput;
    out.push({
      id,
      routing: last.routing,
      parent: last.parent,
      version,
      records: group.length,
      kind: kind ?? 'patch',
      fields,
    });
  }
  return out;
}
