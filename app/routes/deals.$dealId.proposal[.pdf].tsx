import type { LoaderFunctionArgs } from '@remix-run/node'
import { proposalFor } from '../../services/reports/proposal-file'
import { notFound, requireGrant } from '../auth.server'

// A resource route: `/deals/<id>/proposal.pdf` is the deal's proposal (§13.1) as it would be sent now, for the
// signed-in user, narrowed by §14.2 (a Sales Rep sees only the proposals of their own deals).
export async function loader(args: LoaderFunctionArgs) {
  const id = String(args.params.dealId)
  const { user, grant } = await requireGrant(args, { resource: 'opportunities', action: 'read' }, id)
  const proposal = await proposalFor(args.context.db, id, {
    ownDealsOf: grant === 'own' ? user.userId : null,
    preparedAt: new Date(),
  })
  if (!proposal) throw notFound(`No deal with id ${id}`)
  return new Response(new Uint8Array(proposal.pdf), { status: 200, headers: proposal.headers })
}
