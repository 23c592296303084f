import 'dotenv/config'
import { getHeapStatistics } from 'node:v8'
import { loadConfigOrExit } from '../lib/config'
import { logger } from '../lib/logger'
import { createDatabase } from '../lib/db'
import { listenForWebBusy } from '../lib/web-busy'
import { createAttachmentRenderers } from '../lib/email-attachments'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { createStripeClient } from '../lib/stripe-client'
import { smsChannelFrom } from '../lib/sms-channel'
import { createStripeBillingDriver } from '../services/payments/stripe-billing'
import { createTemporalClient, createWorkerConnection } from '../lib/temporal'
import { ensureReportSchedules } from '../services/reports/report-schedules'
import { createCrmWorker } from './create-worker'
import { installRedactingRuntimeLogger } from './runtime-logging'
import { heapLimitWarning } from './worker-heap'

const config = loadConfigOrExit()
installRedactingRuntimeLogger()
const db = createDatabase(config.DATABASE_URL)
const mail = createSmtpMailDriver(config.SMTP_URL)
const connection = await createWorkerConnection(config)
const stripe = createStripeClient(config)
const web = config.WORKER_YIELD_TO_WEB
  ? listenForWebBusy(config.DATABASE_URL, {
      onConnectionLost: (error, retryInMs) =>
        logger.warn('Not hearing the web process: the worker runs at full size until it does again', {
          error: String(error),
          retryInMs,
        }),
    })
  : undefined

const worker = await createCrmWorker({
  connection,
  namespace: config.TEMPORAL_NAMESPACE,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  sizing: config,
  web,
  workflowBundle: config.WORKFLOW_BUNDLE_PATH ? { codePath: config.WORKFLOW_BUNDLE_PATH } : undefined,
  dependencies: {
    db,
    mail,
    mailFrom: config.MAIL_FROM,
    appBaseUrl: config.APP_BASE_URL,
    unsubscribeSecret: config.UNSUBSCRIBE_SECRET,
    bookingUrl: config.BOOKING_URL,
    roiCalculatorUrl: config.ROI_CALCULATOR_URL,
    attachmentRenderers: createAttachmentRenderers({ db, bookingUrl: config.BOOKING_URL }),
    billing: stripe ? createStripeBillingDriver({ stripe, db }) : undefined,
    stripeDunning: config.STRIPE_DUNNING,
    sms: smsChannelFrom(config),
  },
})
// The §10.3 schedules follow the recipients table; a failure here must not keep the worker from its work.
const temporal = createTemporalClient(config)
ensureReportSchedules({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
  (outcome) => logger.info('Report schedules ensured', outcome),
  (error: unknown) => logger.error('Report schedules could not be ensured', { error: String(error) }),
)
const heapLimitMiB = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)
const heapWarning = heapLimitWarning(heapLimitMiB)
if (heapWarning) logger.warn(heapWarning)
logger.info('Worker polling', {
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  temporalAddress: config.TEMPORAL_ADDRESS,
  heapLimitMiB,
  workflowBundle: config.WORKFLOW_BUNDLE_PATH ?? 'bundled at start',
})

try {
  // Resolves after SIGINT/SIGTERM once in-flight tasks have finished.
  await worker.run()
} finally {
  await connection.close()
  await temporal.connection.close()
  await web?.close()
  mail.close()
  await db.$disconnect()
}
