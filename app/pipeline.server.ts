import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { industryLabels } from '../domain/leads/lead-vocabulary'
import { pipelineStages, type PipelineStage } from '../domain/deals/pipeline-policy'
import type { Industry, Tier } from '../prisma/generated/enums'
import { grantFor } from '../services/auth/grants'
import { moveDeal } from '../services/deals/deal-actions'
import { boardOwnerOptions, pipelineBoard, type PipelineBoardFilters } from '../services/deals/pipeline-board'
import { requireGrant } from './auth.server'
import { requireActionableDeal } from './deal-page.server'
import { problemForForm, problemInit } from './problem.server'
import { zoneOf } from './time-zone.server'

const tiers: readonly Tier[] = ['DISCOVERY', 'FOUNDATION', 'ARCHITECT']

/** The filters as the URL states them; anything unknown is ignored (a stale bookmark still opens the board). */
export function boardFiltersOf(params: URLSearchParams): PipelineBoardFilters {
  const industry = params.get('industry') ?? ''
  const tier = params.get('tier') ?? ''
  const owner = params.get('owner') ?? ''
  return {
    ...(industry in industryLabels ? { industry: industry as Industry } : {}),
    ...((tiers as string[]).includes(tier) ? { tier: tier as Tier } : {}),
    ...(owner ? { ownerId: owner } : {}),
  }
}

export async function loadPipelineBoard(args: LoaderFunctionArgs) {
  const { user, grant } = await requireGrant(args, { resource: 'opportunities', action: 'read' })
  const filters = boardFiltersOf(new URL(args.request.url).searchParams)
  // A Sales Rep's board is their own deals anyway: the owner filter is for those who see everyone's.
  const owners = grant === 'all' ? await boardOwnerOptions(args.context.db) : null
  const board = await pipelineBoard(
    args.context.db,
    user,
    grant === 'all' ? filters : { ...filters, ownerId: undefined },
    zoneOf(args.request),
  )
  return {
    board,
    owners,
    filters,
    canMove: grantFor(user, 'opportunities', 'update') !== 'none',
    userId: user.userId,
  }
}

export interface MoveAnswer {
  dealId: string
  toStage: PipelineStage
  ok: boolean
  error?: string
}

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** A card dropped on a column: the deal's workflow decides; a refusal comes back in its own words. */
export async function pipelineBoardAction(args: ActionFunctionArgs) {
  const { user, grant } = await requireGrant(args, { resource: 'opportunities', action: 'update' })
  const form = await args.request.formData()
  const dealId = text(form, 'dealId') ?? ''
  const toStage = text(form, 'toStage') as PipelineStage
  if (form.get('intent') !== 'move' || !dealId || !pipelineStages.includes(toStage)) {
    throw new Response('Unknown move.', { status: 400 })
  }
  const { db, temporal, config } = args.context
  await requireActionableDeal(db, grant, user, dealId)
  try {
    await moveDeal({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor: user }, dealId, {
      toStage,
      reason: text(form, 'reason'),
      lostReason: text(form, 'lostReason'),
      competitor: text(form, 'competitor'),
    })
    return data<MoveAnswer>({ dealId, toStage, ok: true })
  } catch (error) {
    const problem = problemForForm(error)
    return data<MoveAnswer>({ dealId, toStage, ok: false, error: problem.detail }, problemInit(problem))
  }
}
