import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useLiveRevalidation } from '../components/lead-live'
import { ViewerTime } from '../components/lead-time'
import { Notice } from '../components/notice'
import { PartnershipControls, PortalLinks } from '../components/partnership-controls'
import { bandOf, PartnershipHealth } from '../components/partnership-health'
import partnershipPageStylesheet from '../components/partnership-page.css?url'
import { PartnershipPlanStrip } from '../components/partnership-plan-strip'
import { MeetingsList, MilestonesTable, PaymentsTable, SystemsTable } from '../components/partnership-plan-tables'
import { ConfirmDelete, DeleteLink, RecordEditSection } from '../components/record-form'
import { RouteError } from '../components/route-error'
import {
  loadPartnershipPage,
  partnershipPageAction,
  type PartnershipActionFailure,
  type PortalLinkCreated,
} from '../partnership-page.server'
import { recordPages } from '../record-pages'
import type { ActionFailure } from '../records.server'
import { enumWords } from '../../domain/records/enum-words'

// The partnership page (issue 11 "What people see"). It takes /partnerships/<id> from the generic record page,
// whose edit form it embeds, as the deal page does.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: partnershipPageStylesheet }]

export async function loader(args: LoaderFunctionArgs) {
  return loadPartnershipPage(args)
}

export async function action(args: ActionFunctionArgs) {
  return partnershipPageAction(args)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.partnership.company.name ?? 'Partnership'} · Partnership · Durable CRM` },
]

const liveIntervalMs = 5_000
const alertSeverities: Record<string, string> = { critical: 'failed', warning: 'pending', info: 'completed' }

export default function PartnershipPage() {
  const page = useLoaderData<typeof loader>()
  const { partnership, plan, health, notice } = page
  const submitted = useActionData<ActionFailure | PartnershipActionFailure | PortalLinkCreated>()
  const failure = submitted && 'partnershipIntent' in submitted ? submitted : null
  const created = submitted && 'portalLink' in submitted ? submitted.portalLink : null
  const editFailure =
    submitted && !('partnershipIntent' in submitted) && !('portalLink' in submitted) ? submitted : null
  const portalFailure = failure?.partnershipIntent.includes('portal-link') ? failure.error : null
  useLiveRevalidation(liveIntervalMs)

  return (
    <>
      <p>
        <Link to="/partnerships">← Partnerships</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{partnership.company.name}</h1>
          <p className="subtitle">
            {enumWords(partnership.tier)} partnership ·{' '}
            <span className={`badge status-${partnership.status.toLowerCase()}`}>{enumWords(partnership.status)}</span>{' '}
            · phase {enumWords(partnership.currentPhase)} · health{' '}
            <span className={`badge band-${bandOf(health.overall)}`}>{health.overall ?? 'No data'}</span> · Owner{' '}
            {partnership.owner?.name ?? 'unassigned'} · from the deal{' '}
            <Link to={`/opportunities/${partnership.opportunity.id}`}>{partnership.opportunity.name}</Link>
          </p>
          <p className="subtitle">
            Kickoff <ViewerTime iso={partnership.startDate} /> · target end{' '}
            <ViewerTime iso={partnership.targetEndDate} />
            {partnership.pausedAt ? (
              <>
                {' '}
                · paused since <ViewerTime iso={partnership.pausedAt} />
              </>
            ) : null}
          </p>
        </div>
        {page.canDelete && !page.confirmDelete ? <DeleteLink /> : null}
      </div>
      <Notice
        ok={submitted ? null : notice}
        error={(failure && !portalFailure ? failure.error : null) ?? editFailure?.error}
      />

      {page.confirmDelete ? <ConfirmDelete singular="partnership" keepTo={`/partnerships/${partnership.id}`} /> : null}

      <section className="panel spaced-bottom" aria-labelledby="plan">
        <h2 id="plan">Plan: phases and milestones, planned against actual</h2>
        <PartnershipPlanStrip plan={plan} now={page.now} />
      </section>

      <div className="partnership-grid wide-left spaced-bottom">
        <section className="panel" aria-labelledby="milestones">
          <h2 id="milestones">Milestones</h2>
          <MilestonesTable milestones={plan.milestones} canComplete={page.canSteer} />
        </section>
        <div className="stack">
          <section className="panel" aria-labelledby="alerts">
            <h2 id="alerts">Open alerts</h2>
            {page.openAlerts.length === 0 ? (
              <p className="empty">No open alert.</p>
            ) : (
              <ul className="alerts">
                {page.openAlerts.map((alert) => (
                  <li key={alert.id} className={`alert severity-${alert.severity}`}>
                    <span className={`badge ${alertSeverities[alert.severity] ?? ''}`}>{alert.severity}</span>{' '}
                    <strong>{alert.message}</strong>
                    <p>
                      <span className="muted">Recommended:</span> {alert.recommendedAction}
                    </p>
                    <span className="muted">
                      raised <ViewerTime iso={alert.createdAt} />
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="panel" aria-labelledby="workflow">
            <h2 id="workflow">Workflow</h2>
            <dl className="fields">
              <div className="field-row">
                <dt>Owner</dt>
                <dd>{partnership.owner?.name ?? 'Unassigned'}</dd>
              </div>
            </dl>
            <p>
              {partnership.workflowId ? (
                <code>{partnership.workflowId}</code>
              ) : page.ended ? (
                'No run recorded in this CRM'
              ) : (
                'Not started'
              )}{' '}
              {partnership.workflowId || !page.ended ? (
                <span className={`badge ${partnership.workflowStatus.toLowerCase()}`}>
                  {enumWords(partnership.workflowStatus)}
                </span>
              ) : null}{' '}
              {page.temporalUrl ? (
                <a href={page.temporalUrl} target="_blank" rel="noreferrer">
                  Open this run in the Temporal Web UI
                </a>
              ) : null}
            </p>
            <h3>Upcoming timers</h3>
            {page.ended ? (
              <p className="empty">Nothing scheduled: the partnership has ended.</p>
            ) : page.upcoming === null ? (
              <p className="empty">
                No plan recorded yet: the workflow writes it when it starts and whenever it changes.
              </p>
            ) : page.upcoming.length === 0 ? (
              <p className="empty">
                {partnership.status === 'PAUSED'
                  ? 'Nothing scheduled while the partnership is paused: its timers start again when it resumes.'
                  : 'Nothing scheduled.'}
              </p>
            ) : (
              <ol className="upcoming-timers">
                {page.upcoming.map((step) => (
                  <li key={step.key}>
                    <strong>
                      <ViewerTime iso={step.dueAt} />
                    </strong>{' '}
                    — {step.label}
                    {step.reason ? <span className="muted"> ({step.reason})</span> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>

      <section className="panel spaced-bottom" aria-labelledby="health">
        <h2 id="health">Health</h2>
        <PartnershipHealth overall={health.overall} components={health.components} history={health.history} />
      </section>

      <div className="partnership-grid thirds spaced-bottom">
        <section className="panel" aria-labelledby="systems">
          <h2 id="systems">Delivered systems</h2>
          <SystemsTable systems={plan.systems} />
          <p className="muted">
            Knowledge transfer {partnership.knowledgeTransferScore} % · training{' '}
            {partnership.trainingCompleted.length > 0 ? partnership.trainingCompleted.join(', ') : 'none yet'} · docs{' '}
            {partnership.docsDelivered.length > 0 ? partnership.docsDelivered.join(', ') : 'none yet'}
          </p>
        </section>
        <section className="panel" aria-labelledby="meetings">
          <h2 id="meetings">Meetings</h2>
          {partnership.weeklyMeetingDay || partnership.weeklyMeetingTime ? (
            <p className="muted">
              Weekly {partnership.weeklyMeetingDay ?? ''} {partnership.weeklyMeetingTime ?? ''}, client’s time (
              {partnership.clientTimeZone})
            </p>
          ) : null}
          <MeetingsList meetings={plan.meetings} />
        </section>
        <section className="panel" aria-labelledby="payments">
          <h2 id="payments">Payments</h2>
          <PaymentsTable payments={plan.payments} canMarkReceived={page.canMarkReceived} />
        </section>
      </div>

      <div className="partnership-grid halves spaced-bottom">
        <section className="panel" aria-labelledby="status-history">
          <h2 id="status-history">Status history</h2>
          {plan.statusChanges.length === 0 ? (
            <p className="empty">No status recorded yet.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {plan.statusChanges.map((change) => (
                  <tr key={change.id}>
                    <td>{enumWords(change.toStatus)}</td>
                    <td>
                      <ViewerTime iso={change.at} />
                    </td>
                    <td>{change.by ?? 'Workflow'}</td>
                    <td>{change.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel" aria-labelledby="steer">
          <h2 id="steer">Steer</h2>
          {page.canSteer ? (
            <PartnershipControls status={partnership.status} />
          ) : (
            <p className="empty">
              {page.ended
                ? 'The partnership has ended: nothing left to steer.'
                : 'Read-only: only the partnership’s Customer Success owner or a manager changes it.'}
            </p>
          )}
          {page.canShare ? (
            <>
              <h3>Client portal</h3>
              <PortalLinks links={page.portalLinks} created={created} refusal={portalFailure} />
            </>
          ) : null}
        </section>
      </div>

      {page.canUpdate ? (
        <RecordEditSection
          headingId="edit-partnership"
          fields={recordPages.partnerships!.fields.filter((field) => !field.createOnly)}
          values={page.values}
          failure={editFailure}
          options={page.options}
        />
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError subject="Partnership" back={{ to: '/partnerships', label: 'Back to partnerships' }} />
}
