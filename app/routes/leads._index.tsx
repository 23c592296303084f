import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { apiNameOfLeadStatus, industryLabels, leadSourceLabels } from '../../domain/leads/lead-vocabulary'
import { requireGrant, scopeOf } from '../auth.server'
import { formatDateTime, fullName } from '../format'

export async function loader(args: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(args, { resource: 'leads', action: 'read' })
  const leads = await args.context.db.lead.findMany({
    where: scopeOf(grant, 'leads', user),
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      companyName: true,
      source: true,
      industry: true,
      status: true,
      leadScore: true,
      createdAt: true,
    },
    orderBy: { createdAt: 'desc' },
    take: 50,
  })
  return { leads }
}

export const meta: MetaFunction = () => [{ title: 'Leads · Durable CRM' }]

export default function LeadsPage() {
  const { leads } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Leads</h1>
      <p className="subtitle">The 50 most recent leads.</p>
      {leads.length === 0 ? (
        <p className="empty">No leads yet. They arrive through POST /api/leads.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Company</th>
              <th>Source</th>
              <th>Industry</th>
              <th>Status</th>
              <th>Score</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => (
              <tr key={lead.id}>
                <td>
                  <Link to={`/leads/${lead.id}`}>{fullName(lead) ?? lead.email}</Link>
                </td>
                <td>{lead.companyName ?? '—'}</td>
                <td>{leadSourceLabels[lead.source]}</td>
                <td>{lead.industry ? industryLabels[lead.industry] : '—'}</td>
                <td>
                  <span className="badge">{apiNameOfLeadStatus[lead.status]}</span>
                </td>
                <td>{lead.leadScore}</td>
                <td className="when">{formatDateTime(lead.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
