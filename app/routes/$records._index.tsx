import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { plural } from '../../domain/formatting/plural'
import { problemFrom } from '../../services/problems/problem-from-error'
import { ExportButtons } from '../components/export-buttons'
import { Notice } from '../components/notice'
import { formatCell, RecordFields } from '../components/record-form'
import { RouteError } from '../components/route-error'
import { recordPages, referenceHref, type Column, type FormField } from '../record-pages'
import {
  abilitiesOf,
  guardedContext,
  listQueryOf,
  recordPageOf,
  referenceLabels,
  ownerNamesOf,
  referenceOptionsFor,
  serviceOf,
  userReferences,
} from '../records.server'

// /companies, /contacts, /opportunities, /partnerships, /voice-sessions: one list page per resource of
// app/record-pages.ts. Leads and users have their own pages (static routes win over this one).

export async function loader(args: LoaderFunctionArgs) {
  const page = recordPageOf(args.params)
  const { user, context } = await guardedContext(args, page, 'read')
  const url = new URL(args.request.url)
  const { query, direction } = listQueryOf(page, url)
  const referenceFields: FormField[] = [
    ...page.filters,
    ...page.columns.flatMap((column): FormField[] =>
      column.to ? [{ name: column.field, label: column.label, type: 'reference', to: column.to }] : [],
    ),
  ]
  const options = await referenceOptionsFor(args.context, user, referenceFields)
  const filters = Object.fromEntries(
    page.filters.map((filter) => [filter.name, url.searchParams.get(filter.name) ?? '']),
  )
  try {
    const list = await serviceOf(page).list(context, query, direction)
    const owners = await ownerNamesOf(
      args.context,
      list.data as Record<string, unknown>[],
      userReferences(page.columns),
    )
    return {
      segment: page.segment,
      ...list,
      filters,
      options,
      labels: { ...referenceLabels(options), ...owners },
      error: null,
      ...abilitiesOf(user, page),
      notice: url.searchParams.get('notice'),
    }
  } catch (error) {
    const refused = problemFrom(error)
    if (refused.status !== 400) throw error
    const problem = `${refused.detail}: ${refused.fields.map((entry) => `${entry.field} ${entry.message}`).join('; ')}`
    return {
      segment: page.segment,
      data: [],
      total: 0,
      nextCursor: null,
      previousCursor: null,
      filters,
      options,
      labels: {},
      error: problem,
      ...abilitiesOf(user, page),
      notice: null,
    }
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? (recordPages[data.segment]?.title ?? 'Records') : 'Records'} · Durable CRM` },
]

export default function RecordListPage() {
  const { segment, data, total, nextCursor, previousCursor, filters, options, labels, error, canCreate, notice } =
    useLoaderData<typeof loader>()
  const page = recordPages[segment]
  if (!page) return null
  const rows = data as unknown as Record<string, unknown>[]
  const filtered = Object.values(filters).some((value) => value !== '')
  const pagingQuery = (cursor: string, direction: 'next' | 'previous') => {
    const search = new URLSearchParams(Object.entries(filters).filter(([, value]) => value !== ''))
    search.set('cursor', cursor)
    if (direction === 'previous') search.set('direction', 'previous')
    return `?${search.toString()}`
  }
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{page.title}</h1>
          <p className="subtitle">{`${total} ${plural(total, page.singular, `${page.singular} records`)}${filtered ? ` ${plural(total, 'matches', 'match')} the filters` : ''}.`}</p>
        </div>
        <div className="export-buttons">
          {error ? null : <ExportButtons list={segment} />}
          {canCreate ? (
            <Link to={`/${segment}/new`} className="button primary">
              {`New ${page.singular}`}
            </Link>
          ) : null}
        </div>
      </div>
      <Notice ok={notice} error={error} />
      <section className="panel spaced-bottom" aria-labelledby="filters">
        <h2 id="filters" className="visually-hidden">
          Filters
        </h2>
        <Form method="get" className="form-grid filters">
          <RecordFields fields={page.filters} values={filters} errors={[]} options={options} mode="filter" />
          <div className="form-actions">
            <button type="submit" className="secondary">
              Filter
            </button>
            {filtered ? <Link to={`/${segment}`}>Clear</Link> : null}
          </div>
        </Form>
      </section>
      {rows.length === 0 ? (
        <p className="empty">
          {filtered ? `No ${page.singular} records match these filters.` : `No ${page.singular} records yet.`}
        </p>
      ) : (
        <section className="panel table-panel" aria-labelledby="records">
          <table>
            <caption className="visually-hidden" id="records">
              {page.title}
            </caption>
            <thead>
              <tr>
                {page.columns.map((column) => (
                  <th key={column.field}>{column.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((record) => (
                <tr key={String(record.id)}>
                  {page.columns.map((column, index) => (
                    <td key={column.field} className={column.format === 'date' ? 'when' : undefined}>
                      <CellLink
                        href={index === 0 ? `/${segment}/${String(record.id)}` : referencedPage(column, record)}
                      >
                        {formatCell(column, record, labels)}
                      </CellLink>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {previousCursor || nextCursor ? (
        <nav className="pager" aria-label="Pages">
          {previousCursor ? <Link to={pagingQuery(previousCursor, 'previous')}>← Previous</Link> : <span />}
          {nextCursor ? <Link to={pagingQuery(nextCursor, 'next')}>Next →</Link> : null}
        </nav>
      ) : null}
    </>
  )
}

function CellLink({ href, children }: { href: string | null; children: string }) {
  return href ? <Link to={href}>{children}</Link> : <>{children}</>
}

/** A reference cell opens the record it names (the lead of a voice session, the company of a deal). */
function referencedPage(column: Column, record: Record<string, unknown>): string | null {
  const id = record[column.field]
  return column.format === 'reference' && column.to && typeof id === 'string' ? referenceHref(column.to, id) : null
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
