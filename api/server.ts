import 'dotenv/config'
import type { ServerBuild } from '@remix-run/node'
import { loadConfigOrExit } from '../lib/config'
import { createDatabase } from '../lib/db'
import { createSmtpMailDriver } from '../lib/mail-driver'
import { webBusyAnnouncer } from '../lib/web-busy'
import { createTemporalClient } from '../lib/temporal'
import { createApp } from './app'
import { cachedApiKeyResolver } from '../services/auth/api-key-cache'
import { bootstrapAccess } from '../services/auth/bootstrap'
import { startWorkflowReconciler } from '../services/workflows/workflow-reconciler'
import { startWebhookEventRetrier } from '../services/ingestion/webhook-event-retrier'
import { webhookIngestionDependencies } from '../services/ingestion/ingestion-dependencies'

const config = loadConfigOrExit()
const remixBuild = await loadRemixBuild()
const dependencies = {
  config,
  db: createDatabase(config.DATABASE_URL),
  temporal: createTemporalClient(config),
  mail: createSmtpMailDriver(config.SMTP_URL),
}
const apiKeys = cachedApiKeyResolver(dependencies.db, config.DATABASE_URL)
const webBusy = webBusyAnnouncer(config.DATABASE_URL)

await bootstrapAccess(dependencies.db, config)

// Starts the workflows of records the requests could not start (Temporal down): see the decisions file 0011.
const reconciler = startWorkflowReconciler({
  db: dependencies.db,
  temporal: dependencies.temporal,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
})

// Processes again the webhook events whose processing failed for a reason that can pass: decision 0049.
const retrier = startWebhookEventRetrier(webhookIngestionDependencies(dependencies))

const server = createApp({ ...dependencies, apiKeys, webBusy }, remixBuild).listen(config.PORT, config.HOST, () => {
  console.log(`Web listening on ${config.APP_BASE_URL} (port ${config.PORT})`)
})

async function loadRemixBuild(): Promise<ServerBuild> {
  const buildPath = new URL('../build/server/index.js', import.meta.url).href
  try {
    return (await import(/* @vite-ignore */ buildPath)) as ServerBuild
  } catch (error) {
    console.error(
      'The Remix app is not built: run `npm run build` first.',
      error instanceof Error ? error.message : error,
    )
    process.exit(1)
  }
}

function shutDown(signal: string) {
  console.log(`Web shutting down (${signal})`)
  server.close(() => {
    void Promise.all([reconciler.stop(), retrier.stop(), apiKeys.close(), webBusy.close()])
      .then(() => Promise.all([dependencies.temporal.connection.close(), dependencies.db.$disconnect()]))
      .finally(() => {
        dependencies.mail.close()
        process.exit(0)
      })
  })
  // Keep-alive connections would hold close() open.
  server.closeIdleConnections()
}
process.once('SIGINT', () => shutDown('SIGINT'))
process.once('SIGTERM', () => shutDown('SIGTERM'))
