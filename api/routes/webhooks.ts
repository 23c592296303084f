import express, { Router, type Request, type RequestHandler, type Response } from 'express'
import { webhookProviders, webhookSecret, type WebhookProviderDefinition } from '../../lib/webhooks/providers'
import { claimWebhookEvent } from '../../lib/webhooks/record'
import { recordUnprocessableWebhookEvent, recordUnreadableWebhookDelivery } from '../../lib/webhooks/unprocessable'
import type { FieldError } from '../../domain/validation/field-errors'
import { unsafeJsonFields } from '../../domain/validation/safe-text'
import type { VerifiedWebhookEvent, WebhookDelivery } from '../../lib/webhooks/delivery'
import { logger } from '../../lib/logger'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { problemErrors, refuse, sendProblem } from '../problem-response'
import { Problem } from '../../services/problems/problem'
import { problemFrom } from '../../services/problems/problem-from-error'
import { webhookIngestionDependencies } from '../../services/ingestion/ingestion-dependencies'
import { webhookEventProcessors } from '../../services/ingestion/webhook-processing'
import { processClaimedWebhookEvent } from '../../services/ingestion/claimed-webhook-event'

export const webhookBodyLimit = '1mb'

/**
 * Signed webhook endpoints (seed 002 §11.3, §13.2). Mount under /api BEFORE any body parser and before session or
 * API-key authentication: the signature is checked over the exact bytes received, and it is the only credential.
 * Only the providers in WEBHOOK_PROVIDERS answer; the others are 404 like any unknown API route.
 *
 * A verified event is checked once, then claimed: one INSERT … ON CONFLICT DO NOTHING on (provider, event id), so
 * of concurrent copies exactly one does the work and the others answer 200 at once (`duplicate: true`). A Cal.com
 * booking, a voice agent or an ROI calculator event is then signalled to its lead's workflow, whose activity writes
 * it (an event nobody's running lead owns is applied here, with the same function); Stripe's are applied to their
 * payment before the answer (decision 0029). An event that can never be acted on is recorded FAILED and answered 200 naming
 * the fields (a signed delivery refused with a 4xx would be redelivered for ever; decision 0015); 409/503/500 when
 * processing failed (the event is FAILED with the reason and a retry time: the sender's redelivery or the CRM's own
 * retrier, whichever comes first, claims it again; decision 0049). A
 * redelivery of a PROCESSED event, or of a RECEIVED one younger than the claim lease, changes nothing
 * (docs/decisions/0016-webhooks-record-and-signal.md).
 */
export function webhookRoutes({ db, config, temporal }: Pick<WebDependencies, 'db' | 'config' | 'temporal'>): Router {
  const router = Router()
  // Every content type is read as bytes: what was signed is the body as sent, whatever it claims to be.
  const readRawBody = express.raw({ type: () => true, limit: webhookBodyLimit })
  const enabled = new Set(config.WEBHOOK_PROVIDERS)
  // Proxies rewrite the Host header, so the URL Twilio signed is rebuilt from the configured public base URL.
  const publicBaseUrl = config.APP_BASE_URL.replace(/\/+$/, '')

  function receive(definition: WebhookProviderDefinition, secret: string) {
    return handle(async (request: Request, response: Response) => {
      const delivery: WebhookDelivery = {
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        header: (name) => request.get(name),
        url: `${publicBaseUrl}${request.originalUrl}`,
        now: new Date(),
      }
      const verdict = definition.verify(delivery, secret)
      switch (verdict.outcome) {
        case 'unauthenticated':
          // Names the header and the fixed reason only: never the body, the signature or the secret.
          console.warn(`Refused a ${definition.name} webhook: ${verdict.header} ${verdict.reason}`)
          refuse(response, 'unauthenticated', 'The webhook signature is not valid', {
            fields: [{ field: verdict.header, message: verdict.reason }],
          })
          return
        case 'malformed': {
          // Signed, so the sender would redeliver it for ever: recorded FAILED and acknowledged, naming why.
          const { duplicate } = await recordUnreadableWebhookDelivery(
            db,
            definition.provider,
            delivery.rawBody,
            verdict.reason,
          )
          acknowledgeUnprocessable(definition, response, duplicate, [{ field: '(body)', message: verdict.reason }])
          return
        }
        case 'ignored':
          acknowledge(definition, response, { received: true, duplicate: false, ignored: true })
          return
        case 'event':
          await receiveEvent(definition, verdict.event, delivery.now, response)
      }
    })
  }

  const ingestion = webhookIngestionDependencies({ db, config, temporal })

  async function receiveEvent(
    definition: WebhookProviderDefinition,
    event: VerifiedWebhookEvent,
    receivedAt: Date,
    response: Response,
  ) {
    const processor = webhookEventProcessors[definition.provider]
    // Text PostgreSQL cannot store refuses any provider's payload, also those only recorded (Twilio).
    const unsafe = unsafeJsonFields(event.payload)
    const parsed = unsafe.length > 0 ? { ok: false as const, errors: unsafe } : processor?.parse(event.payload)
    if (parsed && !parsed.ok) {
      // It will never be processed: recorded FAILED with the fields at fault, and acknowledged so it is not retried.
      const { duplicate } = await recordUnprocessableWebhookEvent(db, definition.provider, event, parsed.errors)
      acknowledgeUnprocessable(definition, response, duplicate, parsed.errors)
      return
    }
    const change =
      processor?.change && parsed ? processor.change(parsed.value, { eventId: event.eventId, receivedAt }) : undefined
    const claim = await claimWebhookEvent(db, definition.provider, event, change, receivedAt)
    // A copy that lost the claim: the event is processed, in flight, or waiting for its workflow.
    if (!claim.claimed) {
      acknowledge(definition, response, { received: true, duplicate: true })
      return
    }
    const duplicate = claim.redelivered
    if (!processor || !parsed) {
      acknowledge(definition, response, { received: true, duplicate })
      return
    }
    const { webhookEventId, attempts } = claim
    const result = await processClaimedWebhookEvent(ingestion, processor, parsed.value, {
      eventId: event.eventId,
      webhookEventId,
      receivedAt,
      attempts,
    })
    if (!result.ok) {
      const problem = problemFrom(result.error)
      if (problem.status === 500) {
        logger.error('Processing a webhook event failed', {
          provider: definition.provider,
          eventId: event.eventId,
          error: result.error,
        })
      }
      sendProblem(
        response,
        problem.code === 'conflict'
          ? new Problem('conflict', 'The webhook event cannot be processed yet', { fields: problem.fields })
          : problem,
      )
      return
    }
    // An answer (HELP) is given by the delivery that processed the event, never by a redelivery.
    const answer = duplicate ? null : (processor.reply?.(ingestion, parsed.value) ?? null)
    acknowledge(definition, response, { received: true, duplicate }, answer)
  }

  for (const definition of webhookProviders) {
    const handlers: RequestHandler[] = enabled.has(definition.name)
      ? [readRawBody, receive(definition, webhookSecret(config, definition.name))]
      : [notFound]
    for (const path of definition.paths) router.post(path, ...handlers)
  }
  // express.raw's own errors (too large, aborted, unsupported encoding) are the client's: the one mapping answers.
  router.use(problemErrors)
  return router
}

function acknowledge(
  definition: WebhookProviderDefinition,
  response: Response,
  body: Record<string, boolean>,
  smsAnswer: string | null = null,
) {
  // Twilio reads the answer as TwiML: an empty document means "nothing to do", a <Message> is sent as a reply.
  if (definition.name === 'twilio') response.status(200).type('text/xml').send(twimlAnswer(smsAnswer))
  else response.status(200).json(body)
}

function twimlAnswer(text: string | null): string {
  if (text === null) return '<Response/>'
  const escaped = text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  )
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escaped}</Message></Response>`
}

/** 200, so the sender stops redelivering, naming what made the event unprocessable (it is recorded FAILED). */
function acknowledgeUnprocessable(
  definition: WebhookProviderDefinition,
  response: Response,
  duplicate: boolean,
  errors: FieldError[],
) {
  if (definition.name === 'twilio') response.status(200).type('text/xml').send('<Response/>')
  else response.status(200).json({ received: true, duplicate, processed: false, errors })
}

const notFound: RequestHandler = (request, response) => {
  refuse(response, 'not-found', `No API route ${request.method} ${request.originalUrl}`)
}
