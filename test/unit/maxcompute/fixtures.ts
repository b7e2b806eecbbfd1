// The §5.5 worked example of spec maxcompute-tunnel.md, shared by the record stream tests.
import type { TunnelColumn, TunnelValue } from '../../../src/maxcompute';

export const EXAMPLE_COLUMNS: TunnelColumn[] = [
  { name: 'id', type: 'bigint' },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'double' },
  { name: 'ok', type: 'boolean' },
  { name: 'ts', type: 'datetime' },
  { name: 'amount', type: 'decimal(10,2)' },
  { name: 'note', type: 'string' },
  { name: 'd', type: 'date' },
  { name: 't', type: 'timestamp' },
  { name: 'i', type: 'int' },
];

export const EXAMPLE_RECORD_1: TunnelValue[] = [
  1n,
  'abc',
  1.5,
  true,
  1700000000000n,
  '12.34',
  null,
  19675n,
  { seconds: 1700000000n, nanos: 123456789 },
  -2n,
];
export const EXAMPLE_RECORD_2: TunnelValue[] = [-1n, ''];

export const EXAMPLE_HEX =
  '0802120361626319000000000000f83f20012880a0abfef962320531322e333440b6b3024a80c49fd50caab4de75500380c0ff7f83a3989609' +
  '0801120080c0ff7fc2e6cec20af0ffff7f04f8ffff7f8ab4adab04';

/** A record padded with nulls to the schema width, as the decoder returns it. */
export function padded(values: readonly TunnelValue[], width: number): TunnelValue[] {
  return [...values, ...new Array<TunnelValue>(width - values.length).fill(null)];
}
