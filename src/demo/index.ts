/**
 * The main job: the Tablestore → Elasticsearch demo that `npm start` (`otsync demo`) runs on the local stack.
 * Production code: it talks to the stack's Tablestore server over HTTP with the production client, never to the
 * emulator in-process.
 *
 * @example
 *   const config = resolveStackConfig();
 *   await stackUp(config);
 *   const { comparison } = await runDemo(config, { name: 'demo', intervalMs: 10_000, lagMs: 2_000,
 *     ratePerSecond: 50, taskQueue: 'otsync-demo', durationMs: 20_000 });
 */
export { DEMO_NAME_PATTERN, runDemo, type DemoOptions, type DemoResult } from './run-demo';
export { demoJobScript } from './job-script';
