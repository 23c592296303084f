import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type { ChecklistEntry, DealActivities, DealSnapshot } from '../activities/deal-contract'
import type { NotifyOwnerInput } from '../activities/notification-contract'
import { actionsSeenInActivity } from '../domain/deals/checklist'
import {
  dealReminders,
  dueReminders,
  nextWakeUpMs,
  type DealClock,
  type DealReminderKind,
} from '../domain/deals/deal-clock'
import { actionLabels, mayMoveDeal, moveRefusal, type DealForMove, type MoveActor } from '../domain/deals/deal-moves'
import { isOpenStage, stagePolicies, type PipelineStage, type RequiredAction } from '../domain/deals/pipeline-policy'
import { fellDueBeforeRun, type RunStart } from '../domain/leads/late-start'
import {
  assignDealOwnerUpdate,
  completeDealActionUpdate,
  dealActivityLoggedSignal,
  dealRefusedFailureType,
  dealStatusQuery,
  discoveryCallBookedSignal,
  moveDealUpdate,
  type DealActivityLogged,
  type DealMoveResult,
  type DealWorkflowInput,
  type DealWorkflowStatus,
  type DiscoveryCallBooked,
  type MoveDealInput,
} from './deal-messages'
import type { UpcomingStep } from './lead-messages'
import { CrmOwner, CrmStage, CrmTier } from './search-attributes'

type WorkflowActivities = DealActivities & Pick<LeadActivities, 'recordWorkflowState' | 'notifyOwner'>

// Database writes are quick and idempotent: retried briskly and for as long as the database is away.
const databaseOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['DealNotFound', 'InvalidOwner'],
  },
}
// An alert is an in-app notification and an email through the outbox (which resumes the same message on retry).
const messageOptions: ActivityOptions = {
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
}
const database = (summary: string) => proxyActivities<WorkflowActivities>({ ...databaseOptions, summary })
const messages = (summary: string) => proxyActivities<WorkflowActivities>({ ...messageOptions, summary })

const reminderKinds: Record<DealReminderKind, NotifyOwnerInput['kind']> = {
  'stage-limit': 'DEAL_STAGE_LIMIT',
  stalled: 'DEAL_STALLED',
  'proposal-follow-up': 'DEAL_PROPOSAL_FOLLOW_UP',
  'discovery-prep': 'DEAL_DISCOVERY_PREP',
}

const reminderLabels: Record<DealReminderKind, string> = {
  'stage-limit': 'Alert the owner: stage limit reached',
  stalled: 'Notify the managers: no activity for 14 days',
  'proposal-follow-up': 'Remind the owner to follow up the proposal',
  'discovery-prep': 'Send the owner the discovery call prep',
}

/** A deal from its creation until Closed Won or Closed Lost: `deal-<opportunityId>`. */
export async function dealWorkflow(input: DealWorkflowInput): Promise<{ stage: PipelineStage }> {
  return new DealRun(input).run()
}

function refused(message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type: dealRefusedFailureType,
    message,
    nonRetryable: true,
    details: details === undefined ? undefined : [details],
  })
}

const userIdOf = (actor: MoveActor) => (actor.kind === 'user' ? actor.userId : null)

class DealRun {
  private deal: DealSnapshot | null = null
  private checklist: ChecklistEntry[] = []
  private lastActivityAtMs = 0
  /** Scheduled activities not done yet (and the booked discovery call), by id: when each is due. */
  private readonly scheduled = new Map<string, number>()
  private discoveryCallAtMs: number | null = null
  private readonly rung = new Set<string>()
  private readonly pendingEvents: (() => Promise<void>)[] = []
  private transitions = 0
  private lock: Promise<void> = Promise.resolve()
  private changed = false
  private readonly runStart: RunStart

  constructor(private readonly input: DealWorkflowInput) {
    this.runStart = {
      startedAtMs: workflowInfo().runStartTime.getTime(),
      historyUntilMs: input.historyUntil ? Date.parse(input.historyUntil) : null,
    }
    setHandler(moveDealUpdate, (move) => this.move(move), {
      validator: (move) => {
        const refusal = this.deal ? moveRefusal(this.forMove(), move, move.actor) : null
        if (refusal) throw refused(refusal.message, refusal)
      },
    })
    setHandler(completeDealActionUpdate, ({ action, actor }) => this.completeAction(action, actor), {
      validator: ({ action, actor }) => {
        if (!(action in actionLabels)) throw refused(`${String(action)} is not a required action of the pipeline`)
        if (this.deal && !mayMoveDeal(actor, this.deal)) throw refused('Only the deal’s owner or a manager may do this')
      },
    })
    setHandler(assignDealOwnerUpdate, ({ ownerId, actor }) => this.assignOwner(ownerId, actor), {
      validator: ({ actor }) => {
        if (this.deal && !this.mayAssign(actor)) throw refused('Only a Sales Manager or an Admin may reassign a deal')
      },
    })
    setHandler(dealActivityLoggedSignal, (activity) => {
      this.pendingEvents.push(() => this.activityLogged(activity))
    })
    setHandler(discoveryCallBookedSignal, (booking) => {
      this.pendingEvents.push(() => this.discoveryBooked(booking))
    })
    setHandler(dealStatusQuery, () => this.view())
  }

  async run(): Promise<{ stage: PipelineStage }> {
    const deal = await database('Read the deal').loadDeal(this.input.opportunityId)
    this.deal = deal
    this.checklist = deal.checklist
    this.lastActivityAtMs = Date.parse(deal.lastActivityAt ?? deal.createdAt)
    if (deal.nextScheduledActivityAt) this.scheduled.set('loaded', Date.parse(deal.nextScheduledActivityAt))
    this.transitions = deal.transitionCount
    if (this.transitions === 0) {
      // A deal born before its workflow (conversion, the API, seeding) has its first stage recorded here.
      await this.recordTransition({
        fromStage: null,
        toStage: deal.stage,
        at: deal.stageEnteredAt,
        changedById: null,
        reason: 'Deal created',
      })
    }
    if (deal.ownerId && !this.isDone('assign_owner')) {
      await this.tick([{ action: 'assign_owner', how: 'Owner assigned' }], null)
    }
    this.upsertSearchAttributes()
    await this.project()

    for (;;) {
      while (isOpenStage(this.deal.stage)) {
        await this.exclusive(async () => {
          for (const event of this.pendingEvents.splice(0)) await event()
          await this.ringDueReminders()
        })
        const wakeAt = nextWakeUpMs(this.clock(), Date.now(), this.rung)
        if (!this.changed) {
          const woken = () => this.changed || this.pendingEvents.length > 0
          if (wakeAt === null) await condition(woken)
          else await condition(woken, Math.max(wakeAt - Date.now(), 1))
        }
        if (this.changed || this.pendingEvents.length > 0) continue
      }
      // A reopen (a manager's update on a lost deal) may be under way: it decides whether the deal lives on.
      await condition(allHandlersFinished)
      if (!isOpenStage(this.deal.stage)) break
    }
    await this.project()
    if (this.deal.stage === 'CLOSED_WON') handOffToPartnership(this.deal)
    return { stage: this.deal.stage }
  }

  /**
   * One change at a time: a move, a tick or a reminder reads the state the one before it left. A chain of promises,
   * not a flag: conditions waiting on a flag are all released in the same check, before any of them can set it.
   */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await condition(() => this.deal !== null)
    const before = this.lock
    let release = () => {}
    this.lock = new Promise<void>((resolve) => (release = resolve))
    await before
    try {
      const result = await work()
      if (this.changed) {
        this.changed = false
        await this.project()
      }
      return result
    } finally {
      release()
    }
  }

  private async move(input: MoveDealInput): Promise<DealMoveResult> {
    return this.exclusive(async () => {
      const deal = this.deal!
      // Checked again: another move may have landed since the validator accepted this one.
      const refusal = moveRefusal(this.forMove(), input, input.actor)
      if (refusal) throw refused(refusal.message, refusal)
      const at = new Date(Date.now()).toISOString()
      const fromStage = deal.stage
      await this.recordTransition({
        fromStage,
        toStage: input.toStage,
        at,
        changedById: userIdOf(input.actor),
        reason: input.reason?.trim() || null,
        lostReason: input.lostReason?.trim() || null,
        competitor: input.competitor?.trim() || null,
      })
      this.deal = {
        ...deal,
        stage: input.toStage,
        stageEnteredAt: at,
        lostFromStage: input.toStage === 'CLOSED_LOST' ? fromStage : null,
      }
      // Moving a deal is activity on it.
      this.lastActivityAtMs = Date.now()
      await this.writeChecklist()
      this.upsertSearchAttributes()
      this.changed = true
      return { stage: input.toStage, stageEnteredAt: at }
    })
  }

  private async completeAction(action: RequiredAction, actor: MoveActor): Promise<ChecklistEntry[]> {
    return this.exclusive(async () => {
      if (!mayMoveDeal(actor, this.deal!)) throw refused('Only the deal’s owner or a manager may do this')
      await this.tick([{ action, how: 'Marked done' }], userIdOf(actor))
      return this.checklist
    })
  }

  private mayAssign(actor: MoveActor): boolean {
    if (actor.kind === 'api-key' || actor.role === 'ADMIN' || actor.role === 'SALES_MANAGER') return true
    // A rep may take a deal nobody owns.
    return actor.role === 'SALES_REP' && this.deal?.ownerId === null
  }

  private async assignOwner(ownerId: string, actor: MoveActor): Promise<void> {
    await this.exclusive(async () => {
      if (!this.mayAssign(actor)) throw refused('Only a Sales Manager or an Admin may reassign a deal')
      const deal = this.deal!
      if (deal.ownerId === ownerId) return
      await database('Record the deal’s new owner').recordDealOwner({ opportunityId: deal.opportunityId, ownerId })
      this.deal = { ...deal, ownerId }
      this.upsertSearchAttributes()
      await messages('Alert the owner: deal assigned').notifyOwner({
        entity: { type: 'deal', id: deal.opportunityId },
        kind: 'DEAL_ASSIGNED',
        idempotencyKey: `deal-${deal.opportunityId}/assigned/${ownerId}/${this.transitions}`,
        now: new Date(Date.now()).toISOString(),
      })
      if (!this.isDone('assign_owner'))
        await this.tick([{ action: 'assign_owner', how: 'Owner assigned' }], userIdOf(actor))
      this.changed = true
    })
  }

  private async activityLogged(activity: DealActivityLogged): Promise<void> {
    if (activity.completedAt) {
      this.scheduled.delete(activity.activityId)
      this.scheduled.delete('loaded')
      this.lastActivityAtMs = Math.max(this.lastActivityAtMs, Math.min(Date.parse(activity.completedAt), Date.now()))
    } else if (activity.scheduledAt) {
      this.scheduled.set(activity.activityId, Date.parse(activity.scheduledAt))
      this.lastActivityAtMs = Date.now()
    } else {
      // Deleted: it was never done and is no longer planned.
      this.scheduled.delete(activity.activityId)
    }
    const seen = actionsSeenInActivity(activity, this.deal!.stage).filter((entry) => !this.isDone(entry.action))
    await this.tick(seen, null)
    this.changed = true
  }

  private async discoveryBooked(booking: DiscoveryCallBooked): Promise<void> {
    const key = `booking-${booking.bookingId}`
    if (booking.cancelled) {
      this.scheduled.delete(key)
      if (this.discoveryCallAtMs === Date.parse(booking.startsAt)) this.discoveryCallAtMs = null
    } else {
      this.discoveryCallAtMs = Date.parse(booking.startsAt)
      this.scheduled.set(key, this.discoveryCallAtMs)
      this.lastActivityAtMs = Date.now()
      if (!this.isDone('schedule_discovery')) {
        await this.tick([{ action: 'schedule_discovery', how: 'Booked through Cal.com' }], null)
      }
    }
    this.changed = true
  }

  private isDone(action: RequiredAction): boolean {
    return this.checklist.some((entry) => entry.action === action)
  }

  /** Adds done actions to the checklist and writes it (with the activity clock) to the deal's row. */
  private async tick(actions: { action: RequiredAction; how: string }[], byUserId: string | null): Promise<void> {
    const doneAt = new Date(Date.now()).toISOString()
    const added = actions.filter((entry) => !this.isDone(entry.action))
    if (added.length === 0) return
    this.checklist = [...this.checklist, ...added.map((entry) => ({ ...entry, doneAt, byUserId }))]
    await this.writeChecklist()
    this.changed = true
  }

  private async writeChecklist(): Promise<void> {
    await database('Record the deal’s checklist').recordDealChecklist({
      opportunityId: this.deal!.opportunityId,
      checklist: this.checklist,
      lastActivityAt: new Date(this.lastActivityAtMs).toISOString(),
    })
  }

  private async recordTransition(move: {
    fromStage: PipelineStage | null
    toStage: PipelineStage
    at: string
    changedById: string | null
    reason: string | null
    lostReason?: string | null
    competitor?: string | null
  }): Promise<void> {
    this.transitions += 1
    const opportunityId = this.deal!.opportunityId
    await database(`Record the move to ${stagePolicies[move.toStage].label}`).recordDealTransition({
      opportunityId,
      idempotencyKey: `deal-${opportunityId}/transition/${this.transitions}`,
      ...move,
    })
  }

  private async ringDueReminders(): Promise<void> {
    const deal = this.deal!
    for (const reminder of dueReminders(this.clock(), Date.now(), this.rung)) {
      this.rung.add(reminder.key)
      // Seeded deals: what fell due before this run is history, never sent late.
      if (fellDueBeforeRun(reminder.dueAtMs, this.runStart)) continue
      await messages(reminderLabels[reminder.kind]).notifyOwner({
        entity: { type: 'deal', id: deal.opportunityId },
        kind: reminderKinds[reminder.kind],
        idempotencyKey: `deal-${deal.opportunityId}/${reminder.key}`,
        detail: reminder.nextStep,
        audience: reminder.audience,
        now: new Date(Date.now()).toISOString(),
      })
      this.changed = true
    }
  }

  private clock(): DealClock {
    const deal = this.deal!
    // Protected from stalling until the last planned activity still ahead falls due.
    const ahead = [...this.scheduled.values()].filter((dueAtMs) => dueAtMs > Date.now())
    return {
      stage: deal.stage,
      stageEnteredAtMs: Date.parse(deal.stageEnteredAt),
      lastActivityAtMs: this.lastActivityAtMs,
      nextScheduledActivityAtMs: ahead.length === 0 ? null : Math.max(...ahead),
      discoveryCallAtMs: this.discoveryCallAtMs,
    }
  }

  private forMove(): DealForMove {
    const deal = this.deal!
    return {
      stage: deal.stage,
      ownerId: deal.ownerId,
      completedActions: this.checklist.map((entry) => entry.action),
      lostFromStage: deal.lostFromStage,
    }
  }

  private upcoming(): UpcomingStep[] {
    const now = Date.now()
    return dealReminders(this.clock(), now)
      .filter((reminder) => !this.rung.has(reminder.key) && reminder.dueAtMs > now)
      .map((reminder) => {
        const dueAt = new Date(reminder.dueAtMs).toISOString()
        return {
          key: reminder.key,
          kind: 'reminder' as const,
          label: reminderLabels[reminder.kind],
          dueAt,
          expectedSendAt: dueAt,
          willFire: true,
          reason: reminder.nextStep,
        }
      })
  }

  /** The next thing a person should do: the first open required action of the stage, due at the stage's limit. */
  private nextStep(): { nextStep: string | null; nextStepAt: string | null } {
    const deal = this.deal!
    if (!isOpenStage(deal.stage)) return { nextStep: null, nextStepAt: null }
    const policy = stagePolicies[deal.stage]
    const open = policy.requiredActions.find((action) => !this.isDone(action))
    const limit = dealReminders(this.clock(), Date.now()).find((reminder) => reminder.kind === 'stage-limit')
    return {
      nextStep: open ? actionLabels[open] : `Move on from ${policy.label}: ${policy.exitCriteria.toLowerCase()}`,
      nextStepAt: limit ? new Date(limit.dueAtMs).toISOString() : null,
    }
  }

  private async project(): Promise<void> {
    const deal = this.deal!
    const open = isOpenStage(deal.stage)
    const { nextStep, nextStepAt } = this.nextStep()
    await database(open ? `Record the deal’s next step: ${nextStep}` : 'Record the deal as closed').recordWorkflowState(
      {
        entity: { kind: 'deal', id: deal.opportunityId },
        workflowStatus: open ? 'RUNNING' : 'COMPLETED',
        nextStep,
        nextStepAt,
        upcomingSteps: {
          plannedAt: new Date(Date.now()).toISOString(),
          phase: open ? 'open' : deal.stage === 'CLOSED_WON' ? 'won' : 'lost',
          paused: false,
          steps: open ? this.upcoming() : [],
          sequences: [],
        },
      },
    )
  }

  private upsertSearchAttributes(): void {
    const deal = this.deal!
    upsertSearchAttributes([
      { key: CrmStage, value: deal.stage },
      { key: CrmTier, value: deal.tier },
      ...(deal.ownerId ? [{ key: CrmOwner, value: deal.ownerId }] : []),
    ])
  }

  private view(): DealWorkflowStatus | null {
    const deal = this.deal
    if (!deal) return null
    return {
      opportunityId: deal.opportunityId,
      stage: deal.stage,
      stageEnteredAt: deal.stageEnteredAt,
      ownerId: deal.ownerId,
      checklist: this.checklist,
      lastActivityAt: new Date(this.lastActivityAtMs).toISOString(),
      discoveryCallAt: this.discoveryCallAtMs === null ? null : new Date(this.discoveryCallAtMs).toISOString(),
      upcomingSteps: this.deal && isOpenStage(deal.stage) ? this.upcoming() : [],
    }
  }
}

/**
 * A won deal becomes a partnership. Its row is written by the activity that records the move to Closed Won
 * (activities/partnership-hand-off.ts), in the same transaction, and its workflow `partnership-<id>` is started
 * from that row (services/partnerships/partnership-start.ts, the reconciler), so this run's history is unchanged.
 */
function handOffToPartnership(deal: DealSnapshot): void {
  void deal
}
