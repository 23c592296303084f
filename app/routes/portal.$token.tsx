import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react'
import { ViewerTime } from '../components/lead-time'
import partnershipPageStylesheet from '../components/partnership-page.css?url'
import { PartnershipPlanStrip } from '../components/partnership-plan-strip'
import { MeetingsList, MilestonesTable, PaymentsTable, SystemsTable } from '../components/partnership-plan-tables'
import { loadPortalPage } from '../partnership-portal.server'
import { enumWords } from '../../domain/records/enum-words'

// The client portal (§15 phase 5): what a partnership's client sees through the link their manager sent, read-only
// and without signing in. A revoked link answers 410, a link that never existed (or was altered) 404.

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: partnershipPageStylesheet }]

export function loader({ params, context }: LoaderFunctionArgs) {
  return loadPortalPage(context, params.token ?? '')
}

// The token is in the path: never cached by a shared cache, never sent on as a referrer.
export const headers: HeadersFunction = () => ({
  'Cache-Control': 'private, no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
})

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.partnership.companyName ?? 'Your partnership'} · AI KRE8TION Partners` },
  { name: 'robots', content: 'noindex' },
]

export default function PortalPage() {
  const { partnership, plan, now } = useLoaderData<typeof loader>()
  return (
    <div className="portal">
      <div className="page-head">
        <div>
          <h1>{partnership.companyName}: your partnership</h1>
          <p className="subtitle">
            {enumWords(partnership.tier)} · {enumWords(partnership.status)} · phase {enumWords(partnership.phase)} ·
            kickoff <ViewerTime iso={partnership.startDate} /> · target end{' '}
            <ViewerTime iso={partnership.targetEndDate} />
            {partnership.managerName ? ` · your partnership manager: ${partnership.managerName}` : ''}
          </p>
        </div>
      </div>
      <section className="panel spaced-bottom" aria-labelledby="plan">
        <h2 id="plan">Plan</h2>
        <PartnershipPlanStrip plan={plan} now={now} />
      </section>
      <div className="partnership-grid halves spaced-bottom">
        <section className="panel" aria-labelledby="milestones">
          <h2 id="milestones">Milestones</h2>
          <MilestonesTable milestones={plan.milestones} />
        </section>
        <section className="panel" aria-labelledby="systems">
          <h2 id="systems">Your systems</h2>
          <SystemsTable systems={plan.systems} />
        </section>
      </div>
      <div className="partnership-grid halves spaced-bottom">
        <section className="panel" aria-labelledby="meetings">
          <h2 id="meetings">Next meetings</h2>
          <MeetingsList meetings={plan.meetings} />
        </section>
        <section className="panel" aria-labelledby="invoices">
          <h2 id="invoices">Invoices</h2>
          <PaymentsTable payments={plan.payments} />
        </section>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const message =
    isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : 'Something went wrong on our side.'
  return (
    <section className="error">
      <h1>{status === 410 ? 'Link withdrawn' : status === 404 ? 'Link not valid' : 'Something went wrong'}</h1>
      <p>{message}</p>
    </section>
  )
}
