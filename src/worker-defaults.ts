/** The task queue otsync's workflows and activities run on unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'otsync';
