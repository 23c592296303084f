// Shared by the ingestion API tests: the real web app, a real worker of the real workflows on Temporal's test
// server, a fresh database, signed deliveries, and what the workflows were told (read from their histories).
import type { Prisma } from '../../lib/db'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { WorkflowNotFoundError } from '@temporalio/client'
import { defaultPayloadConverter } from '@temporalio/common'
import { issueApiKey } from '../../services/auth/api-keys'
import { hmacSha256Hex } from '../../lib/webhooks/hmac'
import { signCrmWebhook } from '../../lib/webhooks/crm-signature'
import type { WebhookProvider } from '../../prisma/generated/enums'
import {
  anonymousVoiceSessionWorkflowId,
  leadStatusQuery,
  leadWorkflowId,
  type LeadEvent,
} from '../../workflows/lead-messages'
import type { TestDatabase } from '../support/database'
import type { SmtpInbox } from '../support/smtp-inbox'
import { startCrmStack } from '../support/stack'
import { bearer, postJson } from '../support/web'

export const webhookSecrets = {
  CALCOM_WEBHOOK_SECRET: 'calcom-ingestion-test-secret',
  VOICE_AGENT_WEBHOOK_SECRET: 'voice-agent-ingestion-test-secret',
  ROI_CALCULATOR_WEBHOOK_SECRET: 'roi-calculator-ingestion-test-secret',
}

export interface IngestionStack {
  env: TestWorkflowEnvironment
  database: TestDatabase
  inbox: SmtpInbox
  baseUrl: string
  taskQueue: string
  /** The landing page's key: leads:create and leads:read. */
  landingPage: Record<string, string>
  close(): Promise<void>
}

export async function startIngestionStack(name: string): Promise<IngestionStack> {
  const stack = await startCrmStack(name, {
    settings: { WEBHOOK_PROVIDERS: 'calcom,voice-agent,roi-calculator', ...webhookSecrets },
  })
  const { key } = await issueApiKey(stack.database.db, { name: 'Landing page', scopes: ['leads:create', 'leads:read'] })
  return {
    env: stack.env,
    database: stack.database,
    inbox: stack.inbox,
    baseUrl: stack.web.baseUrl,
    taskQueue: stack.taskQueue,
    landingPage: bearer(key),
    close: () => stack.close(),
  }
}

let counter = 0
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++counter}`

/** POST a body signed as the voice agent or the ROI calculator sign it (`ageSeconds` ago). */
export function postCrmWebhook(baseUrl: string, path: string, secret: string, body: unknown, ageSeconds = 0) {
  const raw = JSON.stringify(body)
  const headers = signCrmWebhook(secret, raw, Math.floor(Date.now() / 1000) - ageSeconds)
  return postJson(`${baseUrl}${path}`, raw, headers)
}

export const postVoiceEvent = (baseUrl: string, body: unknown) =>
  postCrmWebhook(baseUrl, '/api/webhooks/voice-agent', webhookSecrets.VOICE_AGENT_WEBHOOK_SECRET, body)

export const postRoiEvent = (baseUrl: string, body: unknown) =>
  postCrmWebhook(baseUrl, '/api/webhooks/roi-calculator', webhookSecrets.ROI_CALCULATOR_WEBHOOK_SECRET, body)

/** POST a body signed as Cal.com signs it. */
export function postCalcom(
  baseUrl: string,
  body: unknown,
  path = '/api/webhooks/calendar',
  secret = webhookSecrets.CALCOM_WEBHOOK_SECRET,
) {
  const raw = JSON.stringify(body)
  return postJson(`${baseUrl}${path}`, raw, { 'x-cal-signature-256': hmacSha256Hex(secret, raw) })
}

/** Cal.com's body, signed by postCalcom; createdAt within the replay window, ordered by seconds ago. */
export function calcom(
  triggerEvent: 'BOOKING_CREATED' | 'BOOKING_RESCHEDULED' | 'BOOKING_CANCELLED',
  secondsAgo: number,
  payload: { uid: string; email: string; startTime: Date; rescheduleUid?: string; rescheduleStartTime?: Date },
) {
  const { email, startTime, rescheduleStartTime, ...rest } = payload
  return {
    triggerEvent,
    createdAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    payload: {
      ...rest,
      type: 'discovery-call',
      title: 'Discovery call between Alex Reyes and Rosa Soto',
      startTime: startTime.toISOString(),
      endTime: new Date(startTime.getTime() + 30 * 60_000).toISOString(),
      organizer: { id: 7, name: 'Alex Reyes', email: 'alex@aikre8tion.example', timeZone: 'America/New_York' },
      attendees: [{ email, name: 'Rosa Soto', timeZone: 'America/Chicago', language: { locale: 'en' } }],
      status: triggerEvent === 'BOOKING_CANCELLED' ? 'CANCELLED' : 'ACCEPTED',
      ...(rescheduleStartTime
        ? {
            rescheduleStartTime: rescheduleStartTime.toISOString(),
            rescheduleEndTime: new Date(rescheduleStartTime.getTime() + 30 * 60_000).toISOString(),
          }
        : {}),
    },
  }
}

async function signalsIn<T>(env: TestWorkflowEnvironment, workflowId: string, signalName: string): Promise<T[]> {
  try {
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory()
    return (history.events ?? [])
      .map((event) => event.workflowExecutionSignaledEventAttributes)
      .filter((signal) => signal?.signalName === signalName)
      .map((signal) => defaultPayloadConverter.fromPayload<T>(signal!.input!.payloads![0]!))
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return []
    throw error
  }
}

/** Every event the lead's workflow was signalled, in order. */
export const leadEventsOf = (env: TestWorkflowEnvironment, leadId: string) =>
  signalsIn<LeadEvent>(env, leadWorkflowId(leadId), 'leadEvent')

/** The visitorIdentified signals of an anonymous session's workflow. */
export const visitorIdentifiedSignalsOf = (env: TestWorkflowEnvironment, voiceSessionId: string) =>
  signalsIn<{ leadId: string }>(env, anonymousVoiceSessionWorkflowId(voiceSessionId), 'visitorIdentified')

export async function workflowExists(env: TestWorkflowEnvironment, workflowId: string): Promise<boolean> {
  try {
    await env.client.workflow.getHandle(workflowId).describe()
    return true
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false
    throw error
  }
}

/**
 * Timeline rows that ingestion writes (sessions, calculations, bookings, inbound replies). The lead workflows
 * running beside the tests write their own rows (emails sent, scoring) at their own pace, so counts leave those out.
 */
export const ingestionTimelineRows = {
  OR: [{ type: { in: ['VOICE_SESSION', 'ROI_CALCULATION', 'MEETING'] } }, { type: 'EMAIL', direction: 'INBOUND' }],
} satisfies Prisma.ActivityWhereInput

/** Where a recorded webhook event stands (the lead's workflow marks it PROCESSED when its activity applies it). */
export async function webhookEventStatus(
  database: TestDatabase,
  provider: WebhookProvider,
  eventId: string,
): Promise<string | undefined> {
  const event = await database.db.webhookEvent.findUnique({
    where: { provider_eventId: { provider, eventId } },
    select: { status: true },
  })
  return event?.status
}

/** The nurture sequences the lead's workflow runs, by name, with what started each (the lead page shows them). */
export async function nurtureSequencesOf(env: TestWorkflowEnvironment, leadId: string) {
  const status = await env.client.workflow.getHandle(leadWorkflowId(leadId)).query(leadStatusQuery)
  return (status.sequences ?? []).map(({ sequence, triggerRefId }) => ({ sequence, triggerRefId }))
}
