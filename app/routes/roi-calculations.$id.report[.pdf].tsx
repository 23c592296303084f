import type { LoaderFunctionArgs } from '@remix-run/node'
import { roiReportFor } from '../../services/reports/roi-report-file'
import { notFound, requireGrant } from '../auth.server'

// A resource route: `/roi-calculations/<id>/report.pdf` is the §7.2 report of one calculation for the signed-in
// user, narrowed like the API (a Sales Rep sees only reports of their own leads).
export async function loader(args: LoaderFunctionArgs) {
  const id = String(args.params.id)
  const { user, grant } = await requireGrant(args, { resource: 'leads', action: 'read' }, id)
  const report = await roiReportFor(args.context.db, id, {
    ownLeadsOf: grant === 'own' ? user.userId : null,
    bookingUrl: args.context.config.BOOKING_URL,
  })
  if (!report) throw notFound(`No ROI calculation with id ${id}`)
  return new Response(new Uint8Array(report.pdf), { status: 200, headers: report.headers })
}
