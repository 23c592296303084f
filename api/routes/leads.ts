import { Router, type Request, type Response } from 'express'
import { parseLeadSubmission } from '../../domain/leads/lead-input'
import type { WebDependencies } from '../dependencies'
import { captureLead, WorkflowStartError } from '../leads/capture-lead'
import { leadSelect, representLead } from '../leads/lead-representation'
import { handle } from '../handle'

export function leadRoutes({ db, temporal, config }: WebDependencies): Router {
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

  router.post('/leads', handle(createLead))
  // The landing page's direct form posts here (seed 002 §11.3).
  router.post('/crm/leads', handle(createLead))

  router.get(
    '/leads/:leadId',
    handle(async (request, response) => {
    const lead = await db.lead.findUnique({ where: { id: request.params.leadId }, select: leadSelect })
    if (!lead) {
      response.status(404).json({ error: `No lead with id ${request.params.leadId}`, errors: [] })
      return
    }
    response.json(representLead(lead, config))
    }),
  )

  return router
}
