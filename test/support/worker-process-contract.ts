// What a test and the worker process it starts (worker-process.ts) agree on; importing that file would run it.
export interface WorkerProcessEnvironment {
  TEST_WORKER_TEMPORAL_ADDRESS: string
  TEST_WORKER_NAMESPACE: string
  TEST_WORKER_TASK_QUEUE: string
  TEST_WORKER_DATABASE_URL: string
  TEST_WORKER_SMTP_URL: string
  /** A JSON file holding `bundleWorkflowCode`'s output, so each restarted worker skips the bundling. */
  TEST_WORKER_BUNDLE_FILE: string
}

/** The line the worker prints once it is polling. */
export const workerReadyLine = 'test-worker-polling'

/**
 * What the worker prints the moment its SMTP client has the server's `250` for a message, before the activity
 * heartbeats the acceptance: `<prefix> <recipient> <epoch ms>`. Written synchronously, so a SIGKILL after it cannot
 * lose it.
 */
export const workerAcceptedPrefix = 'test-worker-accepted'
