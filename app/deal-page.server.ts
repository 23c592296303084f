import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { actionLabels, assignRefusal, mayAssignDeal, mayReopenDeal, moveRefusal } from '../domain/deals/deal-moves'
import {
  isOpenStage,
  openStages,
  pipelineStages,
  requiredActions,
  stageIndex,
  stageLimitMs,
  stagePolicies,
  type PipelineStage,
  type RequiredAction,
} from '../domain/deals/pipeline-policy'
import { roiTierKeys } from '../domain/roi/roi-calculator'
import { tierContract } from '../domain/tiers/contract-value'
import { tierOrder } from '../domain/tiers/tier-terms'
import { temporalUiWorkflowUrl } from '../lib/config'
import type { Database } from '../lib/db'
import { loadNewestRoiReportInput } from '../lib/reports/roi-report-input'
import { grantFor } from '../services/auth/grants'
import { assignDealOwner, completeDealAction, dealOwnerChoices, moveDeal } from '../services/deals/deal-actions'
import { workflowActorOf } from '../services/workflows/entity-actions'
import { Problem } from '../services/problems/problem'
import { upcomingStepsOf } from '../services/workflow-projection'
import { scopeOf } from './auth.server'
import { problemForForm, problemInit } from './problem.server'
import { recordPages } from './record-pages'
import {
  abilitiesOf,
  guardedContext,
  recordAction,
  referenceOptionsFor,
  serviceOf,
  valuesOfRecord,
} from './records.server'

// The deal page: where the deal stands in the pipeline and how long it spent in each stage, what is left to do
// before it can move, what its workflow will do next, and the record itself (the generic form, embedded).

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export const dealRecordPage = recordPages.opportunities!

interface ChecklistEntry {
  action: RequiredAction
  doneAt: string | null
  byUserId: string | null
  how: string | null
}

function checklistOf(json: unknown): ChecklistEntry[] {
  if (!Array.isArray(json)) return []
  return json.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return []
    const { action, doneAt, byUserId, how } = entry as Record<string, unknown>
    if (!requiredActions.includes(action as RequiredAction)) return []
    return [
      {
        action: action as RequiredAction,
        doneAt: typeof doneAt === 'string' ? doneAt : null,
        byUserId: typeof byUserId === 'string' ? byUserId : null,
        how: typeof how === 'string' ? how : null,
      },
    ]
  })
}

/**
 * The tiers side by side for this deal's prospect (§15 phase 3): the newest ROI calculation of the primary contact
 * or of the lead the deal came from, read as the ROI report reads it, with what each tier costs. Null without one.
 */
async function roiComparisonOf(
  db: Database,
  deal: { primaryContactId: string; sourceLead: { id: string } | null },
  withReportLink: boolean,
) {
  const report = await loadNewestRoiReportInput(
    db,
    { contactId: deal.primaryContactId, leadId: deal.sourceLead?.id ?? null },
    '',
  )
  if (!report) return null
  const { result, inputs } = report
  return {
    calculation: {
      createdAt: report.createdAt.toISOString(),
      ...inputs,
      selectedTier: report.selectedTier,
    },
    reportUrl: withReportLink ? `/roi-calculations/${report.calculationId}/report.pdf` : null,
    rows: tierOrder.map((tier) => {
      const key = roiTierKeys[tier]
      const contract = tierContract(tier)
      return {
        tier: key,
        weeklyHoursSaved: result.weeklyHoursSaved[key],
        weeklyValueCreated: result.weeklyValueCreated[key],
        annualValue: result.annualROI[key].value,
        annualPercentage: result.annualROI[key].percentage,
        paybackWeeks: result.paybackPeriod[key],
        investment: {
          setupFee: contract.setupFee,
          monthlyFee: contract.monthlyFee,
          months: contract.estimatedMonths,
          total: contract.totalContractValue,
        },
      }
    }),
  }
}

export async function loadDealPage(args: Args) {
  const id = String(args.params.id)
  const { user, grant, context: recordContext } = await guardedContext(args, dealRecordPage, 'read', id)
  const { db, config } = args.context
  // Someone else's deal under an "own" grant is answered like a missing one.
  const deal = await db.opportunity.findFirst({
    where: { id, ...scopeOf(grant, 'opportunities', user) },
    select: {
      id: true,
      name: true,
      tier: true,
      stage: true,
      stageEnteredAt: true,
      probability: true,
      totalContractValue: true,
      setupFee: true,
      monthlyFee: true,
      estimatedMonths: true,
      expectedCloseDate: true,
      actualCloseDate: true,
      lostReason: true,
      competitorInfo: true,
      lostFromStage: true,
      checklist: true,
      lastActivityAt: true,
      nextStep: true,
      nextStepAt: true,
      upcomingSteps: true,
      workflowId: true,
      workflowStatus: true,
      createdAt: true,
      owner: { select: { id: true, name: true } },
      company: {
        select: {
          id: true,
          name: true,
          industry: true,
          website: true,
          contacts: {
            select: { id: true, firstName: true, lastName: true, email: true, phone: true, title: true },
            orderBy: { createdAt: 'asc' },
            take: 20,
          },
        },
      },
      primaryContactId: true,
      sourceLead: { select: { id: true, email: true } },
      stageTransitions: {
        select: {
          id: true,
          fromStage: true,
          toStage: true,
          enteredAt: true,
          exitedAt: true,
          reason: true,
          changedBy: { select: { name: true } },
        },
        orderBy: { enteredAt: 'asc' },
      },
    },
  })
  if (!deal) throw new Response('There is no such deal.', { status: 404, statusText: 'Not Found' })

  const record = await serviceOf(dealRecordPage).get(recordContext, id)
  const abilities = abilitiesOf(user, dealRecordPage)
  const now = new Date()
  const checklist = checklistOf(deal.checklist)
  const doneBy = new Map(checklist.filter((entry) => entry.doneAt).map((entry) => [entry.action, entry]))
  const people = await db.user.findMany({
    where: { id: { in: [...new Set(checklist.map((entry) => entry.byUserId).filter((v): v is string => !!v))] } },
    select: { id: true, name: true },
  })
  const nameOf = new Map(people.map((person) => [person.id, person.name]))
  const currentIndex = stageIndex(deal.stage)
  // The checklist of the stages the deal has reached: earlier ones (what let it move on) and the current one.
  const checklistStages = openStages
    .filter((stage) => stageIndex(stage) <= currentIndex)
    .map((stage) => ({
      stage,
      label: stagePolicies[stage].label,
      current: stage === deal.stage,
      actions: stagePolicies[stage].requiredActions.map((action) => {
        const done = doneBy.get(action)
        return {
          action,
          label: actionLabels[action],
          doneAt: done?.doneAt ?? null,
          by: done?.byUserId ? (nameOf.get(done.byUserId) ?? null) : null,
          how: done?.how ?? null,
        }
      }),
    }))

  // Time in each stage from the recorded transitions; a stage visited twice adds up.
  const timeIn = new Map<PipelineStage, number>()
  for (const transition of deal.stageTransitions) {
    const end = transition.exitedAt ?? (transition.toStage === deal.stage ? now : transition.enteredAt)
    timeIn.set(
      transition.toStage,
      (timeIn.get(transition.toStage) ?? 0) + Math.max(0, end.getTime() - transition.enteredAt.getTime()),
    )
  }
  const path = [...openStages, deal.stage === 'CLOSED_LOST' ? 'CLOSED_LOST' : 'CLOSED_WON'].map((stage) => ({
    stage: stage as PipelineStage,
    label: stagePolicies[stage as PipelineStage].label,
    state:
      stage === deal.stage
        ? ('current' as const)
        : timeIn.has(stage as PipelineStage)
          ? ('visited' as const)
          : ('ahead' as const),
    timeInMs: timeIn.get(stage as PipelineStage) ?? null,
    limitMs: stageLimitMs(stage as PipelineStage),
  }))

  const open = isOpenStage(deal.stage)
  const nextStage: PipelineStage | null = open
    ? deal.stage === 'NEGOTIATION'
      ? 'CLOSED_WON'
      : (openStages[currentIndex + 1] ?? null)
    : null
  // Why the one-click move would be refused, in the words the deal workflow's validator answers with: said beside the
  // button, so the open actions are known before the click. The button stays: the workflow decides, on a checklist
  // that may have moved on since this page was read.
  const nextMoveRefusal = nextStage
    ? (moveRefusal(
        {
          stage: deal.stage,
          ownerId: deal.owner?.id ?? null,
          completedActions: [...doneBy.keys()],
          lostFromStage: deal.lostFromStage,
        },
        { toStage: nextStage },
        workflowActorOf(user),
      )?.message ?? null)
    : null
  const plan = upcomingStepsOf(deal.upcomingSteps)
  // Reassigning: the rule of the deal workflow's validator (domain/deals/deal-moves.ts), asked before offering it.
  const canAssign =
    abilities.canUpdate && open && mayAssignDeal(workflowActorOf(user), { ownerId: deal.owner?.id ?? null })
  // Reopening a lost deal: a manager's move back into an open stage, by default the one it was lost from.
  const canReopen = abilities.canUpdate && deal.stage === 'CLOSED_LOST' && mayReopenDeal(workflowActorOf(user))

  return {
    deal: {
      ...deal,
      checklist: undefined,
      upcomingSteps: undefined,
      totalContractValue: Number(deal.totalContractValue),
      setupFee: Number(deal.setupFee),
      monthlyFee: Number(deal.monthlyFee),
    },
    open,
    nextStage,
    nextMoveRefusal,
    moveTargets: pipelineStages
      .filter((stage) => stage !== deal.stage && stage !== 'CLOSED_LOST')
      .map((stage) => ({ stage, label: stagePolicies[stage].label })),
    path,
    checklistStages,
    timeInStageMs: now.getTime() - deal.stageEnteredAt.getTime(),
    plan: plan ? plan.steps : null,
    temporalUrl: deal.workflowId ? temporalUiWorkflowUrl(config, deal.workflowId) : null,
    values: valuesOfRecord(dealRecordPage.fields, record),
    options: await referenceOptionsFor(args.context, user, dealRecordPage.fields),
    notice: new URL(args.request.url).searchParams.get('notice'),
    // A Sales Manager or Admin may move on although the exit criteria are not met (domain/deals/deal-moves.ts).
    canOverride: user.role === 'ADMIN' || user.role === 'SALES_MANAGER',
    now: now.toISOString(),
    canAssign,
    canReopen,
    reopenTargets: openStages.map((stage) => ({ stage, label: stagePolicies[stage].label })),
    viewerId: user.userId,
    // Only the people this user may give the deal to: a rep taking an unowned deal is offered themselves.
    ownerChoices: canAssign
      ? (await dealOwnerChoices(db)).filter(
          (choice) => assignRefusal(workflowActorOf(user), { ownerId: deal.owner?.id ?? null }, choice.id) === null,
        )
      : [],
    roi: await roiComparisonOf(db, deal, grantFor(user, 'leads', 'read') === 'all'),
    ...abilities,
  }
}

/**
 * §14.2 "CRUD own": a Sales Rep acts only on the deals they own, and someone else's deal is answered like a missing
 * one (its existence must not leak), before the workflow is asked anything.
 */
export async function requireActionableDeal(
  db: AppLoadContext['db'],
  grant: 'all' | 'own',
  user: { userId: string },
  id: string,
) {
  if (grant === 'all') return
  const owned = await db.opportunity.count({ where: { id, ownerId: user.userId } })
  if (owned === 0) throw new Response('There is no such deal.', { status: 404, statusText: 'Not Found' })
}

export type DealActionFailure = { dealIntent: string; error: string }

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' && value.trim() ? value.trim() : undefined
}

/** The deal page's own buttons (move, close lost, mark done, reassign); the edit form goes to the generic record action. */
export async function dealPageAction(args: Args) {
  const id = String(args.params.id)
  const form = await args.request.clone().formData()
  const intent = String(form.get('intent') ?? '')
  if (intent === 'update' || intent === 'delete') return recordAction(args, dealRecordPage, id)
  if (intent !== 'move' && intent !== 'reopen' && intent !== 'complete-action' && intent !== 'assign') {
    throw new Response('Unknown action.', { status: 400 })
  }
  const { user, grant } = await guardedContext(args, dealRecordPage, 'update', id)
  const { db, temporal, config } = args.context
  await requireActionableDeal(db, grant, user, id)
  const context = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor: user }
  let notice: string
  try {
    if (intent === 'move' || intent === 'reopen') {
      const toStage = text(form, 'toStage') as PipelineStage
      if (!pipelineStages.includes(toStage)) throw new Response('Unknown stage.', { status: 400 })
      await moveDeal(context, id, {
        toStage,
        reason: text(form, 'reason'),
        lostReason: text(form, 'lostReason'),
        competitor: text(form, 'competitor'),
        ...(form.get('override') === 'true' ? { override: true } : {}),
      })
      notice = `${intent === 'reopen' ? 'Reopened in' : 'Moved to'} ${stagePolicies[toStage].label}.`
    } else if (intent === 'assign') {
      const ownerId = text(form, 'ownerId')
      if (!ownerId) {
        throw new Problem('invalid-input', 'Choose the new owner', {
          fields: [{ field: 'ownerId', message: 'is required' }],
        })
      }
      await assignDealOwner(context, id, ownerId)
      const owner = await db.user.findUnique({ where: { id: ownerId }, select: { name: true } })
      notice = `Now owned by ${owner?.name ?? 'the new owner'}.`
    } else {
      const action = text(form, 'action') as RequiredAction
      if (!requiredActions.includes(action)) throw new Response('Unknown action.', { status: 400 })
      await completeDealAction(context, id, action)
      notice = `Done: ${actionLabels[action]}.`
    }
  } catch (error) {
    if (error instanceof Response) throw error
    // The workflow refused, or Temporal is down: the page says why and nothing was written.
    const problem = problemForForm(error)
    return data<DealActionFailure>({ dealIntent: intent, error: problem.detail }, problemInit(problem))
  }
  return redirect(`/opportunities/${id}?notice=${encodeURIComponent(notice)}`)
}
