/**
 * Activities: every piece of I/O otsync does (reading the stream, writing sinks, saving checkpoints). They are
 * built by `createActivities(deps)` so that tests can inject clients, following the dependency-injection pattern.
 *
 * @example
 *   const worker = await Worker.create({ ..., activities: createActivities() });
 *
 * The read, write and checkpoint activities arrive with the sync pipeline; until then the set is empty.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- grows with the pipeline
export interface ActivityDeps {}

export function createActivities(_deps: ActivityDeps = {}): Record<string, (...args: never[]) => Promise<unknown>> {
  return {};
}
