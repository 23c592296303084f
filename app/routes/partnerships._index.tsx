import {
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import {
  parsePartnershipListQuery,
  partnershipListPhases,
  partnershipListStatuses,
  type PartnershipListValues,
} from '../../domain/partnerships/partnership-list-query'
import type { FieldError } from '../../domain/validation/field-errors'
import { listPartnerships, type PartnershipListRow } from '../../services/partnerships/partnerships-list'
import { grantOf, requireGrant } from '../auth.server'
import { ViewerTime } from '../components/lead-time'
import { Bar } from '../components/lead-score-breakdown'
import { Notice } from '../components/notice'
import { bandOf } from '../components/partnership-health'
import partnershipPageStylesheet from '../components/partnership-page.css?url'
import { RouteError } from '../components/route-error'
import { enumWords } from '../../domain/records/enum-words'
import { countOf } from '../../domain/formatting/plural'

// The partnerships list (issue 11 "What people see"): health, phase, the next milestone and what is overdue, with
// filters in the URL and the viewer's own partnerships first. It takes /partnerships from the generic record list.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: partnershipPageStylesheet }]

interface PartnershipsPageData {
  values: PartnershipListValues
  errors: FieldError[]
  rows: (Omit<PartnershipListRow, 'targetEndDate' | 'nextMilestoneDueAt'> & {
    targetEndDate: string
    nextMilestoneDueAt: string | null
  })[]
  viewerId: string
  canCreate: boolean
}

export async function loader(args: LoaderFunctionArgs) {
  const { user } = await requireGrant(args, { resource: 'partnerships', action: 'read' })
  const parsed = parsePartnershipListQuery(new URL(args.request.url).searchParams)
  const canCreate = grantOf(user, { resource: 'partnerships', action: 'create' }) !== 'none'
  if (!parsed.ok) {
    return data<PartnershipsPageData>(
      { values: parsed.values, errors: parsed.errors, rows: [], viewerId: user.userId, canCreate },
      { status: 400 },
    )
  }
  const rows = await listPartnerships(args.context.db, parsed.query, user.userId)
  return data<PartnershipsPageData>({
    values: parsed.values,
    errors: [],
    rows: rows.map((row) => ({
      ...row,
      targetEndDate: row.targetEndDate.toISOString(),
      nextMilestoneDueAt: row.nextMilestoneDueAt?.toISOString() ?? null,
    })),
    viewerId: user.userId,
    canCreate,
  })
}

export const meta: MetaFunction = () => [{ title: 'Partnerships · Durable CRM' }]

const sortLabels: Record<string, string> = {
  next: 'Next milestone',
  health: 'Health',
  targetEnd: 'Target end',
  company: 'Company',
  phase: 'Phase',
}

export default function PartnershipsList() {
  const { values, errors, rows, viewerId, canCreate } = useLoaderData() as SerializeFrom<PartnershipsPageData>
  const location = useLocation()
  const sortHref = (sort: string) => {
    const params = new URLSearchParams(location.search)
    const direction = values.sort === sort && values.direction !== 'desc' ? 'desc' : 'asc'
    params.set('sort', sort)
    params.set('direction', direction)
    return `?${params.toString()}`
  }
  const header = (sort: string) => (
    <th
      scope="col"
      aria-sort={values.sort === sort ? (values.direction === 'desc' ? 'descending' : 'ascending') : undefined}
    >
      <Link to={sortHref(sort)}>
        {sortLabels[sort]}
        {(values.sort || 'next') === sort ? (values.direction === 'desc' ? ' ▼' : ' ▲') : ''}
      </Link>
    </th>
  )
  const choose = (name: keyof PartnershipListValues, label: string, options: { value: string; label: string }[]) => (
    <label>
      {label}
      <select name={name} defaultValue={values[name]}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Partnerships</h1>
          <p className="subtitle">Your own first, then everyone’s. Started by a won deal.</p>
        </div>
        {canCreate ? <Link to="/partnerships/new">New partnership</Link> : null}
      </div>
      <Notice error={errors.length > 0 ? errors.map((e) => `${e.field} ${e.message}`).join('; ') : null} />
      <Form method="get" className="partnership-filters panel">
        {choose(
          'status',
          'Status',
          partnershipListStatuses.map((value) => ({
            value: value === 'open' ? '' : value,
            label: value === 'open' ? 'Running (not ended)' : value === 'all' ? 'All' : enumWords(value),
          })),
        )}
        {choose('phase', 'Phase', [
          { value: '', label: 'Any' },
          ...partnershipListPhases.map((value) => ({ value, label: enumWords(value) })),
        ])}
        {choose('health', 'Health', [
          { value: '', label: 'Any' },
          { value: 'healthy', label: 'Healthy (70+)' },
          { value: 'watch', label: 'Watch (50–69)' },
          { value: 'at-risk', label: 'At risk' },
        ])}
        {choose('overdue', 'Overdue', [
          { value: '', label: 'Any' },
          { value: 'any', label: 'Something overdue' },
          { value: 'milestones', label: 'A milestone overdue' },
          { value: 'payments', label: 'A payment overdue' },
        ])}
        {choose('owner', 'Owner', [
          { value: '', label: 'Anyone' },
          { value: 'me', label: 'Mine only' },
        ])}
        <input type="hidden" name="sort" value={values.sort} />
        <input type="hidden" name="direction" value={values.direction} />
        <button type="submit" className="primary">
          Filter
        </button>
        <Link to="/partnerships">Clear</Link>
      </Form>
      <p className="muted">{countOf(rows.length, 'partnership')}</p>
      {rows.length === 0 ? (
        <p className="empty">No partnership matches.</p>
      ) : (
        <section className="panel table-panel" aria-label="Partnerships">
          <table className="compact partnership-list">
            <thead>
              <tr>
                {header('company')}
                <th scope="col">Tier</th>
                <th scope="col">Status</th>
                {header('phase')}
                {header('health')}
                {header('next')}
                <th scope="col">Overdue</th>
                {header('targetEnd')}
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const overall = row.atRisk && row.healthScore === null ? 0 : row.healthScore
                return (
                  <tr key={row.id} className={row.ownerId === viewerId ? 'mine' : undefined}>
                    <th scope="row">
                      <Link to={`/partnerships/${row.id}`}>{row.companyName}</Link>
                    </th>
                    <td>{enumWords(row.tier)}</td>
                    <td>
                      <span className={`badge status-${row.status.toLowerCase()}`}>{enumWords(row.status)}</span>
                    </td>
                    <td>{enumWords(row.currentPhase)}</td>
                    <td>
                      <span className="health-cell">
                        <span className={`badge band-${row.atRisk ? 'at-risk' : bandOf(overall)}`}>
                          {row.healthScore ?? '—'}
                        </span>
                        <Bar
                          percent={row.healthScore ?? 0}
                          label={`Health ${row.healthScore ?? 'no data'}`}
                          tone={`band-${bandOf(row.healthScore)}`}
                        />
                      </span>
                    </td>
                    <td>
                      {row.nextMilestone ? (
                        <>
                          {row.nextMilestone}
                          <br />
                          <span className="muted">
                            <ViewerTime iso={row.nextMilestoneDueAt!} />
                          </span>
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      {row.overdueMilestones > 0 ? (
                        <span className="badge state-overdue">{countOf(row.overdueMilestones, 'milestone')}</span>
                      ) : null}{' '}
                      {row.overduePayments > 0 ? (
                        <span className="badge state-overdue">{countOf(row.overduePayments, 'payment')}</span>
                      ) : null}
                    </td>
                    <td>
                      <ViewerTime iso={row.targetEndDate} />
                    </td>
                    <td>{row.ownerId === viewerId ? 'You' : (row.ownerName ?? 'Unassigned')}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </section>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError subject="Partnerships" back={{ to: '/', label: 'Back home' }} />
}
