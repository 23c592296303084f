import 'dotenv/config'
import { loadConfigOrExit } from '../lib/config'
import { createDatabase } from '../lib/db'
import { createTemporalClient } from '../lib/temporal'
import { ensureReportSchedules } from '../services/reports/report-schedules'

// `npx tsx scripts/ensure-report-schedules.ts`: makes the §10.3 schedules match the recipients table (the worker
// does the same at start). Idempotent; prints what it created, updated and deleted.
const config = loadConfigOrExit()
const db = createDatabase(config.DATABASE_URL)
const temporal = createTemporalClient(config)
try {
  const outcome = await ensureReportSchedules({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE })
  console.log(JSON.stringify(outcome, null, 2))
} finally {
  await temporal.connection.close()
  await db.$disconnect()
}
