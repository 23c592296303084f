import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import {
  listWebhookEvents,
  readWebhookEvents,
  retryWebhookEventNow,
  retryWebhookEvents,
  webhookEventFilterOf,
  webhookEventStatuses,
  webhookProviderNames,
} from '../../services/ingestion/webhook-event-admin'
import { grantOf, requireGrant } from '../auth.server'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { RowAction } from '../components/row-action'
import { formatDateTime } from '../format'
import { problemForForm, problemInit, problemResponse } from '../problem.server'
import { EmptyTableRow } from '../components/empty-table-row'
import { enumWords } from '../../domain/records/enum-words'

// The webhook deliveries (decision 0053): what each provider sent, how processing went, when the retrier tries again,
// and "retry now" for an Admin.

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireGrant(args, readWebhookEvents)
  let filter
  try {
    filter = webhookEventFilterOf(new URL(args.request.url).searchParams)
  } catch (error) {
    throw problemResponse(problemForForm(error))
  }
  return {
    ...(await listWebhookEvents(args.context.db, filter)),
    canRetry: grantOf(user, retryWebhookEvents) !== 'none',
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireGrant(args, retryWebhookEvents)
  const form = await args.request.formData()
  try {
    await retryWebhookEventNow({ db: args.context.db, actor: user }, String(form.get('webhookEventId') ?? ''))
    return { ok: 'Queued: the retrier processes it again within 15 seconds.', error: null }
  } catch (error) {
    const problem = problemForForm(error)
    return data({ ok: null, error: problem.detail }, problemInit(problem))
  }
}

type ActionResult = { ok: string | null; error: string | null }

export const meta: MetaFunction = () => [{ title: 'Webhook deliveries · Durable CRM' }]

export default function WebhookDeliveriesPage() {
  const { events, counts, canRetry } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Webhook deliveries</h1>
      <p className="subtitle">
        What Stripe, Cal.com, Twilio, the voice agent and the ROI calculator sent. A delivery whose processing failed is
        tried again by the CRM itself, a minute later, then twice as long each time, for about six hours.
      </p>
      <Notice ok={result?.ok} error={result?.error} />
      <Form method="get" className="form-grid filters">
        <label className="field">
          <span>Status</span>
          <select name="status" defaultValue={params.get('status') ?? ''}>
            <option value="">Every status</option>
            {webhookEventStatuses.map((status) => (
              <option key={status} value={status}>
                {enumWords(status)} ({counts[status]})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Provider</span>
          <select name="provider" defaultValue={params.get('provider') ?? ''}>
            <option value="">Every provider</option>
            {webhookProviderNames.map((provider) => (
              <option key={provider} value={provider}>
                {enumWords(provider)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          Filter
        </button>
      </Form>
      <section className="panel table-panel" aria-labelledby="deliveries">
        <table>
          <caption className="visually-hidden" id="deliveries">
            Deliveries, newest first
          </caption>
          <thead>
            <tr>
              <th>Arrived</th>
              <th>Provider</th>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Why it failed</th>
              <th>Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {events.length === 0 ? <EmptyTableRow columns={7}>No delivery.</EmptyTableRow> : null}
            {events.map((event) => (
              <tr key={event.id} data-webhook-event={event.eventId}>
                <td>{formatDateTime(event.arrivedAt)}</td>
                <td>{enumWords(event.provider)}</td>
                <td>
                  {event.eventType}
                  <div className="muted small">{event.eventId}</div>
                </td>
                <td>
                  <span className={`badge state-${event.status.toLowerCase()}`}>{enumWords(event.status)}</span>
                  {event.processedAt ? <div className="muted small">{formatDateTime(event.processedAt)}</div> : null}
                </td>
                <td>{event.attempts}</td>
                <td className="wrap">{event.error ?? '—'}</td>
                <td>
                  {event.retryAt ? formatDateTime(event.retryAt) : event.status === 'FAILED' ? 'None' : '—'}
                  {canRetry && event.retryable ? (
                    <RowAction
                      fields={{ webhookEventId: event.id }}
                      label="Retry now"
                      accessibleName={`Retry now: ${event.eventId}`}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError />
}
