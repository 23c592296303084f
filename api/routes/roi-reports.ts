import { Router } from 'express'
import { roiReportFor } from '../../services/reports/roi-report-file'
import { requireGrant } from '../auth/authorize'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { refuse } from '../problem-response'

/** `GET /roi-calculations/:id/report.pdf`: the §7.2 report of one calculation, for readers of leads. */
export function roiReportRoutes(dependencies: WebDependencies): Router {
  const { db, config } = dependencies
  const router = Router()

  router.get(
    '/roi-calculations/:id/report.pdf',
    requireGrant(dependencies, 'leads', 'read'),
    handle(async (request, response) => {
      const actor = response.locals.actor
      const ownLeadsOf = response.locals.grant === 'own' && actor?.kind === 'user' ? actor.userId : null
      const report = await roiReportFor(db, request.params.id!, { ownLeadsOf, bookingUrl: config.BOOKING_URL })
      if (!report) {
        refuse(response, 'not-found', `No ROI calculation with id ${request.params.id}`)
        return
      }
      response.status(200).set(report.headers).end(report.pdf)
    }),
  )

  return router
}
