import type { IssueCollector, JsonPath } from './issues';

/** The three script layouts otsync accepts (job-format.md §1). */
export type JobLayout = 'datax' | 'dataworks-1.0' | 'dataworks-2.0';

/** A reader or writer block, wherever the layout keeps it. */
export interface PluginBlock {
  /** The plugin name as written (`otsstreamreader`, `otsstream`, …). */
  readonly name: string;
  readonly namePath: JsonPath;
  /** DataWorks 2.0 step label (`Reader`). */
  readonly stepName?: string;
  readonly parameter: Record<string, unknown>;
  readonly parameterPath: JsonPath;
}

/** One form for all layouts: what `compileJobPlan` works on. */
export interface NormalizedJob {
  readonly layout: JobLayout;
  readonly reader: PluginBlock;
  readonly writer: PluginBlock;
  readonly setting: Record<string, unknown>;
  readonly settingPath: JsonPath;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function warnUnknown(
  obj: Json,
  known: readonly string[],
  path: JsonPath,
  issues: IssueCollector,
  reason: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) issues.warn([...path, key], `"${key}" is ignored: ${reason}`);
  }
}

function objectAt(
  parent: Json,
  key: string,
  path: JsonPath,
  issues: IssueCollector,
  required: boolean,
): Json | undefined {
  const v = parent[key];
  if (v === undefined && !required) return undefined;
  if (!isObject(v)) {
    issues.error([...path, key], v === undefined ? 'is required' : 'must be an object');
    return undefined;
  }
  return v;
}

function block(
  obj: Json,
  nameKey: string,
  path: JsonPath,
  issues: IssueCollector,
  role: string,
): PluginBlock | undefined {
  const name = obj[nameKey];
  if (typeof name !== 'string' || name.trim() === '') {
    issues.error(
      [...path, nameKey],
      `the ${role} plugin name is ${name === undefined ? 'missing' : 'not a non-empty string'}`,
    );
  }
  const parameter = obj.parameter === undefined ? {} : obj.parameter;
  if (!isObject(parameter)) issues.error([...path, 'parameter'], 'must be an object');
  if (typeof name !== 'string' || name.trim() === '' || !isObject(parameter)) return undefined;
  return { name, namePath: [...path, nameKey], parameter, parameterPath: [...path, 'parameter'] };
}

function settingOf(parent: Json, path: JsonPath, issues: IssueCollector): Json {
  return objectAt(parent, 'setting', path, issues, false) ?? {};
}

function datax(root: Json, issues: IssueCollector): NormalizedJob | undefined {
  warnUnknown(root, ['job', 'core', 'common', 'entry'], [], issues, 'not a DataX job key');
  for (const k of ['core', 'common', 'entry'] as const) {
    if (k in root) issues.warn([k], `DataX "${k}" overrides have no effect in otsync`);
  }
  const job = objectAt(root, 'job', [], issues, true);
  if (!job) return undefined;
  warnUnknown(job, ['setting', 'content'], ['job'], issues, 'a DataX job has only setting and content');
  const content = job.content;
  if (!Array.isArray(content) || content.length === 0) {
    issues.error(['job', 'content'], Array.isArray(content) ? 'is empty' : 'must be an array of {reader, writer}');
    return undefined;
  }
  if (content.length > 1)
    issues.warn(['job', 'content'], `DataX runs only content[0]; the other ${content.length - 1} entries are ignored`);
  const first = content[0];
  if (!isObject(first)) return void issues.error(['job', 'content', 0], 'must be an object with reader and writer');
  const at = ['job', 'content', 0];
  if ('transformer' in first) {
    issues.error(
      [...at, 'transformer'],
      'DataX transformers are not supported by otsync',
      'remove the transformer list',
    );
  }
  warnUnknown(first, ['reader', 'writer', 'transformer'], at, issues, 'not part of a DataX content entry');
  const r = objectAt(first, 'reader', at, issues, true);
  const w = objectAt(first, 'writer', at, issues, true);
  const reader = r && block(r, 'name', [...at, 'reader'], issues, 'reader');
  const writer = w && block(w, 'name', [...at, 'writer'], issues, 'writer');
  const setting = settingOf(job, ['job'], issues);
  if (r) warnUnknown(r, ['name', 'parameter'], [...at, 'reader'], issues, 'a reader has only name and parameter');
  if (w) warnUnknown(w, ['name', 'parameter'], [...at, 'writer'], issues, 'a writer has only name and parameter');
  return reader && writer ? { layout: 'datax', reader, writer, setting, settingPath: ['job', 'setting'] } : undefined;
}

function dataworks1(root: Json, issues: IssueCollector): NormalizedJob | undefined {
  const conf = objectAt(root, 'configuration', [], issues, true);
  if (!conf) return undefined;
  warnUnknown(
    conf,
    ['reader', 'writer', 'setting'],
    ['configuration'],
    issues,
    'not a DataWorks 1.0 configuration key',
  );
  const r = objectAt(conf, 'reader', ['configuration'], issues, true);
  const w = objectAt(conf, 'writer', ['configuration'], issues, true);
  const reader = r && block(r, 'plugin', ['configuration', 'reader'], issues, 'reader');
  const writer = w && block(w, 'plugin', ['configuration', 'writer'], issues, 'writer');
  if (r)
    warnUnknown(
      r,
      ['plugin', 'parameter'],
      ['configuration', 'reader'],
      issues,
      'a reader has only plugin and parameter',
    );
  if (w)
    warnUnknown(
      w,
      ['plugin', 'parameter'],
      ['configuration', 'writer'],
      issues,
      'a writer has only plugin and parameter',
    );
  const setting = settingOf(conf, ['configuration'], issues);
  return reader && writer
    ? { layout: 'dataworks-1.0', reader, writer, setting, settingPath: ['configuration', 'setting'] }
    : undefined;
}

function dataworks2(root: Json, issues: IssueCollector): NormalizedJob | undefined {
  const steps = root.steps;
  if (!Array.isArray(steps)) return void issues.error(['steps'], 'must be an array of steps');
  const found: Record<'reader' | 'writer', PluginBlock[]> = { reader: [], writer: [] };
  const ignored = new Set<string>();
  const names = new Set<string>();
  steps.forEach((step, i) => {
    const at = ['steps', i];
    if (!isObject(step)) return void issues.error(at, 'each step must be an object');
    const category = typeof step.category === 'string' ? step.category.trim().toLowerCase() : '';
    const label = typeof step.name === 'string' ? step.name : '';
    if (label && names.has(label)) issues.error([...at, 'name'], `step name "${label}" is used twice`);
    names.add(label);
    if (category !== 'reader' && category !== 'writer') {
      const param = step.parameter;
      if (isObject(param) && Object.keys(param).length === 0) {
        issues.warn(at, `the ${category || 'uncategorised'} step "${label}" has no parameters and is ignored`);
        ignored.add(label);
      } else {
        issues.error(
          [...at, 'category'],
          `step category "${String(step.category)}" is not supported`,
          'a job has one reader step and one writer step',
        );
      }
      return;
    }
    warnUnknown(step, ['stepType', 'parameter', 'name', 'category'], at, issues, 'not a DataWorks step key');
    const b = block(step, 'stepType', at, issues, category);
    if (b) found[category].push(label ? { ...b, stepName: label } : b);
  });
  for (const role of ['reader', 'writer'] as const) {
    if (found[role].length !== 1) {
      issues.error(['steps'], `a job needs exactly one ${role} step; found ${found[role].length}`);
    }
  }
  const [reader] = found.reader;
  const [writer] = found.writer;
  checkHops(root, reader?.stepName, writer?.stepName, ignored, issues);
  const setting = settingOf(root, [], issues);
  return reader && writer && found.reader.length === 1 && found.writer.length === 1
    ? { layout: 'dataworks-2.0', reader, writer, setting, settingPath: ['setting'] }
    : undefined;
}

/** `order.hops` must lead from the reader step to the writer step, directly or through ignored empty steps. */
function checkHops(
  root: Json,
  from: string | undefined,
  to: string | undefined,
  ignored: Set<string>,
  issues: IssueCollector,
): void {
  if (root.order === undefined)
    return void issues.warn(['order'], 'order.hops is missing; the reader step feeds the writer step');
  const hops = isObject(root.order) ? root.order.hops : undefined;
  if (!Array.isArray(hops)) return void issues.error(['order', 'hops'], 'must be an array of {"from", "to"}');
  const edges = new Map<string, string[]>();
  hops.forEach((hop, i) => {
    if (!isObject(hop) || typeof hop.from !== 'string' || typeof hop.to !== 'string') {
      return void issues.error(['order', 'hops', i], 'each hop is {"from": "<step name>", "to": "<step name>"}');
    }
    edges.set(hop.from, [...(edges.get(hop.from) ?? []), hop.to]);
  });
  if (from === undefined || to === undefined) return;
  const seen = new Set<string>();
  const reach = (at: string): boolean =>
    (edges.get(at) ?? []).some(
      (next) => next === to || (ignored.has(next) && !seen.has(next) && seen.add(next) && reach(next)),
    );
  if (!reach(from))
    issues.error(
      ['order', 'hops'],
      `no hop leads from step "${from}" to step "${to}"`,
      `add {"from": "${from}", "to": "${to}"}`,
    );
}

/**
 * Recognises the layout and returns the reader, writer and setting blocks with their JSON paths. Reports a wrong
 * `type`/`version`, missing or extra blocks, transformers and a broken `order.hops` as errors; keys that mean
 * nothing to otsync as warnings.
 */
export function normalizeEnvelope(root: unknown, issues: IssueCollector): NormalizedJob | undefined {
  if (!isObject(root)) return void issues.error([], 'a job script must be a JSON object');
  if ('job' in root) return datax(root, issues);
  const version = root.version === undefined ? undefined : String(root.version).trim();
  const layout = 'steps' in root ? '2.0' : 'configuration' in root ? '1.0' : undefined;
  if (!layout) {
    return void issues.error(
      [],
      'not a job script: expected "job" (DataX), "configuration" (DataWorks 1.0) or "steps" (DataWorks 2.0)',
    );
  }
  if (root.type === undefined) issues.warn(['type'], 'DataWorks scripts carry "type": "job"');
  else if (root.type !== 'job') issues.error(['type'], `must be "job" (found "${String(root.type)}")`);
  if (version === undefined)
    issues.warn(['version'], `"version" is missing; read as ${layout} from the script's shape`);
  else if (version !== layout)
    issues.error(
      ['version'],
      `version "${version}" does not match the ${layout === '2.0' ? 'steps' : 'configuration'} layout (version ${layout})`,
    );
  const known =
    layout === '2.0' ? ['type', 'version', 'steps', 'order', 'setting'] : ['type', 'version', 'configuration'];
  warnUnknown(root, known, [], issues, `not a DataWorks ${layout} key`);
  return layout === '2.0' ? dataworks2(root, issues) : dataworks1(root, issues);
}
