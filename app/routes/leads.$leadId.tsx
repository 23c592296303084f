import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from '@remix-run/react'
import { temporalUiWorkflowUrl } from '../../lib/config'
import {
  apiNameOfEmployeeCount,
  apiNameOfLeadStatus,
  industryLabels,
  leadSourceLabels,
} from '../../domain/leads/lead-vocabulary'
import { scopeOf } from '../auth.server'
import { Notice } from '../components/notice'
import { ConfirmDelete, DeleteLink, RecordFields, RecordForm } from '../components/record-form'
import { formatDateTime, fullName } from '../format'
import { leadFields } from '../record-pages'
import { abilitiesOf, guardedContext, recordAction, serviceOf, valuesOfRecord, type ActionFailure } from '../records.server'

// Leads are created by capture (POST /api/leads, with dedupe and a workflow), never here; this page reads,
// edits and deletes one through the same resource service as the API.
const leadPage = { resource: 'leads' as const, segment: 'leads', singular: 'lead', fields: leadFields }

export async function loader(args: LoaderFunctionArgs) {
  const { params, context } = args
  const { user, grant, context: recordContext } = await guardedContext(args, leadPage, 'read', params.leadId)
  // Someone else's lead under an "own" grant is answered like a missing one: its existence must not leak.
  const lead = await context.db.lead.findFirst({
    where: { id: params.leadId, ...scopeOf(grant, 'leads', user) },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      phone: true,
      companyName: true,
      preferredLanguage: true,
      timezone: true,
      source: true,
      sourceDetail: true,
      utmSource: true,
      utmMedium: true,
      utmCampaign: true,
      landingPage: true,
      referrer: true,
      industry: true,
      employeeCount: true,
      status: true,
      leadScore: true,
      workflowId: true,
      workflowStatus: true,
      nextStep: true,
      nextStepAt: true,
      createdAt: true,
      outboxMessages: {
        select: { id: true, subject: true, toAddress: true, status: true, sentAt: true, bodyText: true, attempts: true },
        orderBy: { createdAt: 'asc' },
      },
    },
  })
  if (!lead) throw new Response(`No lead with id ${params.leadId}`, { status: 404, statusText: 'Not Found' })
  const { config } = context
  const abilities = abilitiesOf(user, leadPage)
  const url = new URL(args.request.url)
  return {
    lead,
    ...abilities,
    values: abilities.canUpdate ? valuesOfRecord(leadFields, await serviceOf(leadPage).get(recordContext, lead.id)) : {},
    confirmDelete: abilities.canDelete && url.searchParams.has('delete'),
    notice: url.searchParams.get('notice'),
    temporalUrl: lead.workflowId ? temporalUiWorkflowUrl(config, lead.workflowId) : null,
    inboxUrl: config.MAIL_INBOX_URL ?? null,
  }
}

export async function action(args: ActionFunctionArgs) {
  return recordAction(args, leadPage, String(args.params.leadId))
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? (fullName(data.lead) ?? data.lead.email) : 'Lead'} · Durable CRM` },
]

export default function LeadPage() {
  const { lead, temporalUrl, inboxUrl, canUpdate, canDelete, values, confirmDelete, notice } = useLoaderData<typeof loader>()
  const failure = useActionData<ActionFailure>()
  const name = fullName(lead) ?? lead.email
  const fields: [string, string | null][] = [
    ['Email', lead.email],
    ['Phone', lead.phone],
    ['Company', lead.companyName],
    ['Industry', lead.industry ? industryLabels[lead.industry] : null],
    ['Employees', lead.employeeCount ? apiNameOfEmployeeCount[lead.employeeCount] : null],
    ['Language', lead.preferredLanguage === 'ES' ? 'Spanish' : 'English'],
    ['Time zone', lead.timezone],
    ['Source', leadSourceLabels[lead.source]],
    ['Source detail', lead.sourceDetail],
    ['UTM source', lead.utmSource],
    ['UTM medium', lead.utmMedium],
    ['UTM campaign', lead.utmCampaign],
    ['Landing page', lead.landingPage],
    ['Referrer', lead.referrer],
    ['Created', formatDateTime(lead.createdAt)],
  ]
  return (
    <>
      <p>
        <Link to="/leads">← Leads</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{name}</h1>
          <p className="subtitle">
            Status <span className="badge">{apiNameOfLeadStatus[lead.status]}</span> · Score {lead.leadScore}
          </p>
        </div>
        {canDelete && !confirmDelete ? <DeleteLink /> : null}
      </div>
      <Notice ok={failure ? null : notice} error={failure?.error} />
      {confirmDelete ? <ConfirmDelete singular="lead" keepTo={`/leads/${lead.id}`} /> : null}
      <div className="grid">
        <section className="panel" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <dl className="fields">
            {fields
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <div key={label} className="field-row">
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
          </dl>
        </section>
        <section className="panel" aria-labelledby="workflow">
          <h2 id="workflow">Workflow</h2>
          {lead.workflowId ? (
            <dl className="fields">
              <dt>Run</dt>
              <dd>
                <code>{lead.workflowId}</code>
              </dd>
              <dt>Status</dt>
              <dd>
                <span className={`badge ${lead.workflowStatus.toLowerCase()}`}>{lead.workflowStatus.toLowerCase()}</span>
              </dd>
              <dt>Next step</dt>
              <dd>{lead.nextStep ? `${lead.nextStep} (${formatDateTime(lead.nextStepAt)})` : 'None scheduled'}</dd>
              <dt>Temporal</dt>
              <dd>
                {temporalUrl ? (
                  <a href={temporalUrl} target="_blank" rel="noreferrer">
                    Open this run in the Temporal Web UI
                  </a>
                ) : null}
              </dd>
            </dl>
          ) : (
            <p className="empty">No workflow has been started for this lead.</p>
          )}
        </section>
      </div>
      {canUpdate ? (
        <section className="panel spaced" aria-labelledby="edit-lead">
          <h2 id="edit-lead">Edit</h2>
          <RecordForm intent="update" submitLabel="Save changes">
            <RecordFields fields={leadFields} values={failure?.values && Object.keys(failure.values).length > 0 ? failure.values : values} errors={failure?.errors ?? []} options={{}} mode="update" />
          </RecordForm>
        </section>
      ) : null}
      <section className="panel spaced" aria-labelledby="emails">
        <h2 id="emails">Emails</h2>
        {lead.outboxMessages.length === 0 ? (
          <p className="empty">No email has been sent to this lead yet.</p>
        ) : (
          lead.outboxMessages.map((message) => (
            <article key={message.id} className="email">
              <strong>{message.subject}</strong> to {message.toAddress}{' '}
              <span className={`badge ${message.status.toLowerCase()}`}>{message.status.toLowerCase()}</span>{' '}
              {message.sentAt ? `sent ${formatDateTime(message.sentAt)}` : `${message.attempts} attempt(s) so far`}
              <pre>{message.bodyText}</pre>
            </article>
          ))
        )}
        {inboxUrl ? (
          <p>
            <a href={inboxUrl} target="_blank" rel="noreferrer">
              Open the local mail inbox
            </a>
          </p>
        ) : null}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  return (
    <section className="error">
      <h1>{isRouteErrorResponse(error) && error.status === 404 ? 'Lead not found' : 'This lead could not be shown'}</h1>
      <p>{isRouteErrorResponse(error) ? String(error.data) : error instanceof Error ? error.message : 'Unknown error'}</p>
      <Link to="/leads">Back to leads</Link>
    </section>
  )
}
