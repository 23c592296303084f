import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { loadSearch } from '../search.server'

export async function loader(args: LoaderFunctionArgs) {
  return loadSearch(args)
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.q ? `“${data.q}” · Search · Durable CRM` : 'Search · Durable CRM' },
]

export default function SearchPage() {
  const { q, answer, error } = useLoaderData<typeof loader>()
  const found = answer?.groups.reduce((sum, group) => sum + group.hits.length, 0) ?? 0
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Search</h1>
          <p className="subtitle">
            {answer
              ? `${found === 0 ? 'Nothing' : found} found for “${answer.query}” among the records you may see.`
              : 'Leads, companies, contacts, deals and partnerships, by name, email or company.'}
          </p>
        </div>
      </div>
      <Notice ok={null} error={error ? `The search is not valid: ${error}.` : null} />
      <section className="panel spaced-bottom">
        <Form method="get" className="search-page-form" role="search">
          <input type="search" name="q" defaultValue={q} aria-label="Search for" maxLength={100} autoFocus />
          <button type="submit" className="primary">
            Search
          </button>
        </Form>
      </section>
      {answer ? (
        <div className="search-groups">
          {answer.groups.map((group) => (
            <section key={group.kind} className="panel" aria-labelledby={`search-${group.kind}`}>
              <h2 id={`search-${group.kind}`}>
                {group.label} <span className="count">{group.more ? `${group.hits.length}+` : group.hits.length}</span>
              </h2>
              {group.hits.length === 0 ? (
                <p className="empty">None.</p>
              ) : (
                <ul className="search-hits">
                  {group.hits.map((hit) => (
                    <li key={hit.id}>
                      <Link to={hit.href}>{hit.title || '(no name)'}</Link>
                      <span className="search-detail">{hit.detail}</span>
                    </li>
                  ))}
                </ul>
              )}
              {group.more ? <p className="subtitle">More match: add a word to narrow the search.</p> : null}
            </section>
          ))}
        </div>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError back={{ to: '/', label: 'Back to the start page' }} />
}
