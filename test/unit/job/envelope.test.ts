import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, lines, READER, WRITERS } from './job-builder';

const reader = READER;
const writer = WRITERS.elasticsearch.parameter;
const dw1 = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'job',
    version: '1.0',
    configuration: {
      setting: { speed: { concurrent: 1 } },
      reader: { plugin: 'otsstream', parameter: reader },
      writer: { plugin: 'elasticsearch', parameter: writer },
    },
    ...over,
  });
const steps = [
  { stepType: 'otsstream', category: 'Reader', name: 'Reader', parameter: reader },
  { stepType: 'elasticsearchwriter', category: 'writer', name: 'Writer', parameter: writer },
];
const dw2 = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    order: { hops: [{ from: 'Reader', to: 'Writer' }] },
    setting: { speed: { concurrent: 1 } },
    type: 'job',
    version: '2.0',
    steps,
    ...over,
  });
const datax = (content: unknown[]) => JSON.stringify({ job: { setting: { speed: { channel: 1 } }, content } });
const pair = {
  reader: { name: 'otsstreamreader', parameter: reader },
  writer: { name: 'elasticsearchwriter', parameter: writer },
};

describe('envelope: three layouts, one plan', () => {
  it('DataX, DataWorks 1.0 and 2.0 compile to the same source, sink and setting', () => {
    const plans = [datax([pair]), dw1(), dw2()].map((t) => compile(t).plan);
    assert.deepEqual(
      plans.map((p) => p?.layout),
      ['datax', 'dataworks-1.0', 'dataworks-2.0'],
    );
    const strip = (p: (typeof plans)[number]) => ({
      source: p?.source.config,
      sink: p?.sink.config,
      setting: p?.setting,
      ids: [p?.source.plugin, p?.sink.plugin],
    });
    assert.deepEqual(strip(plans[1]), strip(plans[0]));
    assert.deepEqual(strip(plans[2]), strip(plans[0]));
  });
  const errors: [string, string, string][] = [
    ['not an object', '[1]', ': a job script must be a JSON object'],
    [
      'unknown shape',
      '{"foo": 1}',
      ': not a job script: expected "job" (DataX), "configuration" (DataWorks 1.0) or "steps" (DataWorks 2.0)',
    ],
    ['DataX content not an array', '{"job": {"content": {}}}', 'job.content: must be an array of {reader, writer}'],
    [
      'DataX transformer',
      datax([{ ...pair, transformer: [{ name: 'dx_substr' }] }]),
      'job.content[0].transformer: DataX transformers are not supported by otsync',
    ],
    ['wrong type', dw1({ type: 'workflow' }), 'type: must be "job" (found "workflow")'],
    [
      'version mismatch',
      dw1({ version: '2.0' }),
      'version: version "2.0" does not match the configuration layout (version 1.0)',
    ],
    [
      'two readers',
      dw2({ steps: [steps[0], { ...steps[0], name: 'R2' }, steps[1]] }),
      'steps: a job needs exactly one reader step; found 2',
    ],
    [
      'hop to nowhere',
      dw2({ order: { hops: [{ from: 'Reader', to: 'Elsewhere' }] } }),
      'order.hops: no hop leads from step "Reader" to step "Writer"',
    ],
    [
      'unsupported reader',
      datax([{ ...pair, reader: { name: 'mysqlreader', parameter: {} } }]),
      'job.content[0].reader.name: reader plugin "mysqlreader" is not supported',
    ],
    [
      'writer used as reader',
      datax([{ ...pair, reader: { name: 'osswriter', parameter: {} } }]),
      'job.content[0].reader.name: reader plugin "osswriter" is not supported as a reader',
    ],
    [
      'processor with parameters',
      dw2({ steps: [...steps, { category: 'processor', name: 'P', parameter: { x: 1 } }] }),
      'steps[2].category: step category "processor" is not supported',
    ],
  ];
  for (const [name, text, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(lines(compile(text).errors).includes(expected), lines(compile(text).errors).join('\n')));
  }
  it('warns on content beyond the first, a missing order, DataX core overrides and unknown top-level keys', () => {
    assert.match(lines(compile(datax([pair, pair])).warnings).join('\n'), /DataX runs only content\[0\]/);
    assert.match(lines(compile(dw2({ order: undefined })).warnings).join('\n'), /order: order.hops is missing/);
    assert.match(
      lines(compile(JSON.stringify({ ...JSON.parse(datax([pair])), core: { transport: {} } })).warnings).join('\n'),
      /core: DataX "core" overrides have no effect/,
    );
    assert.match(lines(compile(dw1({ extend: {} })).warnings).join('\n'), /extend: "extend" is ignored/);
  });
  it('accepts both plugin spellings in every layout', () => {
    const swapped = JSON.stringify({
      job: {
        content: [
          { reader: { name: 'otsstream', parameter: reader }, writer: { name: 'elasticsearch', parameter: writer } },
        ],
      },
    });
    assert.ok(compile(swapped).plan);
  });
});
