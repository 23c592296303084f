import { stagePolicies, openStages, type PipelineStage } from '../../domain/deals/pipeline-policy'
import {
  leadListOrderBy,
  leadListWhere,
  parseLeadListQuery,
  type LeadListFilters,
} from '../../domain/leads/lead-list-query'
import { industryLabels, leadSourceLabels } from '../../domain/leads/lead-vocabulary'
import type { Database, Prisma } from '../../lib/db'
import type { Actor } from '../auth/actor'
import { grantFor } from '../auth/grants'
import { readScope } from '../auth/ownership'
import { startOfMonth, type PipelineBoardFilters } from '../deals/pipeline-board'
import { leadListSelect } from '../leads/lead-representation'
import { Problem } from '../problems/problem'
import { keysetBatches, type ExportSource } from './export-source'

// The export sources of the two lists that are not generic record lists (those come from the resource service's
// `exportSource`): /leads with its own filters and sort, and the pipeline board's deals.

function scopeOrRefuse(actor: Actor, resource: 'leads' | 'opportunities'): Record<string, unknown> {
  const scope = readScope(grantFor(actor, resource, 'read'), resource, actor)
  if (!scope) throw new Problem('forbidden', `Your role does not allow you to read ${resource}.`)
  return scope
}

const fullName = (first: string | null, last: string | null) => [first, last].filter(Boolean).join(' ')

/** /leads as the page lists it (leads-list.server.ts): the URL's filters and sort, within the caller's grant. */
export function leadListExport(db: Database, actor: Actor, params: URLSearchParams, timeZone: string): ExportSource {
  const parsed = parseLeadListQuery(params)
  if (!parsed.ok) throw new Problem('invalid-input', 'The list filters are not valid', { fields: parsed.errors })
  const { filters, sort } = parsed.query
  const viewerId = actor.kind === 'user' ? actor.userId : ''
  const where = {
    AND: [scopeOrRefuse(actor, 'leads'), leadListWhere(filters, viewerId, timeZone)],
  } as Prisma.LeadWhereInput
  const orderBy = leadListOrderBy(sort) as Prisma.LeadOrderByWithRelationInput[]
  return {
    list: 'leads',
    filters: appliedLeadFilters(parsed.values, filters),
    columns: ['Name', 'Email', 'Company', 'Source', 'Industry', 'Status', 'Stage', 'Score', 'Owner', 'Created'],
    count: () => db.lead.count({ where }),
    batches: async function* (batchSize) {
      const pages = keysetBatches(
        (page) =>
          db.lead.findMany({
            where,
            orderBy,
            select: leadListSelect,
            ...page,
          }),
        batchSize,
      )
      for await (const rows of pages) {
        yield rows.map((lead) => ({
          Name: fullName(lead.firstName, lead.lastName),
          Email: lead.email,
          Company: lead.companyName,
          Source: leadSourceLabels[lead.source],
          Industry: lead.industry ? industryLabels[lead.industry] : null,
          Status: lead.status,
          Stage: lead.qualificationStage,
          Score: lead.leadScore,
          Owner: lead.assignedTo?.name ?? null,
          Created: lead.createdAt,
        }))
      }
    },
  }
}

function appliedLeadFilters(values: Record<string, string>, filters: LeadListFilters): Record<string, string> {
  const applied = Object.fromEntries(
    Object.entries(values).filter(([name, value]) => value !== '' && name !== 'page' && name !== 'perPage'),
  )
  return filters.owner.kind === 'anyone' ? applied : { ...applied, owner: values.owner ?? '' }
}

/**
 * The deals on the pipeline board (services/deals/pipeline-board.ts): open ones and those won this month, with the
 * board's filters; a Sales Rep's own deals only (readScope, the narrowing of every deal list). Every deal, not only
 * the cards a column shows.
 */
export function pipelineExport(
  db: Database,
  actor: Actor,
  filters: PipelineBoardFilters,
  timeZone: string,
  now = new Date(),
): ExportSource {
  const scope = scopeOrRefuse(actor, 'opportunities')
  const onBoard: Prisma.OpportunityWhereInput = {
    OR: [
      { stage: { in: [...openStages] } },
      { stage: 'CLOSED_WON', stageEnteredAt: { gte: startOfMonth(now, timeZone) } },
    ],
  }
  const filterWhere: Prisma.OpportunityWhereInput = {
    ...(filters.tier ? { tier: filters.tier } : {}),
    ...(filters.industry ? { company: { is: { industry: filters.industry } } } : {}),
    ...(filters.ownerId === 'unassigned' ? { ownerId: null } : filters.ownerId ? { ownerId: filters.ownerId } : {}),
  }
  const where = { AND: [scope, onBoard, filterWhere] } as Prisma.OpportunityWhereInput
  return {
    list: 'pipeline',
    filters: Object.fromEntries(
      Object.entries({ tier: filters.tier, industry: filters.industry, owner: filters.ownerId }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    ),
    columns: [
      'Deal',
      'Company',
      'Stage',
      'Tier',
      'Value',
      'Probability',
      'Owner',
      'In stage since',
      'Next step',
      'Next step at',
    ],
    count: () => db.opportunity.count({ where }),
    batches: async function* (batchSize) {
      const pages = keysetBatches(
        (page) =>
          db.opportunity.findMany({
            where,
            orderBy: [{ stage: 'asc' }, { stageEnteredAt: 'asc' }, { id: 'asc' }],
            select: {
              id: true,
              name: true,
              stage: true,
              tier: true,
              totalContractValue: true,
              stageEnteredAt: true,
              nextStep: true,
              nextStepAt: true,
              company: { select: { name: true } },
              owner: { select: { name: true } },
            },
            ...page,
          }),
        batchSize,
      )
      for await (const rows of pages) {
        yield rows.map((deal) => ({
          Deal: deal.name,
          Company: deal.company.name,
          Stage: stagePolicies[deal.stage as PipelineStage].label,
          Tier: deal.tier,
          Value: Number(deal.totalContractValue),
          Probability: stagePolicies[deal.stage as PipelineStage].probability,
          Owner: deal.owner?.name ?? null,
          'In stage since': deal.stageEnteredAt,
          'Next step': deal.nextStep,
          'Next step at': deal.nextStepAt,
        }))
      }
    },
  }
}
