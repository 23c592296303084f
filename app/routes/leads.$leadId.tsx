import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { enumWords } from '../../domain/records/enum-words'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { apiNameOfEmployeeCount, industryLabels, leadSourceLabels } from '../../domain/leads/lead-vocabulary'
import { qualificationTriggerTexts } from '../../domain/leads/qualification'
import { activityPanelAction, isActivityIntent, loadActivityPanel, type ActivityFailure } from '../activities.server'
import activitiesStylesheet from '../components/activities.css?url'
import { ActivityPanel } from '../components/activity-panel'
import { Notice } from '../components/notice'
import { ConfirmDelete, DeleteLink, RecordEditSection } from '../components/record-form'
import { LeadActionForms, type LeadActionFailureView } from '../components/lead-action-forms'
import { useLiveRevalidation } from '../components/lead-live'
import leadPageStylesheet from '../components/lead-page.css?url'
import { LeadRoiCalculations } from '../components/lead-roi-calculations'
import { LeadScoreBreakdown } from '../components/lead-score-breakdown'
import { ViewerTime } from '../components/lead-time'
import { LeadTimeline } from '../components/lead-timeline'
import { VoiceTranscripts } from '../components/voice-transcripts'
import voiceTranscriptsStylesheet from '../components/voice-transcripts.css?url'
import { LeadUpcomingSteps } from '../components/lead-upcoming-steps'
import roiStylesheet from '../components/roi.css?url'
import { RouteError } from '../components/route-error'
import { formatDateTime, fullName } from '../format'
import { leadPageAction, loadLeadPage } from '../lead-page.server'
import { leadFields } from '../record-pages'
import type { ActionFailure } from '../records.server'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: leadPageStylesheet },
  { rel: 'stylesheet', href: voiceTranscriptsStylesheet },
  { rel: 'stylesheet', href: roiStylesheet },
  { rel: 'stylesheet', href: activitiesStylesheet },
]

export async function loader(args: LoaderFunctionArgs) {
  const page = await loadLeadPage(args)
  const activityPanel = await loadActivityPanel(args, { kind: 'lead', id: page.lead.id })
  return { ...page, activityPanel, now: new Date().toISOString() }
}

export async function action(args: ActionFunctionArgs) {
  // Peek at the intent; each handler reads the form itself.
  if (isActivityIntent((await args.request.clone().formData()).get('intent'))) {
    const leadId = String(args.params.leadId)
    return activityPanelAction(args, { kind: 'lead', id: leadId }, `/leads/${leadId}`)
  }
  return leadPageAction(args)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? (fullName(data.lead) ?? data.lead.email) : 'Lead'} · Durable CRM` },
]

const liveIntervalMs = 5_000

const statusWords = {
  NEW: 'New',
  CONTACTED: 'Contacted',
  QUALIFIED: 'Qualified',
  UNQUALIFIED: 'Disqualified',
  CONVERTED: 'Converted',
}
const stageWords = { NONE: 'Not qualified yet', MQL: 'MQL', SQL: 'SQL' }
const qualificationTriggers = Object.values(qualificationTriggerTexts) as string[]

export default function LeadPage() {
  const page = useLoaderData<typeof loader>()
  const { lead, consent, temporalUrl, inboxUrl, canUpdate, canDelete, values, confirmDelete, notice, workflow } = page
  const submitted = useActionData<ActionFailure | LeadActionFailureView | ActivityFailure>()
  const activityFailure = submitted && 'activityIntent' in submitted ? submitted : null
  const actionFailure = submitted && 'intent' in submitted ? submitted : null
  const editFailure = submitted && !('intent' in submitted) && !('activityIntent' in submitted) ? submitted : null
  useLiveRevalidation(liveIntervalMs)

  const name = fullName(lead) ?? lead.email
  // The workflow's recorded plan knows when its next step really goes out (after the contact's hours).
  const liveNext =
    workflow.state === 'planned' ? (workflow.plan.steps.find((step) => step.willFire) ?? null) : undefined
  const nextStep =
    liveNext === undefined
      ? lead.nextStep
        ? { label: lead.nextStep, dueAt: lead.nextStepAt }
        : null
      : // When it really happens: a marketing email due in the contact's quiet hours goes out the next morning.
        liveNext && { label: liveNext.label, dueAt: liveNext.expectedSendAt ?? liveNext.dueAt }
  const nurturePaused = workflow.state === 'planned' ? workflow.plan.paused : lead.nurturePausedAt !== null
  const utm = [lead.utmSource, lead.utmMedium, lead.utmCampaign, lead.utmTerm, lead.utmContent]
    .filter(Boolean)
    .join(' / ')
  const consentText = consent?.unsubscribedAt
    ? `Unsubscribed ${formatDateTime(consent.unsubscribedAt)}: no email goes out`
    : consent?.marketingConsent
      ? `Marketing consent${consent.marketingConsentSource ? ` (${consent.marketingConsentSource})` : ''}${consent.marketingConsentAt ? ` since ${formatDateTime(consent.marketingConsentAt)}` : ''}`
      : 'No marketing consent: only the emails they asked for'
  const profile: [string, string | null][] = [
    ['Email', lead.email],
    ['Phone', lead.phone],
    ['Company', lead.companyName],
    ['Industry', lead.industry ? industryLabels[lead.industry] : null],
    ['Employees', lead.employeeCount ? apiNameOfEmployeeCount[lead.employeeCount] : null],
    ['Owner', lead.assignedTo?.name ?? 'Unassigned'],
    ['Language', lead.preferredLanguage === 'ES' ? 'Spanish' : 'English'],
    ['Time zone', page.leadTimezone + (lead.timezone || consent?.timezone ? '' : ' (assumed)')],
    ['Email consent', consentText],
    [
      'Quiet hours',
      consent
        ? `${consent.quietHoursStart}–${consent.quietHoursEnd}${consent.weekendContact ? '' : ', no weekends'}, at most ${consent.maxMessagesPerWeek} a week`
        : null,
    ],
    ['Source', leadSourceLabels[lead.source]],
    ['Source detail', lead.sourceDetail],
    ['UTM', utm || null],
    ['Landing page', lead.landingPage],
    ['Referrer', lead.referrer],
    ['Created', formatDateTime(lead.createdAt)],
  ]
  const qualificationEvents = page.timeline.filter(
    (entry) =>
      entry.kind === 'system' &&
      (qualificationTriggers.some((trigger) => `${entry.title} ${entry.detail ?? ''}`.includes(trigger)) ||
        /\b(MQL|SQL|qualif)/i.test(entry.title)),
  )

  return (
    <>
      <p>
        <Link to="/leads">← Leads</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{name}</h1>
          <p className="subtitle">
            Status <span className={`badge status-${lead.status.toLowerCase()}`}>{statusWords[lead.status]}</span> ·
            Stage{' '}
            <span className={`badge stage-${lead.qualificationStage.toLowerCase()}`}>
              {stageWords[lead.qualificationStage]}
            </span>{' '}
            · Score {lead.leadScore}
            {lead.companyName ? ` · ${lead.companyName}` : ''}
          </p>
        </div>
        {canDelete && !confirmDelete ? <DeleteLink /> : null}
      </div>
      <Notice ok={submitted ? null : notice} error={submitted?.error} />
      {confirmDelete ? <ConfirmDelete singular="lead" keepTo={`/leads/${lead.id}`} /> : null}

      {page.actions.length > 0 ? (
        <section className="panel spaced-bottom" aria-labelledby="lead-actions">
          <h2 id="lead-actions">Actions</h2>
          <LeadActionForms
            allowed={page.actions}
            status={lead.status}
            nurturePaused={nurturePaused}
            companyName={lead.companyName}
            companies={page.companies}
            failure={actionFailure}
          />
        </section>
      ) : null}

      <div className="grid">
        <section className="panel" aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <dl className="fields">
            {profile
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <div key={label} className="field-row">
                  <dt>{label}</dt>
                  <dd>{value}</dd>
                </div>
              ))}
          </dl>
        </section>
        <section className="panel" aria-labelledby="score">
          <h2 id="score">Score</h2>
          <LeadScoreBreakdown score={lead.leadScore} factors={page.scoringFactors} />
          <h3 className="qualification-head">Qualification: {stageWords[lead.qualificationStage]}</h3>
          <ul className="qualification">
            {lead.marketingQualifiedAt ? <li>MQL since {formatDateTime(lead.marketingQualifiedAt)}</li> : null}
            {lead.salesQualifiedAt ? <li>SQL since {formatDateTime(lead.salesQualifiedAt)}</li> : null}
            {lead.contactedAt ? <li>Contacted {formatDateTime(lead.contactedAt)}</li> : null}
            {lead.disqualifiedAt ? (
              <li>
                Disqualified {formatDateTime(lead.disqualifiedAt)}
                {lead.disqualifiedReason ? `: ${lead.disqualifiedReason}` : ''}
              </li>
            ) : null}
            {lead.convertedAt ? <li>Converted {formatDateTime(lead.convertedAt)}</li> : null}
            {qualificationEvents.map((entry) => (
              <li key={entry.id}>
                {entry.title}
                {entry.detail ? ` — ${entry.detail}` : ''}
                {entry.person && !entry.detail?.includes(entry.person) ? ` (${entry.person})` : ''}
              </li>
            ))}
          </ul>
          {lead.qualificationStage === 'NONE' && qualificationEvents.length === 0 ? (
            <p className="muted">No §3.3 trigger has fired yet. The triggers: {qualificationTriggers.join('; ')}.</p>
          ) : null}
          {lead.convertedToOpportunity ? (
            <p>
              Converted into{' '}
              <Link to={`/opportunities/${lead.convertedToOpportunity.id}`}>{lead.convertedToOpportunity.name}</Link>
              {lead.convertedToCompany ? (
                <>
                  {' '}
                  at <Link to={`/companies/${lead.convertedToCompany.id}`}>{lead.convertedToCompany.name}</Link>
                </>
              ) : null}
              {lead.convertedToContact ? (
                <>
                  {' '}
                  with{' '}
                  <Link to={`/contacts/${lead.convertedToContact.id}`}>
                    {fullName(lead.convertedToContact) ?? 'the contact'}
                  </Link>
                </>
              ) : null}
              .
            </p>
          ) : null}
        </section>
      </div>

      <section className="panel spaced" aria-labelledby="workflow">
        <h2 id="workflow">Workflow</h2>
        {lead.workflowId ? (
          <dl className="fields workflow-fields">
            <dt>Run</dt>
            <dd>
              <code>{lead.workflowId}</code>{' '}
              <span className={`badge ${lead.workflowStatus.toLowerCase()}`}>{enumWords(lead.workflowStatus)}</span>
            </dd>
            <dt>Next step</dt>
            <dd>
              {nextStep ? (
                <>
                  {nextStep.label}
                  {nextStep.dueAt ? (
                    <>
                      {' '}
                      (<ViewerTime iso={nextStep.dueAt} />)
                    </>
                  ) : null}
                </>
              ) : (
                'None scheduled'
              )}
            </dd>
            <dt>Temporal</dt>
            <dd>
              {temporalUrl ? (
                <a href={temporalUrl} target="_blank" rel="noreferrer">
                  Open this run in the Temporal Web UI
                </a>
              ) : null}
            </dd>
          </dl>
        ) : null}
        <h3>Upcoming steps</h3>
        <LeadUpcomingSteps workflow={workflow} leadTimezone={page.leadTimezone} />
      </section>

      <ActivityPanel panel={page.activityPanel} failure={activityFailure} now={page.now} />

      <section className="panel spaced" aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        <LeadTimeline entries={page.timeline} />
      </section>

      <div className="grid spaced">
        <section className="panel" aria-labelledby="voice-sessions">
          <h2 id="voice-sessions">Voice sessions</h2>
          <VoiceTranscripts sessions={page.voiceSessions} />
        </section>
        <section className="panel" aria-labelledby="roi-calculations">
          <h2 id="roi-calculations">ROI calculations</h2>
          <LeadRoiCalculations calculations={page.roiCalculations} />
          <h3>Bookings</h3>
          {lead.calendarBookings.length === 0 ? (
            <p className="empty">No booking.</p>
          ) : (
            <ul className="bookings">
              {lead.calendarBookings.map((booking) => (
                <li key={booking.id}>
                  {booking.title} · <ViewerTime iso={booking.startTime} />{' '}
                  <span className={`badge booking-${booking.status.toLowerCase()}`}>{enumWords(booking.status)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="panel spaced" aria-labelledby="emails">
        <h2 id="emails">Emails</h2>
        {lead.outboxMessages.length === 0 ? (
          <p className="empty">No email has been sent to this lead yet.</p>
        ) : (
          lead.outboxMessages.map((message) => (
            <details key={message.id} className="email" open={lead.outboxMessages.length === 1}>
              <summary>
                <strong>{message.subject}</strong> to {message.toAddress}{' '}
                <span className={`badge ${message.status.toLowerCase()}`}>{enumWords(message.status)}</span>{' '}
                {message.sentAt
                  ? `sent ${formatDateTime(message.sentAt)}`
                  : message.status === 'FAILED'
                    ? `not delivered: the mail server refused it (${message.lastError ?? 'no reply'})`
                    : `${message.attempts} attempt(s) so far`}
              </summary>
              <pre>{message.bodyText}</pre>
            </details>
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

      {canUpdate ? (
        <RecordEditSection headingId="edit-lead" fields={leadFields} values={values} failure={editFailure} />
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError subject="Lead" back={{ to: '/leads', label: 'Back to leads' }} />
}
