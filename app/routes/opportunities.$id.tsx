import { RowAction } from '../components/row-action'
import { formatElapsed } from '../../domain/formatting/durations'
import { enumWords } from '../../domain/records/enum-words'
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { industryLabels } from '../../domain/leads/lead-vocabulary'
import { activityPanelAction, isActivityIntent, loadActivityPanel, type ActivityFailure } from '../activities.server'
import activitiesStylesheet from '../components/activities.css?url'
import { ActivityPanel } from '../components/activity-panel'
import { DealEmailForm, emailContactIntent } from '../components/deal-email-form'
import { DealOwner } from '../components/deal-owner'
import dealPageStylesheet from '../components/deal-page.css?url'
import { DealRoiComparison } from '../components/deal-roi-comparison'
import { useLiveRevalidation } from '../components/lead-live'
import { ViewerTime } from '../components/lead-time'
import { Notice } from '../components/notice'
import { ProposalSendForm, sendProposalIntent } from '../components/proposal-send-form'
import { ConfirmDelete, DeleteLink, RecordEditSection } from '../components/record-form'
import roiStylesheet from '../components/roi.css?url'
import { RouteError } from '../components/route-error'
import { emailContactAction } from '../deal-email.server'
import { dealPageAction, loadDealPage, type DealActionFailure } from '../deal-page.server'
import { sendProposalAction } from '../deal-proposal.server'
import { fullName } from '../format'
import { recordPages } from '../record-pages'
import type { ActionFailure } from '../records.server'

// The deal page (issue 10 "What people see"). It takes /opportunities/<id> from the generic record page, whose
// edit form it embeds, as the lead page does.

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: dealPageStylesheet },
  { rel: 'stylesheet', href: roiStylesheet },
  { rel: 'stylesheet', href: activitiesStylesheet },
]

export async function loader(args: LoaderFunctionArgs) {
  const page = await loadDealPage(args)
  const activityPanel = await loadActivityPanel(args, { kind: 'deal', id: page.deal.id })
  return {
    ...page,
    activityPanel,
    confirmDelete: page.canDelete && new URL(args.request.url).searchParams.has('delete'),
  }
}

export async function action(args: ActionFunctionArgs) {
  const id = String(args.params.id)
  const intent = (await args.request.clone().formData()).get('intent')
  if (isActivityIntent(intent)) {
    return activityPanelAction(args, { kind: 'deal', id }, `/opportunities/${id}`)
  }
  if (intent === sendProposalIntent) return sendProposalAction(args)
  if (intent === emailContactIntent) return emailContactAction(args)
  return dealPageAction(args)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.deal.name ?? 'Deal'} · Durable CRM` }]

const liveIntervalMs = 5_000
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const tierNames = { DISCOVERY: 'Discovery', FOUNDATION: 'Foundation', ARCHITECT: 'Architect' } as const

/** The stages a Move or Reopen form offers, each by its label. */
function StageOptions({ stages }: { stages: readonly { stage: string; label: string }[] }) {
  return stages.map((target) => (
    <option key={target.stage} value={target.stage}>
      {target.label}
    </option>
  ))
}

export default function DealPage() {
  const page = useLoaderData<typeof loader>()
  const {
    deal,
    path,
    checklistStages,
    plan,
    canUpdate,
    canDelete,
    open,
    nextStage,
    nextMoveRefusal,
    notice,
    confirmDelete,
  } = page
  const submitted = useActionData<ActionFailure | DealActionFailure | ActivityFailure>()
  const activityFailure = submitted && 'activityIntent' in submitted ? submitted : null
  const dealFailure = submitted && 'dealIntent' in submitted ? submitted : null
  const editFailure = submitted && !('dealIntent' in submitted) && !('activityIntent' in submitted) ? submitted : null
  useLiveRevalidation(liveIntervalMs)
  const stageLabel = path.find((step) => step.stage === deal.stage)?.label ?? deal.stage
  const contacts = deal.company.contacts

  return (
    <>
      <p>
        <Link to="/pipeline">← Pipeline</Link> · <Link to="/opportunities">All opportunities</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{deal.name}</h1>
          <p className="subtitle">
            <Link to={`/companies/${deal.company.id}`}>{deal.company.name}</Link> · {tierNames[deal.tier]} ·{' '}
            {money.format(deal.totalContractValue)} · {stageLabel} ({deal.probability} %) · Owner{' '}
            {deal.owner?.name ?? 'unassigned'}
          </p>
        </div>
        {canDelete && !confirmDelete ? <DeleteLink /> : null}
      </div>
      <Notice ok={submitted ? null : notice} error={dealFailure?.error ?? editFailure?.error} />
      {confirmDelete ? <ConfirmDelete singular="opportunity" keepTo={`/opportunities/${deal.id}`} /> : null}

      <section className="panel spaced-bottom" aria-labelledby="stage-path">
        <h2 id="stage-path">Stage path</h2>
        <ol className="stage-path">
          {path.map((step) => (
            <li
              key={step.stage}
              className={`stage-step ${step.state}`}
              aria-current={step.state === 'current' ? 'step' : undefined}
            >
              <span className="stage-name">{step.label}</span>
              <span className="stage-time">
                {step.timeInMs !== null
                  ? formatElapsed(step.timeInMs)
                  : step.state === 'current'
                    ? formatElapsed(page.timeInStageMs)
                    : '—'}
                {step.limitMs !== null && step.timeInMs !== null && step.timeInMs > step.limitMs ? ' · over limit' : ''}
              </span>
            </li>
          ))}
        </ol>
        {deal.stage === 'CLOSED_LOST' ? (
          <p>
            Lost: {deal.lostReason ?? 'no reason recorded'}
            {deal.competitorInfo ? ` (went with ${deal.competitorInfo})` : ''}
          </p>
        ) : null}
        {deal.stageTransitions.length > 0 ? (
          <details>
            <summary>Stage history</summary>
            <table className="stage-history">
              <thead>
                <tr>
                  <th>Stage</th>
                  <th>Entered</th>
                  <th>Exited</th>
                  <th>By</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {deal.stageTransitions.map((transition) => (
                  <tr key={transition.id}>
                    <td>{path.find((step) => step.stage === transition.toStage)?.label ?? transition.toStage}</td>
                    <td>
                      <ViewerTime iso={transition.enteredAt} />
                    </td>
                    <td>{transition.exitedAt ? <ViewerTime iso={transition.exitedAt} /> : '—'}</td>
                    <td>{transition.changedBy?.name ?? 'System'}</td>
                    <td>{transition.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </section>

      {canUpdate && open ? (
        <section className="panel spaced-bottom" aria-labelledby="move-deal">
          <h2 id="move-deal">Move</h2>
          <div className="deal-moves">
            {nextStage ? (
              <Form method="post" className="next-move">
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="toStage" value={nextStage} />
                <button
                  type="submit"
                  className="primary"
                  aria-describedby={nextMoveRefusal ? 'next-move-needs' : undefined}
                >
                  Move to {path.find((step) => step.stage === nextStage)?.label ?? 'Closed Won'}
                </button>
                {nextMoveRefusal ? (
                  <p id="next-move-needs" className="muted next-move-needs">
                    {nextMoveRefusal}
                  </p>
                ) : null}
              </Form>
            ) : null}
            <Form method="post" className="deal-move-form">
              <input type="hidden" name="intent" value="move" />
              <label>
                Move to
                <select name="toStage" defaultValue="">
                  <option value="" disabled>
                    Choose a stage
                  </option>
                  <StageOptions stages={page.moveTargets} />
                </select>
              </label>
              <label>
                Why (needed to go back or skip)
                <input name="reason" />
              </label>
              {page.canOverride ? (
                <label className="override">
                  <span>
                    <input type="checkbox" name="override" value="true" /> Override the exit criteria
                  </span>
                </label>
              ) : null}
              <button type="submit" className="secondary">
                Move
              </button>
            </Form>
            <Form method="post" className="deal-move-form">
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="toStage" value="CLOSED_LOST" />
              <label>
                Lost because
                <input name="lostReason" required />
              </label>
              <label>
                Competitor
                <input name="competitor" />
              </label>
              <button type="submit" className="danger">
                Close as lost
              </button>
            </Form>
          </div>
        </section>
      ) : null}

      {page.canReopen ? (
        <section className="panel spaced-bottom" aria-labelledby="reopen-deal">
          <h2 id="reopen-deal">Reopen</h2>
          <Form method="post" className="deal-move-form">
            <input type="hidden" name="intent" value="reopen" />
            <label>
              Back to
              <select name="toStage" defaultValue={deal.lostFromStage ?? 'NEW_LEAD'}>
                <StageOptions stages={page.reopenTargets} />
              </select>
            </label>
            <label>
              Why it is reopened
              <input name="reason" required />
            </label>
            <button type="submit" className="primary">
              Reopen
            </button>
          </Form>
        </section>
      ) : null}

      {page.canAssign ? (
        <DealOwner
          owner={deal.owner}
          choices={page.ownerChoices}
          viewerId={page.viewerId}
          refusal={dealFailure?.dealIntent === 'assign' ? dealFailure.error : null}
        />
      ) : null}

      <div className="grid">
        <section className="panel" aria-labelledby="checklist">
          <h2 id="checklist">Checklist</h2>
          {checklistStages.map((stage) => (
            <div key={stage.stage} className={`checklist-stage${stage.current ? ' current' : ''}`}>
              <h3>
                {stage.label}
                {stage.current ? ' (now)' : ''}
              </h3>
              <ul className="checklist">
                {stage.actions.map((item) => (
                  <li key={item.action} className={item.doneAt ? 'done' : 'open'}>
                    <span aria-hidden="true">{item.doneAt ? '✔' : '○'}</span> {item.label}
                    {item.doneAt ? (
                      <span className="muted">
                        {' '}
                        — <ViewerTime iso={item.doneAt} />
                        {item.by ? ` by ${item.by}` : ''}
                        {item.how ? ` (${item.how})` : ''}
                      </span>
                    ) : canUpdate && open ? (
                      <RowAction
                        fields={{ intent: 'complete-action', action: item.action }}
                        label="Mark done"
                        accessibleName={`Mark done: ${item.label}`}
                      />
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </section>

        <section className="panel" aria-labelledby="workflow">
          <h2 id="workflow">Workflow</h2>
          <dl className="fields">
            <div className="field-row">
              <dt>Run</dt>
              <dd>
                {deal.workflowId || open ? (
                  <>
                    {deal.workflowId ? <code>{deal.workflowId}</code> : 'Not started'}{' '}
                    <span className={`badge ${deal.workflowStatus.toLowerCase()}`}>
                      {enumWords(deal.workflowStatus)}
                    </span>
                  </>
                ) : (
                  'No run recorded in this CRM'
                )}
              </dd>
            </div>
            <div className="field-row">
              <dt>Last activity</dt>
              <dd>{deal.lastActivityAt ? <ViewerTime iso={deal.lastActivityAt} /> : 'None logged yet'}</dd>
            </div>
            {page.temporalUrl ? (
              <div className="field-row">
                <dt>Temporal</dt>
                <dd>
                  <a href={page.temporalUrl} target="_blank" rel="noreferrer">
                    Open this run in the Temporal Web UI
                  </a>
                </dd>
              </div>
            ) : null}
          </dl>
          <h3>Upcoming timers</h3>
          {!open ? (
            <p className="empty">
              {deal.stage === 'CLOSED_WON'
                ? 'Nothing scheduled: the deal is won, and its partnership carries on.'
                : 'Nothing scheduled: the deal is lost. A manager’s reopen starts its workflow.'}
            </p>
          ) : plan === null ? (
            <p className="empty">
              No plan recorded yet: the workflow writes it when it starts and whenever it changes.
            </p>
          ) : plan.length === 0 ? (
            <p className="empty">Nothing scheduled.</p>
          ) : (
            <ol className="upcoming-timers">
              {plan.map((step) => (
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

      <div className="grid spaced">
        <section className="panel" aria-labelledby="company">
          <h2 id="company">Company and contacts</h2>
          <p>
            <Link to={`/companies/${deal.company.id}`}>{deal.company.name}</Link> ·{' '}
            {industryLabels[deal.company.industry]}
            {deal.company.website ? ` · ${deal.company.website}` : ''}
          </p>
          {contacts.length === 0 ? (
            <p className="empty">No contact.</p>
          ) : (
            <ul className="deal-contacts">
              {contacts.map((contact) => (
                <li key={contact.id}>
                  <Link to={`/contacts/${contact.id}`}>{fullName(contact) ?? contact.email}</Link>
                  {contact.id === deal.primaryContactId ? ' (primary)' : ''}
                  {contact.title ? ` · ${contact.title}` : ''}
                  {contact.email ? ` · ${contact.email}` : ''}
                  {contact.phone ? ` · ${contact.phone}` : ''}
                </li>
              ))}
            </ul>
          )}
          {canUpdate && open ? (
            <DealEmailForm
              to={contacts.find((contact) => contact.id === deal.primaryContactId)?.email ?? null}
              refusal={dealFailure?.dealIntent === emailContactIntent ? dealFailure.error : null}
            />
          ) : null}
          {deal.sourceLead ? (
            <p>
              From lead <Link to={`/leads/${deal.sourceLead.id}`}>{deal.sourceLead.email}</Link>
            </p>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="proposal">
          <h2 id="proposal">Proposal</h2>
          <p>
            {tierNames[deal.tier]}: {money.format(deal.setupFee)} setup
            {deal.monthlyFee > 0
              ? ` + ${money.format(deal.monthlyFee)} a month for ${deal.estimatedMonths} months`
              : ''}{' '}
            = {money.format(deal.totalContractValue)}
          </p>
          <p>
            <a href={`/deals/${deal.id}/proposal.pdf`} target="_blank" rel="noreferrer">
              Download the proposal (PDF)
            </a>
          </p>
          {canUpdate && open ? (
            <ProposalSendForm
              to={contacts.find((contact) => contact.id === deal.primaryContactId)?.email ?? null}
              refusal={dealFailure?.dealIntent === sendProposalIntent ? dealFailure.error : null}
            />
          ) : null}
        </section>
      </div>

      <DealRoiComparison roi={page.roi} tier={deal.tier} />

      <ActivityPanel panel={page.activityPanel} failure={activityFailure} now={page.now} />

      {canUpdate ? (
        <RecordEditSection
          headingId="edit-deal"
          fields={recordPages.opportunities!.fields.filter((field) => !field.createOnly)}
          values={page.values}
          failure={editFailure}
          options={page.options}
        />
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError subject="Deal" back={{ to: '/pipeline', label: 'Back to the pipeline' }} />
}
