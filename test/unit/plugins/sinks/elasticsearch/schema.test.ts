import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compile, dataxScript, lines, READER, W, WRITERS } from '../../../job/job-builder';

const base = WRITERS.elasticsearch.parameter;
const run = (change: Record<string, unknown>) => {
  const parameter = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, v]) => v !== undefined));
  return compile(dataxScript(READER, { name: 'elasticsearch', parameter }));
};

describe('elasticsearch schema', () => {
  it('applies DataX code defaults', () => {
    const plan = run({}).plan;
    assert.equal(plan?.sink.plugin, 'elasticsearch');
    if (plan?.sink.plugin !== 'elasticsearch') return;
    const c = plan.sink.config;
    assert.deepEqual(
      [
        c.batchSize,
        c.trySize,
        c.tryIntervalMs,
        c.timeoutMs,
        c.splitter,
        c.compression,
        c.enableWriteNull,
        c.ignoreParseError,
        c.cleanup,
        c.indexType,
        c.masterTimeout,
        c.aliasMode,
      ],
      [1024, 30, 60000, 600000, '-,-', true, true, true, false, 'person', '5m', 'append'],
    );
    assert.deepEqual(c.includeSettingKeys, ['number_of_shards', 'number_of_replicas']);
    assert.deepEqual(plan.sink.connection.endpoints, ['http://localhost:9200']);
    assert.deepEqual(plan.sink.connection.credentials, { kind: 'none' });
  });

  it('resolves aliases with DataX precedence: truncate over cleanup, compress over compression, indexType over type', () => {
    const plan = run({
      truncate: false,
      cleanup: true,
      compress: false,
      compression: true,
      type: 't',
      indexType: 'it',
    }).plan;
    if (plan?.sink.plugin !== 'elasticsearch') return assert.fail('no plan');
    assert.equal(plan.sink.config.cleanup, false);
    assert.equal(plan.sink.config.compression, false);
    assert.equal(plan.sink.config.indexType, 'it');
  });

  it('username wins over accessId and both become an inline reference', () => {
    const plan = run({ username: 'u', accessId: 'a', password: 'secret-pw', accessKey: 'other' }).plan;
    assert.deepEqual(plan?.sink.connection.credentials, {
      kind: 'inline',
      id: plan?.scriptId,
      path: W,
      pointer: ['job', 'content', 0, 'writer', 'parameter'],
      keys: { accessId: 'username', accessKey: 'password' },
    });
  });

  const errors: [string, Record<string, unknown>, string][] = [
    ['blank endpoint', { endpoint: '' }, `${W}.endpoint: must not be empty`],
    ['endpoint not a URL', { endpoint: 'localhost:9200' }, `${W}.endpoint: "localhost:9200" is not an http(s) URL`],
    ['no index', { index: undefined }, `${W}.index: is required`],
    ['actionType create', { actionType: 'create' }, `${W}.actionType: unsupported actionType "create"`],
    [
      'update without an id',
      {
        column: [
          { name: 'uid', type: 'keyword' },
          { name: 'name', type: 'text' },
        ],
      },
      `${W}.actionType: update needs a document id: an "id" column or primaryKeyInfo.column`,
    ],
    [
      'column without type',
      { column: [{ name: 'uid', type: 'id' }, { name: 'name' }] },
      `${W}.column[1].type: is required`,
    ],
    [
      'unknown column type',
      {
        column: [
          { name: 'uid', type: 'id' },
          { name: 'name', type: 'varchar' },
        ],
      },
      `${W}.column[1].type: unsupported type "varchar"`,
    ],
    [
      'completion column',
      {
        column: [
          { name: 'uid', type: 'id' },
          { name: 'name', type: 'completion' },
        ],
      },
      `${W}.column[1].type: completion columns cannot be written (DataX marks every record dirty)`,
    ],
    ['no column', { column: undefined }, `${W}.column: is required`],
    [
      'primaryKeyInfo names an unknown column',
      { primaryKeyInfo: { type: 'specific', column: ['nope'] } },
      `${W}.primaryKeyInfo.column[0]: "nope" is not a column name`,
    ],
    [
      'esPartitionColumn names an unknown column',
      { esPartitionColumn: [{ name: 'nope' }] },
      `${W}.esPartitionColumn[0].name: "nope" is not a column name`,
    ],
    ['batchSize zero', { batchSize: 0 }, `${W}.batchSize: must be at least 1`],
    ['bad boolean', { discovery: 'maybe' }, `${W}.discovery: must be true or false`],
  ];
  for (const [name, change, expected] of errors) {
    it(`${name} is an error`, () =>
      assert.ok(lines(run(change).errors).includes(expected), lines(run(change).errors).join('\n')));
  }

  it('warns that cleanup: true destroys the index on every incremental run', () => {
    assert.match(
      lines(run({ cleanup: true }).warnings).join('\n'),
      /cleanup: cleanup deletes and recreates the index at the start of every run/,
    );
  });

  it('"pk" columns are ids; mapping attributes are kept; unknown attributes warn', () => {
    const plan = run({
      column: [
        { name: 'pk', type: 'keyword' },
        { name: 'name', type: 'TEXT', analyzer: 'ik', bogus: 1 },
      ],
    });
    if (plan.plan?.sink.plugin !== 'elasticsearch') return assert.fail('no plan');
    assert.equal(plan.plan.sink.config.columns[0]?.type, 'id');
    assert.deepEqual(plan.plan.sink.config.columns[1]?.mapping, { analyzer: 'ik' });
    assert.ok(lines(plan.warnings).includes(`${W}.column[1].bogus: unknown column attribute "bogus" is ignored`));
  });

  it('keys DataX never reads warn', () => {
    assert.ok(
      lines(run({ versioning: true }).warnings).includes(
        `${W}.versioning: parameter "versioning" has no effect in otsync: the DataX writer never reads it`,
      ),
    );
  });

  it('otsync extensions default on (gcDeletes 7d) and switch back to DataX behaviour', () => {
    const on = run({}).plan;
    if (on?.sink.plugin !== 'elasticsearch') return assert.fail('no plan');
    assert.deepEqual(
      [on.sink.config.externalVersioning, on.sink.config.propagateDeletes, on.sink.config.gcDeletes],
      [true, true, '7d'],
    );
    const off = run({ externalVersioning: 'false', propagateDeletes: false, gcDeletes: '48h' }).plan;
    if (off?.sink.plugin !== 'elasticsearch') return assert.fail('no plan');
    assert.deepEqual(
      [off.sink.config.externalVersioning, off.sink.config.propagateDeletes, off.sink.config.gcDeletes],
      [false, false, '48h'],
    );
  });

  it('a version column turns external versioning off by default and conflicts with it explicitly', () => {
    const column = [
      { name: 'uid', type: 'id' },
      { name: 'name', type: 'version' },
    ];
    const plan = run({ column }).plan;
    if (plan?.sink.plugin !== 'elasticsearch') return assert.fail('no plan');
    assert.equal(plan.sink.config.externalVersioning, false);
    assert.ok(
      lines(run({ column, externalVersioning: true }).errors).includes(
        `${W}.externalVersioning: cannot be combined with a "version" column: both set the document version`,
      ),
    );
  });

  it('gcDeletes must be an Elasticsearch time value of at least 60s', () => {
    assert.ok(
      lines(run({ gcDeletes: 'a week' }).errors).includes(
        `${W}.gcDeletes: "a week" is not an Elasticsearch time value`,
      ),
    );
    assert.ok(
      lines(run({ gcDeletes: '10s' }).errors).includes(
        `${W}.gcDeletes: must be at least 60s, the Elasticsearch default`,
      ),
    );
  });

  it('warns that generated ids cannot be versioned or deleted', () => {
    const out = run({
      actionType: 'index',
      column: [
        { name: 'uid', type: 'keyword' },
        { name: 'name', type: 'text' },
      ],
    });
    assert.match(lines(out.warnings).join('\n'), /external versioning and delete propagation cannot apply/);
  });
});
