/**
 * The staged-record line format: one compact JSON array per record, with the types JSON lacks tagged, so INTEGER
 * values stay 64-bit exact and BINARY values survive. Hand-written (not a JSON replacer) because Buffers serialise
 * through `toJSON` before a replacer sees them, and because this runs once per record on the hot path.
 */
import type { KeyColumn, LineValue, SourceRecord } from '../plugins/types';

type Encoded = null | string | number | boolean | { n: string } | { b: string } | { d: number | string };

function encodeValue(v: LineValue | KeyColumn['value']): Encoded {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return { n: v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) ? v : { d: String(v) };
  return { b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
}

function decodeValue(e: Encoded): LineValue {
  if (e === null || typeof e !== 'object') return e;
  if ('n' in e) return BigInt(e.n);
  if ('b' in e) return Buffer.from(e.b, 'base64');
  return Number(e.d);
}

const ACTIONS = { P: 'PUT', U: 'UPDATE', D: 'DELETE' } as const;

export function encodeRecord(r: SourceRecord): string {
  const { action, primaryKey, sequence, touched } = r.change;
  return JSON.stringify([
    r.columns.map(encodeValue),
    r.dataxEmits ? 1 : 0,
    action[0],
    primaryKey.map((k) => [k.name, encodeValue(k.value)]),
    [sequence.epoch, sequence.timestampUs.toString(), sequence.rowIndex, sequence.shardId],
    touched === undefined ? null : touched.map((t) => (t ? 1 : 0)).join(''),
  ]);
}

export function decodeRecord(line: string): SourceRecord {
  const [columns, emits, action, pk, seq, touched] = JSON.parse(line) as [
    Encoded[],
    0 | 1,
    keyof typeof ACTIONS,
    [string, Encoded][],
    [number, string, number, string],
    string | null,
  ];
  return {
    columns: columns.map(decodeValue),
    dataxEmits: emits === 1,
    change: {
      action: ACTIONS[action],
      primaryKey: pk.map(([name, value]) => ({ name, value: decodeValue(value) as KeyColumn['value'] })),
      sequence: { epoch: seq[0], timestampUs: BigInt(seq[1]), rowIndex: seq[2], shardId: seq[3] },
      ...(touched === null ? {} : { touched: [...touched].map((c) => c === '1') }),
    },
  };
}
