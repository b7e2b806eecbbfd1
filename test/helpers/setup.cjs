'use strict';
/*
 * Loaded into every test process before the tests (`--import`): Temporal's runtime logs at WARN, so test output
 * shows failures rather than worker chatter. Runtime.install must run before anything creates the runtime.
 * Plain JavaScript, because Node also passes `--import` to the SDK's workflow worker threads, where no TypeScript
 * loader runs; and only in the main thread, where the runtime lives.
 */
const { isMainThread } = require('node:worker_threads');

if (isMainThread) {
  const { DefaultLogger, Runtime } = require('@temporalio/worker');
  Runtime.install({ logger: new DefaultLogger(process.env.TEMPORAL_LOG_LEVEL || 'WARN') });
}
