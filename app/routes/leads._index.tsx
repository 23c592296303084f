import { data, type LoaderFunctionArgs, type MetaFunction, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { plural } from '../../domain/formatting/plural'
import { scoreBand } from '../../domain/leads/lead-scoring'
import {
  defaultDirection,
  leadListHref,
  leadListPageSizes,
  leadListRange,
  maxLeadListOffset,
  parseLeadListQuery,
  type LeadListValues,
  type LeadSortField,
} from '../../domain/leads/lead-list-query'
import {
  apiNameOfLeadStatus,
  industryByApiName,
  industryLabels,
  leadSourceByApiName,
  leadSourceLabels,
  leadStatusByApiName,
} from '../../domain/leads/lead-vocabulary'
import type { FieldError } from '../../domain/validation/field-errors'
import { requireGrant, scopeOf } from '../auth.server'
import { ExportButtons } from '../components/export-buttons'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { fullName } from '../format'
import { leadOwnerOptions, listLeads } from '../leads-list.server'
import { zoneOf } from '../time-zone.server'

interface LeadsPageData {
  values: LeadListValues
  errors: FieldError[]
  owners: Awaited<ReturnType<typeof leadOwnerOptions>> | null
  rows: Awaited<ReturnType<typeof listLeads>>['rows']
  range: ReturnType<typeof leadListRange> | null
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(args, { resource: 'leads', action: 'read' })
  const parsed = parseLeadListQuery(new URL(args.request.url).searchParams)
  // Only those who see every lead choose an owner; a Sales Rep's list is their own leads anyway.
  const owners = grant === 'all' ? await leadOwnerOptions(args.context.db) : null
  if (!parsed.ok) {
    return data<LeadsPageData>(
      { values: parsed.values, errors: parsed.errors, owners, rows: [], range: null },
      { status: 400 },
    )
  }
  const { rows, total } = await listLeads(args.context.db, parsed.query, {
    userId: user.userId,
    scope: scopeOf(grant, 'leads', user),
    timeZone: zoneOf(args.request),
  })
  return data<LeadsPageData>({
    values: parsed.values,
    errors: [],
    owners,
    rows,
    range: leadListRange(parsed.query, rows.length, total),
  })
}

export const meta: MetaFunction = () => [{ title: 'Leads · Durable CRM' }]

const statusOptions = Object.keys(leadStatusByApiName).map((value) => ({ value, label: capitalise(value) }))
const stageOptions = [
  { value: 'none', label: 'Not qualified yet' },
  { value: 'mql', label: 'MQL' },
  { value: 'sql', label: 'SQL' },
]
const sourceOptions = Object.entries(leadSourceByApiName).map(([value, source]) => ({
  value,
  label: leadSourceLabels[source],
}))
const industryOptions = Object.entries(industryByApiName).map(([value, industry]) => ({
  value,
  label: industryLabels[industry],
}))
const sortOptions: { value: LeadSortField; label: string }[] = [
  { value: 'createdAt', label: 'Created' },
  { value: 'leadScore', label: 'Score' },
  { value: 'updatedAt', label: 'Last updated' },
  { value: 'name', label: 'Name' },
]
// The app shows times in UTC (app/format.ts); the list puts the day and the time on two lines to stay narrow.
const createdDay = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' })
const createdTime = new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'UTC' })
const filterNames = [
  'status',
  'stage',
  'source',
  'industry',
  'owner',
  'scoreMin',
  'scoreMax',
  'createdFrom',
  'createdTo',
] as const

export default function LeadsPage() {
  const { values, errors, owners, rows, range } = useLoaderData() as SerializeFrom<LeadsPageData>
  const navigation = useNavigation()
  // Remounted per URL, so Clear and the sort links also reset what the fields show.
  const { search } = useLocation()
  const filtered = filterNames.some((name) => values[name] !== '')
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Leads</h1>
          <p className="subtitle" aria-live="polite">
            {range
              ? `${range.total.toLocaleString('en-US')} ${plural(range.total, 'lead')}${filtered ? ` ${plural(range.total, 'matches', 'match')} the filters` : ''}.`
              : 'Correct the filters to see leads.'}
          </p>
        </div>
        {range ? <ExportButtons list="leads" /> : null}
      </div>
      <Notice error={errors.length > 0 ? 'Some filters could not be read: correct the marked fields.' : null} />
      <section className="panel spaced-bottom" aria-labelledby="lead-filters">
        <h2 id="lead-filters" className="visually-hidden">
          Filters
        </h2>
        <Form key={search} method="get" className="form-grid filters lead-filters">
          <SelectField
            name="status"
            label="Status"
            values={values}
            options={statusOptions}
            any="Any status"
            error={errorOf('status')}
          />
          <SelectField
            name="stage"
            label="Stage"
            values={values}
            options={stageOptions}
            any="Any stage"
            error={errorOf('stage')}
          />
          <SelectField
            name="source"
            label="Source"
            values={values}
            options={sourceOptions}
            any="Any source"
            error={errorOf('source')}
          />
          <SelectField
            name="industry"
            label="Industry"
            values={values}
            options={industryOptions}
            any="Any industry"
            error={errorOf('industry')}
          />
          {owners ? (
            <SelectField
              name="owner"
              label="Owner"
              values={values}
              any="Anyone"
              error={errorOf('owner')}
              options={[
                { value: 'me', label: 'Me' },
                { value: 'unassigned', label: 'Unassigned' },
                ...owners.map((owner) => ({
                  value: owner.id,
                  label: owner.active ? owner.name : `${owner.name} (inactive)`,
                })),
              ]}
            />
          ) : null}
          <NumberField name="scoreMin" label="Score from" values={values} error={errorOf('scoreMin')} />
          <NumberField name="scoreMax" label="Score to" values={values} error={errorOf('scoreMax')} />
          <DateField name="createdFrom" label="Created from" values={values} error={errorOf('createdFrom')} />
          <DateField name="createdTo" label="Created to" values={values} error={errorOf('createdTo')} />
          <SelectField name="sort" label="Sort by" values={values} options={sortOptions} error={errorOf('sort')} />
          <SelectField
            name="direction"
            label="Order"
            values={values}
            options={[
              { value: 'desc', label: 'Descending' },
              { value: 'asc', label: 'Ascending' },
            ]}
            any="Usual order"
            error={errorOf('direction')}
          />
          <SelectField
            name="perPage"
            label="Per page"
            values={values}
            options={leadListPageSizes.map((size) => ({ value: String(size), label: String(size) }))}
            error={errorOf('perPage')}
          />
          <div className="form-actions">
            <button type="submit" className="secondary">
              {navigation.state === 'loading' ? 'Filtering…' : 'Filter'}
            </button>
            {filtered || values.sort !== '' ? <Link to="/leads">Clear</Link> : null}
          </div>
        </Form>
      </section>
      {range && rows.length === 0 ? (
        <p className="empty">
          {filtered ? 'No leads match these filters.' : 'No leads yet. They arrive through POST /api/leads.'}
        </p>
      ) : null}
      {rows.length > 0 ? (
        <section className="panel table-panel" aria-labelledby="lead-rows">
          <table className="lead-list">
            <caption className="visually-hidden" id="lead-rows">
              Leads
            </caption>
            <thead>
              <tr>
                <SortHeader field="name" label="Name" values={values} />
                <th scope="col">Company</th>
                <th scope="col">Source</th>
                <th scope="col">Industry</th>
                <th scope="col">Status</th>
                <SortHeader field="leadScore" label="Score" values={values} />
                <th scope="col">Owner</th>
                <SortHeader field="createdAt" label="Created" values={values} />
              </tr>
            </thead>
            <tbody>
              {rows.map((lead) => (
                <tr key={lead.id}>
                  <td>
                    <Link to={`/leads/${lead.id}`}>{fullName(lead) ?? lead.email}</Link>
                    {fullName(lead) ? (
                      <span className="lead-email" title={lead.email}>
                        {lead.email}
                      </span>
                    ) : null}
                  </td>
                  <td>{lead.companyName ?? '—'}</td>
                  <td>{leadSourceLabels[lead.source]}</td>
                  <td>{lead.industry ? industryLabels[lead.industry] : '—'}</td>
                  <td>
                    <span className="chips">
                      <span className={`chip status-${apiNameOfLeadStatus[lead.status]}`}>
                        {apiNameOfLeadStatus[lead.status]}
                      </span>
                      {lead.qualificationStage !== 'NONE' ? (
                        <span className="chip stage">{lead.qualificationStage}</span>
                      ) : null}
                    </span>
                  </td>
                  <td>
                    <ScoreBar score={lead.leadScore} />
                  </td>
                  <td className="lead-owner">
                    {lead.assignedTo ? lead.assignedTo.name : <span className="muted">Unassigned</span>}
                  </td>
                  <td className="lead-created">
                    <time dateTime={new Date(lead.createdAt).toISOString()}>
                      {createdDay.format(new Date(lead.createdAt))}
                      <span>{`${createdTime.format(new Date(lead.createdAt))} UTC`}</span>
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {range && range.total > 0 ? (
        <nav className="pager lead-pager" aria-label="Pages">
          {range.hasPrevious ? (
            <Link to={leadListHref(values, { page: String(Number(values.page || '1') - 1) })} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span />
          )}
          <span className="range">{`${range.first.toLocaleString('en-US')}–${range.last.toLocaleString('en-US')} of ${range.total.toLocaleString('en-US')}`}</span>
          {range.hasNext ? (
            <Link to={leadListHref(values, { page: String(Number(values.page || '1') + 1) })} rel="next">
              Next →
            </Link>
          ) : range.last < range.total ? (
            <span className="muted">{`The list pages through the first ${maxLeadListOffset.toLocaleString('en-US')}: narrow the filters for more.`}</span>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  )
}

/** The score as a bar (an SVG rect, so no inline style is needed under the CSP) and its band. */
function ScoreBar({ score }: { score: number }) {
  const band = scoreBand(score)
  return (
    <span className={`score score-${band}`}>
      <svg className="score-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
        <rect className="score-track" x="0" y="0" width="100" height="8" rx="2" />
        <rect className="score-fill" x="0" y="0" width={Math.max(0, Math.min(100, score))} height="8" rx="2" />
      </svg>
      <span className="score-value">{score}</span>
      <span className="score-band">{band}</span>
    </span>
  )
}

/** A column heading that sorts by it; a second click reverses the order. */
function SortHeader({ field, label, values }: { field: LeadSortField; label: string; values: LeadListValues }) {
  const currentField = (values.sort || 'createdAt') as LeadSortField
  const currentDirection = values.direction || defaultDirection(currentField)
  const active = currentField === field
  const nextDirection = active ? (currentDirection === 'asc' ? 'desc' : 'asc') : defaultDirection(field)
  return (
    <th scope="col" aria-sort={active ? (currentDirection === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        className={active ? 'sort-link active' : 'sort-link'}
        to={leadListHref(values, { sort: field, direction: nextDirection })}
      >
        {label}
        {active ? (currentDirection === 'asc' ? ' ↑' : ' ↓') : null}
      </Link>
    </th>
  )
}

interface FieldProps {
  name: keyof LeadListValues
  label: string
  values: LeadListValues
  error?: string
}

function FieldShell({ name, label, error, children }: Omit<FieldProps, 'values'> & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      {children}
      {error ? (
        <span className="field-error" id={`filter-${name}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  )
}

function SelectField({
  options,
  any,
  ...props
}: FieldProps & { options: { value: string; label: string }[]; any?: string }) {
  const { name, values, error } = props
  return (
    <FieldShell {...props}>
      <select
        id={`filter-${name}`}
        name={name}
        defaultValue={values[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `filter-${name}-error` : undefined}
      >
        {any !== undefined ? <option value="">{any}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}

function NumberField(props: FieldProps) {
  const { name, values, error } = props
  return (
    <FieldShell {...props}>
      <input
        id={`filter-${name}`}
        name={name}
        type="number"
        min={0}
        max={100}
        step={1}
        inputMode="numeric"
        defaultValue={values[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `filter-${name}-error` : undefined}
      />
    </FieldShell>
  )
}

function DateField(props: FieldProps) {
  const { name, values, error } = props
  // A date input shows nothing for a value it cannot parse, so the error names what the link said.
  return (
    <FieldShell {...props} error={error && values[name] ? `“${values[name]}” ${error}` : error}>
      <input
        id={`filter-${name}`}
        name={name}
        type="date"
        defaultValue={values[name]}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `filter-${name}-error` : undefined}
      />
    </FieldShell>
  )
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1)
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
