import { Form, useNavigation } from '@remix-run/react'
import type { LeadActionName } from '../../domain/leads/lead-actions'
import { tierLabels, tierOrder, tierTerms } from '../../domain/tiers/tier-terms'

export interface LeadActionFailureView {
  intent: LeadActionName
  error: string
  errors: { field: string; message: string }[]
  values: Record<string, string>
}

interface Props {
  allowed: LeadActionName[]
  status: 'NEW' | 'CONTACTED' | 'QUALIFIED' | 'UNQUALIFIED' | 'CONVERTED'
  nurturePaused: boolean
  companyName: string | null
  companies: { id: string; name: string }[]
  failure: LeadActionFailureView | null
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })

function ActionButton({ intent, label, tone = 'secondary' }: { intent: LeadActionName; label: string; tone?: string }) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  return (
    <Form method="post" className="inline">
      <button type="submit" name="intent" value={intent} className={tone} disabled={busy}>
        {busy ? 'Working…' : label}
      </button>
    </Form>
  )
}

function FieldError({
  failure,
  intent,
  field,
}: {
  failure: LeadActionFailureView | null
  intent: LeadActionName
  field: string
}) {
  const error = failure?.intent === intent ? failure.errors.find((entry) => entry.field === field) : undefined
  return error ? (
    <span className="field-error" id={`${intent}-${field}-error`}>
      {error.message}
    </span>
  ) : null
}

/** The lead actions the user may take now, as forms; each posts to the page's action. */
export function LeadActionForms({ allowed, status, nurturePaused, companyName, companies, failure }: Props) {
  const can = (action: LeadActionName) => allowed.includes(action)
  if (status === 'CONVERTED' || status === 'UNQUALIFIED') {
    return (
      <p className="empty">
        This lead is {status === 'CONVERTED' ? 'converted' : 'disqualified'}: its process has ended.
      </p>
    )
  }
  const offered = {
    contacted: can('contacted') && status === 'NEW',
    qualify: can('qualify') && (status === 'NEW' || status === 'CONTACTED'),
    pause: can('pause-nurture') && !nurturePaused,
    resume: can('resume-nurture') && nurturePaused,
    disqualify: can('disqualify'),
    convert: can('convert') && status === 'QUALIFIED',
  }
  if (!Object.values(offered).some(Boolean)) return <p className="empty">No action is open to you on this lead.</p>
  const failed = (intent: LeadActionName) => failure?.intent === intent
  const reason = failed('disqualify') ? (failure?.values.reason ?? '') : ''
  return (
    <div className="lead-actions">
      <div className="actions">
        {offered.contacted ? <ActionButton intent="contacted" label="Mark contacted" tone="primary" /> : null}
        {offered.qualify ? <ActionButton intent="qualify" label="Qualify (SQL)" /> : null}
        {offered.pause ? <ActionButton intent="pause-nurture" label="Pause nurture" /> : null}
        {offered.resume ? <ActionButton intent="resume-nurture" label="Resume nurture" /> : null}
      </div>
      {can('convert') && !offered.convert ? (
        <p className="muted hint">Converting becomes possible once the lead is qualified.</p>
      ) : null}
      <div className="action-forms">
        {offered.convert ? (
          <Form method="post" className="action-form" aria-label="Convert the lead">
            <h3>Convert to an opportunity</h3>
            <div className="field">
              <label htmlFor="convert-tier">Tier</label>
              <select
                id="convert-tier"
                name="tier"
                key={`tier:${failure?.values.tier ?? ''}`}
                defaultValue={failed('convert') ? (failure?.values.tier ?? '') : ''}
                aria-invalid={
                  failed('convert') && failure?.errors.some((error) => error.field === 'tier') ? true : undefined
                }
              >
                <option value="">Choose…</option>
                {tierOrder.map((tier) => (
                  <option key={tier} value={tier.toLowerCase()}>
                    {tierLabels[tier].en} — {money.format(tierTerms[tier].setupFee)} +{' '}
                    {money.format(tierTerms[tier].monthlyFee)}/mo, {tierTerms[tier].weeks} wk
                  </option>
                ))}
              </select>
              <FieldError failure={failure} intent="convert" field="tier" />
            </div>
            {companies.length > 0 ? (
              <div className="field">
                <label htmlFor="convert-company">Company</label>
                <select id="convert-company" name="companyId" defaultValue="">
                  <option value="">
                    {companyName ? `Find or create “${companyName}”` : 'Create one from the lead'}
                  </option>
                  {companies.map((company) => (
                    <option key={company.id} value={company.id}>
                      {company.name}
                    </option>
                  ))}
                </select>
                <FieldError failure={failure} intent="convert" field="companyId" />
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="convert-name">Opportunity name (optional)</label>
              <input id="convert-name" name="opportunityName" maxLength={200} />
              <FieldError failure={failure} intent="convert" field="opportunityName" />
            </div>
            <button type="submit" name="intent" value="convert" className="primary">
              Convert
            </button>
          </Form>
        ) : null}
        {offered.disqualify ? (
          <Form method="post" className="action-form" aria-label="Disqualify the lead">
            <h3>Disqualify</h3>
            <div className="field">
              <label htmlFor="disqualify-reason">Reason</label>
              <textarea
                id="disqualify-reason"
                name="reason"
                key={`reason:${reason}`}
                defaultValue={reason}
                rows={2}
                maxLength={500}
                aria-invalid={
                  failed('disqualify') && failure?.errors.some((error) => error.field === 'reason') ? true : undefined
                }
                aria-describedby={failed('disqualify') ? 'disqualify-reason-error' : undefined}
              />
              <FieldError failure={failure} intent="disqualify" field="reason" />
            </div>
            <button type="submit" name="intent" value="disqualify" className="danger">
              Disqualify
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  )
}
