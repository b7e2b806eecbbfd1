/**
 * Workflows: deterministic code only, bundled by the Temporal SDK into its sandbox. Lint bans Node built-ins, I/O
 * modules and the emulators here; activities are imported as types only.
 *
 * @example
 *   await client.workflow.start(syncJobWorkflow, { taskQueue: 'otsync', workflowId, args: [input] });
 */
export { syncJobWorkflow } from './sync-job';
