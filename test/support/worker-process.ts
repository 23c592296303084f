// A CRM worker in a process of its own, so a fault test can SIGKILL it mid-send as a crash or an OOM kill would.
// Same createCrmWorker and activity dependencies as workers/main.ts; the test passes where everything lives.
import { readFileSync, writeSync } from 'node:fs'
import { NativeConnection } from '@temporalio/worker'
import { createDatabase } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createCrmWorker } from '../../workers/create-worker'
import { testActivityDependencies } from './temporal'
import { workerAcceptedPrefix, workerReadyLine, type WorkerProcessEnvironment } from './worker-process-contract'

function required(name: keyof WorkerProcessEnvironment): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const db = createDatabase(required('TEST_WORKER_DATABASE_URL'))
const smtp = createSmtpMailDriver(required('TEST_WORKER_SMTP_URL'))
const mail: typeof smtp = {
  ...smtp,
  async send(email) {
    const accepted = await smtp.send(email)
    writeSync(1, `${workerAcceptedPrefix} ${email.to} ${Date.now()}\n`)
    return accepted
  },
}
const connection = await NativeConnection.connect({ address: required('TEST_WORKER_TEMPORAL_ADDRESS') })
const worker = await createCrmWorker({
  connection,
  namespace: required('TEST_WORKER_NAMESPACE'),
  taskQueue: required('TEST_WORKER_TASK_QUEUE'),
  dependencies: testActivityDependencies({ db, mail }),
  workflowBundle: JSON.parse(readFileSync(required('TEST_WORKER_BUNDLE_FILE'), 'utf8')),
})
const running = worker.run()
console.log(workerReadyLine)
await running
await connection.close()
mail.close()
await db.$disconnect()
