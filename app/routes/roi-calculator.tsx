import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import {
  employeeCountByApiName,
  industryByApiName,
  industryLabels,
  type IndustryApiName,
} from '../../domain/leads/lead-vocabulary'
import { calculateRoi, roiInputLimits, roiTierKeys } from '../../domain/roi/roi-calculator'
import { tierLabels, tierOrder } from '../../domain/tiers/tier-terms'

// The public ROI calculator (§7.1) that ROI_CALCULATOR_URL points at by default: no sign-in, a GET form so a
// result is a link to share, and the figures from domain/roi/roi-calculator.ts, the same the report and the
// CRM use. It computes only: capturing a lead with its report stays with POST /api/crm/roi-calculations.

type Values = Record<'industry' | 'employees' | 'hourlyRate' | 'weeklyAdminHours', string>
type Errors = Partial<Record<keyof Values, string>>

export function loader({ request }: LoaderFunctionArgs) {
  const search = new URL(request.url).searchParams
  const values: Values = {
    industry: search.get('industry') ?? '',
    employees: search.get('employees') ?? '',
    hourlyRate: search.get('hourlyRate') ?? '',
    weeklyAdminHours: search.get('weeklyAdminHours') ?? '',
  }
  if (Object.values(values).every((value) => value === '')) return { values, errors: {} as Errors, result: null }
  const errors: Errors = {}
  const industry = industryByApiName[values.industry as IndustryApiName]
  if (!industry) errors.industry = 'Choose your industry.'
  const employeeCount = employeeCountByApiName[values.employees as keyof typeof employeeCountByApiName]
  if (!employeeCount) errors.employees = 'Choose your team size.'
  const number = (field: 'hourlyRate' | 'weeklyAdminHours', words: string) => {
    const value = Number(values[field])
    const { min, max } = roiInputLimits[field]
    if (values[field] === '' || !Number.isFinite(value) || value < min || value > max) {
      errors[field] = `Enter ${words} between ${min} and ${max}.`
    }
    return value
  }
  const hourlyRate = number('hourlyRate', 'an hourly rate in USD')
  const weeklyAdminHours = number('weeklyAdminHours', 'the admin hours a week')
  if (Object.keys(errors).length > 0 || !industry || !employeeCount) return { values, errors, result: null }
  const result = calculateRoi({ industry, employeeCount, hourlyRate, weeklyAdminHours })
  return {
    values,
    errors,
    result: tierOrder.map((tier) => {
      const key = roiTierKeys[tier]
      return {
        tier: tierLabels[tier].en,
        hoursSaved: result.weeklyHoursSaved[key],
        weeklyValue: result.weeklyValueCreated[key],
        annualReturn: result.annualROI[key].value,
        percentage: result.annualROI[key].percentage,
        paybackWeeks: result.paybackPeriod[key],
        firstYearCost: result.firstYearCost[key],
      }
    }),
  }
}

export const meta: MetaFunction = () => [
  { title: 'ROI calculator · AI KRE8TION Partners' },
  { name: 'description', content: 'What AI automation could give back to your team every week and over a year.' },
]

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const employeeLabels: Record<string, string> = {
  '1-5': '1–5',
  '5-10': '5–10',
  '10-25': '10–25',
  '25-50': '25–50',
  '50+': '50+',
}

export default function RoiCalculatorPage() {
  const { values, errors, result } = useLoaderData<typeof loader>()
  const field = (name: keyof Values) => ({
    id: `roi-${name}`,
    name,
    defaultValue: values[name],
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `roi-${name}-error` : undefined,
  })
  const error = (name: keyof Values) =>
    errors[name] ? (
      <span className="field-error" id={`roi-${name}-error`}>
        {errors[name]}
      </span>
    ) : null
  return (
    <section className="roi-calculator">
      <h1>ROI calculator</h1>
      <p className="subtitle">What AI automation could give back to your team every week and over its first year.</p>
      <section className="panel spaced-bottom" aria-labelledby="roi-inputs">
        <h2 id="roi-inputs">Your business</h2>
        <Form method="get" className="form-grid filters" noValidate>
          <div className="field">
            <label htmlFor="roi-industry">Industry</label>
            <select {...field('industry')}>
              <option value="">Choose…</option>
              {Object.entries(industryByApiName).map(([value, industry]) => (
                <option key={value} value={value}>
                  {industryLabels[industry]}
                </option>
              ))}
            </select>
            {error('industry')}
          </div>
          <div className="field">
            <label htmlFor="roi-employees">Employees</label>
            <select {...field('employees')}>
              <option value="">Choose…</option>
              {Object.keys(employeeCountByApiName).map((value) => (
                <option key={value} value={value}>
                  {employeeLabels[value] ?? value}
                </option>
              ))}
            </select>
            {error('employees')}
          </div>
          <div className="field">
            <label htmlFor="roi-hourlyRate">Hourly rate (USD)</label>
            <input {...field('hourlyRate')} type="number" min={1} max={1000} step="0.01" inputMode="decimal" />
            {error('hourlyRate')}
          </div>
          <div className="field">
            <label htmlFor="roi-weeklyAdminHours">Admin hours a week</label>
            <input {...field('weeklyAdminHours')} type="number" min={1} max={168} step="0.5" inputMode="decimal" />
            {error('weeklyAdminHours')}
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Calculate
            </button>
          </div>
        </Form>
      </section>
      {result ? (
        <section className="panel table-panel" aria-labelledby="roi-result">
          <table className="roi-result">
            <caption id="roi-result">Your return by tier</caption>
            <thead>
              <tr>
                <th scope="col">Tier</th>
                <th scope="col">Hours saved a week</th>
                <th scope="col">Value a week</th>
                <th scope="col">First-year return</th>
                <th scope="col">ROI</th>
                <th scope="col">Payback</th>
                <th scope="col">First-year cost</th>
              </tr>
            </thead>
            <tbody>
              {result.map((row) => (
                <tr key={row.tier}>
                  <th scope="row">{row.tier}</th>
                  <td>{decimal.format(row.hoursSaved)}</td>
                  <td>{money.format(row.weeklyValue)}</td>
                  <td>{money.format(row.annualReturn)}</td>
                  <td>{`${Math.round(row.percentage).toLocaleString('en-US')}%`}</td>
                  <td>{row.paybackWeeks > 0 ? `${decimal.format(row.paybackWeeks)} weeks` : '—'}</td>
                  <td>{money.format(row.firstYearCost)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  )
}
