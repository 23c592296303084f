import { fileURLToPath } from 'node:url'
import { lineMatching, startChildProcess, type RunningInstance } from '../../dev/supervise'
import type { BenchStack } from './bench-stack'
import { workerNodeFlags } from '../../workers/worker-heap'
import { workflowBundleAhead } from './workflow-bundle'

// The web process and the worker as `npm start` runs them: each its own Node process (api/server.ts,
// workers/main.ts), configured by environment, so a bench measures what a deployment runs.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

export function crmProcessEnv(
  stack: Pick<BenchStack, 'databaseUrl' | 'temporalAddress' | 'namespace' | 'smtp'>,
  settings: { taskQueue: string; port: number },
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(settings.port),
    APP_BASE_URL: `http://127.0.0.1:${settings.port}`,
    DATABASE_URL: stack.databaseUrl,
    SMTP_URL: stack.smtp.url,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    TEMPORAL_NAMESPACE: stack.namespace,
    TEMPORAL_TASK_QUEUE: settings.taskQueue,
    // The worker's sizing knobs pass through, so a run can compare them.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('WORKER_'))),
  }
}

function startCrmProcess(
  name: string,
  entryPoint: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  nodeFlags: string[] = [],
) {
  return startChildProcess({
    command: process.execPath,
    args: [...nodeFlags, '--import', 'tsx', entryPoint],
    cwd: repoRoot,
    env,
    onLine: (line, stream) => {
      if (stream === 'stderr') process.stderr.write(`[${name}] ${line}\n`)
    },
    ready: lineMatching(ready),
  })
}

/** The web process (needs `npm run build` first: it serves the Remix app too). */
export function startWebProcess(env: NodeJS.ProcessEnv): Promise<RunningInstance> {
  return startCrmProcess('web', 'api/server.ts', env, /Web listening/)
}

/** The ingest bench's floor: the same capture behind Node's bare HTTP server (bench/support/bare-http-lead-server.ts). */
export function startBareHttpLeadServer(env: NodeJS.ProcessEnv): Promise<RunningInstance> {
  return startCrmProcess('bare', 'bench/support/bare-http-lead-server.ts', env, /Bare lead server listening/)
}

/** A worker polling `env.TEMPORAL_TASK_QUEUE`, on workflows bundled ahead as `npm start` runs it. */
export function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<RunningInstance> {
  return startCrmProcess(
    'worker',
    'workers/main.ts',
    { WORKFLOW_BUNDLE_PATH: workflowBundleAhead(), ...env },
    /Worker polling/,
    workerNodeFlags,
  )
}
