// SMS on real parts for tests: the local Twilio stand-in (dev/twilio-local.ts) driven by the real SDK, and the
// CRM's own signed Twilio webhook (api/routes/webhooks.ts) on a loopback port, where the stand-in posts its status
// callbacks and the replies of a phone (STOP, START, HELP).
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Client } from '@temporalio/client'
import express from 'express'
import twilio from 'twilio'
import type { SmsChannel } from '../../activities/dependencies'
import { webhookRoutes } from '../../api/routes/webhooks'
import { startTwilioLocal, type TwilioLocal } from '../../dev/twilio-local'
import { loadConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { createTwilioSmsDriver } from '../../lib/sms-driver'
import { testMailFrom, uniqueTaskQueue } from './temporal'

export const testTwilioAccountSid = `AC${'feedface'.repeat(4)}`
export const testTwilioAuthToken = 'test-twilio-auth-token'
export const testTwilioFrom = '+15005550006'

export interface LocalSmsStack {
  local: TwilioLocal
  sms: SmsChannel
  /** The CRM's Twilio webhook, as Twilio signs it. */
  webhookUrl: string
  /** Posts form parameters to the webhook signed with `authToken` (the right one unless told); status and body. */
  post(params: Record<string, string>, authToken?: string): Promise<{ status: number; body: string }>
  close(): Promise<void>
}

/**
 * Starts the webhook router (only Twilio enabled) and the stand-in. Twilio's events are applied in the request, so
 * the router needs no Temporal client unless the test gives one.
 */
export async function startLocalSmsStack(db: Database, temporal?: Client): Promise<LocalSmsStack> {
  const app = express()
  const server: Server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgresql://unused.invalid/crm',
    APP_BASE_URL: baseUrl,
    MAIL_FROM: testMailFrom,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('sms'),
    WEBHOOK_PROVIDERS: 'twilio',
    TWILIO_AUTH_TOKEN: testTwilioAuthToken,
  })
  app.use('/api', webhookRoutes({ db, config, temporal: temporal ?? (null as unknown as Client) }))
  const webhookUrl = `${baseUrl}/api/webhooks/twilio`
  const local = await startTwilioLocal({
    accountSid: testTwilioAccountSid,
    authToken: testTwilioAuthToken,
    inboundWebhookUrl: webhookUrl,
  })
  return {
    local,
    webhookUrl,
    sms: {
      driver: createTwilioSmsDriver({
        accountSid: testTwilioAccountSid,
        authToken: testTwilioAuthToken,
        from: testTwilioFrom,
        apiBase: local.apiBase,
      }),
      statusCallbackUrl: webhookUrl,
    },
    async post(params, authToken = testTwilioAuthToken) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, webhookUrl, params),
        },
        body: new URLSearchParams(params).toString(),
      })
      return { status: response.status, body: await response.text() }
    },
    async close() {
      await local.stop()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
