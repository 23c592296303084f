import type { Client } from '@temporalio/client'
import type { UpdateDefinition } from '@temporalio/common'
import {
  decideLeadAction,
  leadActionLabels,
  parseLeadActionInput,
  type LeadActionGrants,
  type LeadActionName,
  type LeadActionRequest,
} from '../../domain/leads/lead-actions'
import type { Database } from '../../lib/db'
import {
  convertLeadUpdate,
  disqualifyLeadUpdate,
  markContactedUpdate,
  pauseNurtureUpdate,
  qualifyLeadUpdate,
  resumeNurtureUpdate,
  type LeadActor,
  type LeadConversion,
  type LeadWorkflowStatus,
} from '../../workflows/lead-messages'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { grantFor } from '../auth/grants'
import { Problem } from '../problems/problem'
import { problemFrom } from '../problems/problem-from-error'
import { executeEntityUpdate } from '../workflows/entity-workflow-client'
import { leadWorkflowOf } from './lead-workflow'
import { leadStateSelect, representLeadState, type LeadState } from './lead-representation'

// The lead actions of the lead page and of POST /api/leads/:id/<action>, transport-free: who may, what input,
// and the update of the lead's workflow that does it. The workflow owns the process; this only asks it.

export interface LeadActionContext {
  db: Database
  temporal: Client
  taskQueue: string
  actor: Actor
  client?: { ipAddress?: string; userAgent?: string }
  /** The request that asked, for a denied attempt's audit row. */
  via?: { method: string; path: string }
}

export interface LeadActionOutcome {
  action: LeadActionName
  lead: LeadState
  /** What the workflow answered (its status after the step); null when the lead was closed already. */
  workflow: LeadWorkflowStatus | null
  conversion: LeadConversion | null
}

export function leadActionGrantsOf(actor: Actor): LeadActionGrants {
  return {
    leadsRead: grantFor(actor, 'leads', 'read'),
    leadsUpdate: grantFor(actor, 'leads', 'update'),
    opportunitiesCreate: grantFor(actor, 'opportunities', 'create'),
    user: actor.kind === 'user' ? { userId: actor.userId, role: actor.role } : null,
  }
}

/** Which actions the actor may take on this lead (for showing only the forms that will work). */
export function allowedLeadActions(actor: Actor, lead: { assignedToId: string | null }): Set<LeadActionName> {
  const grants = leadActionGrantsOf(actor)
  const names: LeadActionName[] = ['contacted', 'qualify', 'disqualify', 'pause-nurture', 'resume-nurture', 'convert']
  return new Set(names.filter((name) => decideLeadAction(grants, lead, name) === 'allowed'))
}

function leadActorOf(actor: Actor): LeadActor {
  return actor.kind === 'user'
    ? { userId: actor.userId, name: actor.name }
    : { userId: null, name: `API key "${actor.name}"` }
}

async function refuse(context: LeadActionContext, leadId: string, action: LeadActionName): Promise<never> {
  await recordAudit(context.db, {
    actor: context.actor,
    action: `leads.${action}`,
    outcome: 'DENIED',
    entityType: 'leads',
    entityId: leadId,
    metadata: context.via ? { method: context.via.method, path: context.via.path } : undefined,
    client: context.client,
  })
  throw new Problem('forbidden', `Your role does not allow "${leadActionLabels[action]}" on this lead`)
}

async function askWorkflow(
  context: LeadActionContext,
  lead: { id: string; source: string; status: string },
  request: LeadActionRequest,
): Promise<{ workflow: LeadWorkflowStatus | null; conversion: LeadConversion | null }> {
  const { temporal, taskQueue } = context
  const actor = leadActorOf(context.actor)
  const run = <Ret, Args extends unknown[]>(update: UpdateDefinition<Ret, Args>, ...args: Args) =>
    executeEntityUpdate(temporal, leadWorkflowOf(lead), taskQueue, update, ...args)
  switch (request.action) {
    case 'contacted':
      return { workflow: await run(markContactedUpdate, { actor }), conversion: null }
    case 'qualify':
      return { workflow: await run(qualifyLeadUpdate, { actor }), conversion: null }
    case 'disqualify':
      return { workflow: await run(disqualifyLeadUpdate, { actor, reason: request.reason }), conversion: null }
    case 'pause-nurture':
      return { workflow: await run(pauseNurtureUpdate, { actor }), conversion: null }
    case 'resume-nurture':
      return { workflow: await run(resumeNurtureUpdate, { actor }), conversion: null }
    case 'convert': {
      const conversion = await run(convertLeadUpdate, {
        actor,
        tier: request.tier,
        ...(request.companyId ? { companyId: request.companyId } : {}),
        ...(request.opportunityName ? { opportunityName: request.opportunityName } : {}),
      })
      return { workflow: null, conversion }
    }
  }
}

/**
 * Authorises, validates and performs one lead action through the lead's workflow (started first when it is not
 * running). Throws a Problem for everything the caller should answer with a 4xx or 503.
 */
export async function performLeadAction(
  context: LeadActionContext,
  leadId: string,
  action: LeadActionName,
  body: unknown,
): Promise<LeadActionOutcome> {
  const { db, actor } = context
  const grants = leadActionGrantsOf(actor)
  // Without any grant on leads the answer is the same whether the lead exists or not.
  if (grants.leadsRead === 'none' && grants.leadsUpdate !== 'all') await refuse(context, leadId, action)

  const lead = await db.lead.findUnique({ where: { id: leadId }, select: leadStateSelect })
  if (!lead) throw new Problem('not-found', `No lead with id ${leadId}`)
  const decision = decideLeadAction(grants, lead, action)
  if (decision === 'not-found') throw new Problem('not-found', `No lead with id ${leadId}`)
  if (decision === 'forbidden') await refuse(context, leadId, action)

  const parsed = parseLeadActionInput(action, body)
  if (!parsed.ok) {
    const problems = parsed.errors.map((error) => `${error.field} ${error.message}`).join('; ')
    throw new Problem('invalid-input', `"${leadActionLabels[action]}" was not done: ${problems}`, {
      fields: parsed.errors,
    })
  }
  const request = parsed.request

  // A converted or disqualified lead's workflow has ended; an update would start a fresh run only to see the
  // lead closed. Answer from the record instead: repeating the step that closed it changes nothing.
  if (lead.status === 'CONVERTED' || lead.status === 'UNQUALIFIED') {
    const closedBy = lead.status === 'CONVERTED' ? 'convert' : 'disqualify'
    if (action !== closedBy) {
      throw new Problem(
        'lead-closed',
        `The lead is ${lead.status === 'CONVERTED' ? 'converted' : 'disqualified'}: it cannot be changed any more`,
      )
    }
    return { action, lead: representLeadState(lead), workflow: null, conversion: conversionOf(lead) }
  }

  if (request.action === 'convert' && request.companyId) {
    const company = await db.company.findUnique({ where: { id: request.companyId }, select: { id: true } })
    if (!company) {
      throw new Problem('invalid-input', '"Convert" was not done: companyId is not a known company', {
        fields: [{ field: 'companyId', message: 'is not a known company' }],
      })
    }
  }

  let answer: { workflow: LeadWorkflowStatus | null; conversion: LeadConversion | null }
  try {
    answer = await askWorkflow(context, lead, request)
  } catch (error) {
    // The workflow's refusal (closed, not qualified) or Temporal being down: the one mapping says which.
    const problem = problemFrom(error)
    if (problem.code !== 'workflow-engine-unavailable') throw problem
    throw new Problem(
      problem.code,
      "The lead's workflow could not be reached (Temporal is not answering); nothing was changed, try again shortly",
      { cause: error },
    )
  }
  const after = await db.lead.findUnique({ where: { id: leadId }, select: leadStateSelect })
  if (!after) throw new Problem('not-found', `No lead with id ${leadId}`)
  return {
    action,
    lead: representLeadState(after),
    workflow: answer.workflow,
    conversion: answer.conversion ?? conversionOf(after),
  }
}

function conversionOf(lead: {
  convertedToCompanyId: string | null
  convertedToContactId: string | null
  convertedToOpportunityId: string | null
}): LeadConversion | null {
  const {
    convertedToCompanyId: companyId,
    convertedToContactId: contactId,
    convertedToOpportunityId: opportunityId,
  } = lead
  return companyId && contactId && opportunityId ? { companyId, contactId, opportunityId } : null
}
