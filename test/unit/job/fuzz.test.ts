import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JobScriptError } from '../../../src/job/errors';
import { compileJobPlan } from '../../../src/job/plan';
import { runCli } from '../../helpers/cli';
import { dataxScript, READER, WRITERS } from './job-builder';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'jobs');
const SEEDS = readdirSync(FIXTURES)
  .filter((f) => f.startsWith('seed-'))
  .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8'));
const TEMPLATES = [...SEEDS, dataxScript(READER, WRITERS.oss), dataxScript(READER, WRITERS.maxcompute)];
const NOISE = fc.constantFrom(
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '#',
  '//',
  '/*',
  '*/',
  '\\',
  '\n',
  '${',
  '$[',
  ']',
  'null',
  '1e999',
  '-',
  '\u0000',
  '\uFEFF',
  '"__proto__"',
  '💥',
);

/** A malformed script: a seed or generated script cut, spliced, duplicated or sprinkled with JSON punctuation. */
const malformed = fc
  .tuple(
    fc.constantFrom(...TEMPLATES),
    fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.oneof(NOISE, fc.string({ maxLength: 6 }))), {
      minLength: 1,
      maxLength: 4,
    }),
    fc.nat(3),
  )
  .map(([text, edits, kind]) => {
    let out = text;
    for (const [at, len, insert] of edits) {
      const i = at % (out.length + 1);
      if (kind === 0) out = out.slice(0, i) + insert + out.slice(i + len);
      else if (kind === 1) out = out.slice(0, i) + out.slice(i + len);
      else if (kind === 2) out = out.slice(0, i) + out.slice(i, i + len).repeat(2) + out.slice(i + len);
      else out = out.slice(0, i);
    }
    return out;
  });

/** Well-formed JSON whose values are random: wrong types in every key otsync reads. */
const wrongTypes = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom(...Object.keys(READER), 'date', 'maxRetries', 'column', 'timezone'),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('elasticsearch', 'oss', 'maxcompute'),
  )
  .map(([reader, setting, sink]) => dataxScript({ ...READER, ...reader }, WRITERS[sink], { speed: setting }));

function check(text: string): void {
  try {
    compileJobPlan(text, {
      parameters: { startTime: '20240315095500' },
      nominalTime: '20240315100500',
      now: new Date('2024-03-15T03:00:00Z'),
    });
  } catch (err) {
    assert.ok(err instanceof JobScriptError, `unexpected ${String(err)}`);
    assert.ok(err.issues.length > 0 && err.issues.every((i) => typeof i.message === 'string' && i.message.length > 0));
  }
}

describe('fuzz: malformed scripts never crash or hang', () => {
  it('7,000 malformed texts and 3,000 wrongly typed scripts in-process: always a plan or a JobScriptError', () => {
    const started = Date.now();
    fc.assert(
      fc.property(malformed, (t) => check(t)),
      { numRuns: 7000, seed: 4242 },
    );
    fc.assert(
      fc.property(wrongTypes, (t) => check(t)),
      { numRuns: 3000, seed: 4343 },
    );
    assert.ok(Date.now() - started < 60_000, 'fuzzing took too long');
  });

  it('through the real CLI: exit 2 with a message, never a stack trace', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'otsync-fuzz-'));
    const samples = fc.sample(malformed, { numRuns: 12, seed: 99 });
    await Promise.all(
      samples.map(async (text, i) => {
        const file = path.join(dir, `job-${i}.json`);
        writeFileSync(file, text);
        const r = await runCli(['validate', file, '--at', '20240315100500', '--json'], {
          OTSYNC_DATASOURCES: path.join(FIXTURES, 'datasources.json'),
        });
        const out = JSON.parse(r.stdout) as { valid: boolean; errors: { message: string }[] };
        assert.equal(r.code, out.valid ? 0 : 2, r.stderr);
        if (!out.valid) assert.ok(out.errors.length > 0 && out.errors.every((e) => e.message.length > 0));
        assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/);
      }),
    );
  });
});
