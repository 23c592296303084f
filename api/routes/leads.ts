import { Router, type Request, type Response } from 'express'
import { parseLeadSubmission } from '../../domain/leads/lead-input'
import { requireGrant } from '../auth/authorize'
import { ownedBy } from '../auth/ownership'
import type { WebDependencies } from '../dependencies'
import { handle } from '../handle'
import { captureLead, WorkflowStartError } from '../leads/capture-lead'
import { leadSelect, representLead } from '../leads/lead-representation'

export function leadRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const router = Router()

  async function createLead(request: Request, response: Response) {
    const parsed = parseLeadSubmission(request.body)
    if (!parsed.ok) {
      response.status(400).json({ error: 'The lead is not valid', errors: parsed.errors })
      return
    }
    try {
      const { lead, created } = await captureLead(
        { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE },
        parsed.submission,
      )
      response.status(created ? 201 : 200).json(representLead(lead, config))
    } catch (error) {
      if (error instanceof WorkflowStartError) {
        response.status(503).json({ error: error.message, errors: [] })
        return
      }
      throw error
    }
  }

  const mayCreate = requireGrant(dependencies, 'leads', 'create')
  router.post('/leads', mayCreate, handle(createLead))
  // The landing page's direct form posts here (seed 002 §11.3).
  router.post('/crm/leads', mayCreate, handle(createLead))

  router.get(
    '/leads/:id',
    requireGrant(dependencies, 'leads', 'read'),
    handle(async (request, response) => {
      const actor = response.locals.actor
      const own = response.locals.grant === 'own' && actor?.kind === 'user' ? ownedBy('leads', actor.userId) : {}
      const lead = await db.lead.findFirst({ where: { id: request.params.id, ...own }, select: leadSelect })
      if (!lead) {
        response.status(404).json({ error: `No lead with id ${request.params.id}`, errors: [] })
        return
      }
      response.json(representLead(lead, config))
    }),
  )

  return router
}
