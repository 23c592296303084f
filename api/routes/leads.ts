import { Router, type NextFunction, type Request, type Response } from 'express'
import { emailReplySchema } from '../../domain/integrations/email-reply'
import { parseBody } from '../../domain/integrations/parse'
import { parseLeadSubmission } from '../../domain/leads/lead-input'
import { grantFor } from '../../services/auth/grants'
import { requireGrant } from '../auth/authorize'
import { ownedBy } from '../../services/auth/ownership'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { refuse } from '../problem-response'
import { recordEmailReply } from '../../services/ingestion/email-replies'
import { captureLead } from '../../services/leads/capture-lead'
import { leadSelect, representLead } from '../../services/leads/lead-representation'

export function leadRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const router = Router()

  /**
   * A lead from a form or a script. Only a missing or invalid email (or source) refuses it; whatever else the sender
   * added or got wrong is kept on the lead's timeline, so a change to the form never loses a lead.
   */
  const createLead = (defaultSource?: 'website') => async (request: Request, response: Response) => {
    const parsed = parseLeadSubmission(request.body, { defaultSource })
    if (!parsed.ok) {
      refuse(response, 'invalid-input', 'The lead is not valid', { fields: parsed.errors })
      return
    }
    const { lead, created, workflow } = await captureLead(
      { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE },
      parsed.submission,
      { label: defaultSource ? 'the website form' : 'a lead submission', fields: parsed.kept },
    )
    // 202: the lead is recorded and its workflow will start (the reconciler) once Temporal answers again.
    response.status(workflow === 'pending' ? 202 : created ? 201 : 200).json(representLead(lead, config))
  }

  const mayCreate = requireGrant(dependencies, 'leads', 'create')
  router.post('/leads', mayCreate, handle(createLead()))
  // The landing page's direct form posts here (seed 002 §11.3): its leads are website leads unless it says otherwise.
  router.post('/crm/leads', mayCreate, handle(createLead('website')))

  router.get(
    '/leads/:id',
    requireGrant(dependencies, 'leads', 'read'),
    handle(async (request, response) => {
      const actor = response.locals.actor
      const own = response.locals.grant === 'own' && actor?.kind === 'user' ? ownedBy('leads', actor.userId) : {}
      const lead = await db.lead.findFirst({ where: { id: request.params.id, ...own }, select: leadSelect })
      if (!lead) {
        refuse(response, 'not-found', `No lead with id ${request.params.id}`)
        return
      }
      response.json(representLead(lead, config))
    }),
  )

  // An email reply, recorded by a mail integration (API key with leads:update) or by a person working the lead.
  router.post(
    '/leads/:id/replies',
    mayWorkLead(dependencies),
    handle(async (request, response) => {
      const parsed = parseBody(emailReplySchema, request.body, 'email reply')
      if (!parsed.ok) {
        refuse(response, 'invalid-input', 'The email reply is not valid', { fields: parsed.errors })
        return
      }
      const actor = response.locals.actor
      const own = response.locals.grant === 'own' && actor?.kind === 'user' ? ownedBy('leads', actor.userId) : {}
      const lead = await db.lead.findFirst({
        where: { id: request.params.id, ...own },
        select: { id: true, source: true, status: true, workflowId: true },
      })
      if (!lead) {
        refuse(response, 'not-found', `No lead with id ${request.params.id}`)
        return
      }
      const recorded = await recordEmailReply(
        { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE },
        lead,
        parsed.value,
        { userId: actor?.kind === 'user' ? actor.userId : null },
      )
      response.status(recorded.created ? 201 : 200).json({
        id: recorded.activityId,
        leadId: lead.id,
        messageId: parsed.value.messageId,
        receivedAt: parsed.value.receivedAt,
        subject: parsed.value.subject,
        duplicate: !recorded.created,
      })
    }),
  )

  return router
}

/**
 * Working a lead (recording what happened with it): the leads `update` grant, or a Sales Rep on a lead assigned to
 * them — the seed's "Read own" is about editing the record; working your own lead is the rep's job. A rep's
 * request is narrowed to their own leads (`grant: own`); others answer 404.
 */
function mayWorkLead(dependencies: Pick<WebDependencies, 'db'>) {
  const guard = requireGrant(dependencies, 'leads', 'update')
  return (request: Request, response: Response, next: NextFunction) => {
    const actor = response.locals.actor
    if (actor?.kind === 'user' && actor.role === 'SALES_REP' && grantFor(actor, 'leads', 'read') === 'own') {
      response.locals.grant = 'own'
      next()
      return
    }
    guard(request, response, next)
  }
}
