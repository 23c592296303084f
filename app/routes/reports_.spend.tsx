import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { dollarsToCents } from '../../domain/analytics/marketing-spend-input'
import { monthKeyIn } from '../../domain/time/zoned-time'
import { leadSourceLabels } from '../../domain/leads/lead-vocabulary'
import type { FieldError } from '../../domain/validation/field-errors'
import { enterMarketingSpend, marketingSpendSheet, saveMarketingSpend } from '../../services/analytics/marketing-spend'
import { Problem } from '../../services/problems/problem'
import { clientOf, requireGrant } from '../auth.server'
import dashboardStylesheet from '../components/dashboard.css?url'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { formatDateTime } from '../format'
import { problemForForm, problemInit } from '../problem.server'
import { zoneOf } from '../time-zone.server'

// The marketing spend per lead source for one month (§10.2 cost per lead, decision 0040): Admin and Sales Manager.

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/

function monthOf(request: Request): string {
  const month = new URL(request.url).searchParams.get('month') || monthKeyIn(Date.now(), zoneOf(request))
  if (!monthPattern.test(month)) {
    throw new Response('month: must be a month like 2026-11', { status: 400, statusText: 'Bad Request' })
  }
  return month
}

// The month picker is the Reports page's.
export const links: LinksFunction = () => [{ rel: 'stylesheet', href: dashboardStylesheet }]

export async function loader(args: LoaderFunctionArgs) {
  await requireGrant(args, enterMarketingSpend)
  const month = monthOf(args.request)
  return { month, sheet: await marketingSpendSheet(args.context.db, month) }
}

type ActionResult = { ok: string | null; error: string | null; fields: FieldError[] }

/** The form's dollars as the service's cents: `amounts.PAID_ADS=1,250.50` → `{ PAID_ADS: 125050 }`, empty → null. */
function sheetOf(form: FormData): { month: FormDataEntryValue | undefined; amounts: Record<string, number | null> } {
  const amounts: Record<string, number | null> = {}
  const fields: FieldError[] = []
  for (const [name, value] of form.entries()) {
    if (!name.startsWith('amounts.')) continue
    const parsed = dollarsToCents(String(value))
    if (parsed === null) amounts[name.slice('amounts.'.length)] = null
    else if (parsed.ok) amounts[name.slice('amounts.'.length)] = parsed.cents
    else fields.push({ field: name, message: parsed.message })
  }
  if (fields.length > 0) throw new Problem('invalid-input', 'The marketing spend is not valid', { fields })
  return { month: form.get('month') ?? undefined, amounts }
}

export async function action(args: ActionFunctionArgs) {
  const { user } = await requireGrant(args, enterMarketingSpend)
  const form = await args.request.formData()
  try {
    const changes = await saveMarketingSpend(
      { db: args.context.db, actor: user, client: clientOf(args) },
      sheetOf(form),
    )
    const ok =
      changes.length === 0
        ? 'Nothing changed.'
        : `Saved: ${changes.map((change) => leadSourceLabels[change.source]).join(', ')}.`
    return { ok, error: null, fields: [] } satisfies ActionResult
  } catch (error) {
    const problem = problemForForm(error)
    const fields = problem.fields.map((field) => `${field.field} ${field.message}`).join('; ')
    return data(
      { ok: null, error: fields ? `${problem.detail}: ${fields}` : problem.detail, fields: problem.fields },
      problemInit(problem),
    )
  }
}

export const meta: MetaFunction = () => [{ title: 'Marketing spend · Durable CRM' }]

const dollars = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2))

export default function MarketingSpendPage() {
  const { month, sheet } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  const fieldError = (name: string) => result?.fields?.find((field) => field.field === name)?.message
  return (
    <>
      <div className="page-head report-head">
        <div>
          <h1>Marketing spend</h1>
          <p className="subtitle">
            What each lead source cost in {month}, in US dollars: the Reports page divides it by the leads it brought.
            Leave a source empty when its spend is not known; enter 0 when nothing was spent.
          </p>
        </div>
        <Form method="get" className="period-picker" aria-label="Month">
          <label>
            Month
            <input type="month" name="month" defaultValue={month} required />
          </label>
          <button type="submit">Show</button>
        </Form>
      </div>
      <Notice ok={result?.ok} error={result?.error} />
      <Form method="post" className="panel table-panel" aria-label={`Spend in ${month}`}>
        <input type="hidden" name="month" value={month} />
        <table>
          <thead>
            <tr>
              <th>Source</th>
              <th className="number">Spend (USD)</th>
              <th>Entered by</th>
            </tr>
          </thead>
          <tbody>
            {sheet.map((row) => {
              const name = `amounts.${row.source}`
              const error = fieldError(name)
              return (
                <tr key={row.source} data-source={row.source}>
                  <td>
                    <label htmlFor={name}>{leadSourceLabels[row.source]}</label>
                  </td>
                  <td className="number">
                    <input
                      // A new saved value replaces what was typed (the form shows what is stored).
                      key={`${row.source}-${row.amountCents ?? 'none'}`}
                      id={name}
                      name={name}
                      inputMode="decimal"
                      defaultValue={dollars(row.amountCents)}
                      placeholder="not entered"
                      aria-invalid={error ? true : undefined}
                    />
                    {error ? <span className="field-error">{error}</span> : null}
                  </td>
                  <td className="muted">{row.enteredBy ? `${row.enteredBy}, ${formatDateTime(row.enteredAt)}` : ''}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p>
          <button type="submit" className="primary">
            Save {month}
          </button>
        </p>
      </Form>
      <p className="muted">
        <Link to={`/reports?month=${month}`}>Back to the reports of {month}</Link>
      </p>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/reports', label: 'Back to the reports' }} />
}
