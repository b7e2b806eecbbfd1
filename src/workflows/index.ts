/**
 * Workflows: deterministic code only, bundled by the Temporal SDK into its sandbox. Lint bans Node built-ins, I/O
 * modules and the emulators here; activities are imported as types only.
 *
 * @example
 *   await createWorker({ workflowsPath: require.resolve('./workflows') });
 *
 * `syncJobWorkflow` (read → write → checkpoint per window) arrives with the sync pipeline.
 */
export {};
