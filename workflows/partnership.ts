import {
  allHandlersFinished,
  condition,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type { NotifyOwnerInput } from '../activities/notification-contract'
import type { PartnershipActivities, PartnershipSnapshot, PaymentFacts } from '../activities/partnership-contract'
import { healthFactsOf, nextHealthChangeMs } from '../domain/partnerships/health-facts'
import {
  healthAlertFor,
  healthBandOf,
  healthScoreOf,
  type HealthBand,
  type HealthScore,
} from '../domain/partnerships/health-score'
import {
  completeMilestone,
  extendPlan,
  finalMilestone,
  initialPlan,
  milestoneReminders,
  shiftForPause,
  type MilestonePlan,
  type MilestoneReminder,
} from '../domain/partnerships/milestone-plan'
import {
  mayChangePartnership,
  partnershipChangeRefusal,
  partnershipHasEnded,
  type PartnershipStatus,
} from '../domain/partnerships/partnership-changes'
import {
  completingWithinMs,
  engagementWeek,
  phaseOf,
  partnershipStatusReasons,
  runningStatusOf,
  type PartnershipClock,
} from '../domain/partnerships/partnership-phase'
import { paymentPlan } from '../domain/partnerships/payment-plan'
import type { PartnershipPhaseName } from '../domain/tiers/tier-plans'
import { fellDueBeforeRun, type RunStart } from '../domain/leads/late-start'
import type { UpcomingStep } from './lead-messages'
import {
  changePartnershipUpdate,
  completeMilestoneUpdate,
  meetingHeldSignal,
  partnershipRefusedFailureType,
  partnershipStatusQuery,
  paymentReceivedSignal,
  satisfactionScoredSignal,
  systemUsageSignal,
  type ChangePartnershipInput,
  type CompleteMilestoneInput,
  type PartnershipWorkflowInput,
  type PartnershipWorkflowStatus,
} from './partnership-messages'
import { entityActivities, OneAtATime, refusal, StartUpGate, userIdOf } from './entity-run'
import { EngagementWork, loadPartnershipWork } from './partnership-work'
import {
  meetingBookedSignal,
  meetingScheduleChangedSignal,
  recordPartnershipWorkUpdate,
  type RecordPartnershipWorkInput,
} from './partnership-work-messages'
import { PartnershipPayments, type PaymentsHost } from './partnership-payments'
import { CrmHealth, CrmOwner, CrmPhase, CrmStage, CrmTier } from './search-attributes'

type WorkflowActivities = PartnershipActivities & Pick<LeadActivities, 'recordWorkflowState' | 'notifyOwner'>

const { database, messages } = entityActivities<WorkflowActivities>(['PartnershipNotFound'])

/**
 * Runs recorded before a change waited for the run's start-up replay as they were: until then a change that arrived
 * while the run started was written beside the start-up's own writes, and the start-up's projection could land last.
 */
const changesAfterStartUpPatch = 'partnership-changes-after-start-up'

const weekMs = 7 * 24 * 60 * 60 * 1000

const reminderKinds: Record<MilestoneReminder['kind'], NotifyOwnerInput['kind']> = {
  'due-soon': 'PARTNERSHIP_MILESTONE_DUE',
  overdue: 'PARTNERSHIP_MILESTONE_OVERDUE',
}

/** A partnership from Closed Won until it graduates or churns: `partnership-<partnershipId>`. */
export async function partnershipWorkflow(input: PartnershipWorkflowInput): Promise<{ status: PartnershipStatus }> {
  return new PartnershipRun(input).run()
}

const refused = (message: string, details?: unknown) => refusal(partnershipRefusedFailureType, message, details)

const iso = (ms: number) => new Date(ms).toISOString()

class PartnershipRun {
  private partnership: PartnershipSnapshot | null = null
  private plan!: MilestonePlan
  private payments: PaymentFacts[] = []
  private status: PartnershipStatus = 'ONBOARDING'
  private phase: PartnershipPhaseName = 'ONBOARDING'
  private kickoffDone = false
  private pausedAtMs: number | null = null
  private pausedMs = 0
  private readonly meetings = new Map<string, { attended: boolean }>()
  private readonly systems = new Map<string, { deployedAtMs: number | null; lastUsedAtMs: number | null }>()
  private satisfaction: number | null = null
  private health: HealthScore = { overall: null, components: emptyComponents() }
  private band: HealthBand = 'healthy'
  private healthBaseline = false
  private recordedHealth: string | null = null
  private recordedProgress: string | null = null
  private statusChanges = 0
  private healthSnapshots = 0
  private healthAlerts = 0
  /** Reminders are looked for from here: the instant the run last rang what was due. */
  private remindedUntilMs = 0
  private readonly rung = new Set<string>()
  private readonly pendingEvents: (() => void)[] = []
  private readonly oneAtATime = new OneAtATime()
  private changed = false
  /** Set when an update ended the partnership (from 'partnership-ends-promptly'): the run's loop wakes at once. */
  private endsNow = false
  /** A change is being handled (its activities in flight): the view counts it as pending. */
  private working = false
  private readonly runStart: RunStart
  /** Meetings, systems, knowledge transfer, testimonial (decision 0035); null in runs from before them. */
  private work: EngagementWork | null = null
  private recordedAttributes: string | null = null
  private readonly billing: PartnershipPayments
  /** When the partnership churned or graduated. */
  private endedAtMs: number | null = null
  private readonly startUp = new StartUpGate()

  constructor(private readonly input: PartnershipWorkflowInput) {
    this.runStart = {
      startedAtMs: workflowInfo().runStartTime.getTime(),
      historyUntilMs: input.historyUntil ? Date.parse(input.historyUntil) : null,
    }
    // Runs recorded before billing and dunning were wired in keep their command sequence (decision 0034).
    this.billing = new PartnershipPayments(this.paymentsHost(), patched('partnership-payments-v1'))
    setHandler(changePartnershipUpdate, (change) => this.change(change), {
      validator: (change) => {
        const refusal = this.partnership ? partnershipChangeRefusal(this.forChange(), change, change.actor) : null
        if (refusal) throw refused(refusal.message, refusal)
      },
    })
    setHandler(completeMilestoneUpdate, (input) => this.complete(input), {
      validator: (input) => {
        if (this.partnership) this.checkCompletion(input)
      },
    })
    setHandler(meetingHeldSignal, ({ meetingId, attended, at }) => {
      this.pendingEvents.push(() => {
        this.meetings.set(meetingId, { attended })
        if (attended) this.kickoffDone = true
        this.work?.meetingHeld(meetingId, attended, at)
      })
    })
    setHandler(meetingBookedSignal, (booking) => {
      this.pendingEvents.push(() => this.work?.meetingBooked(booking))
    })
    setHandler(meetingScheduleChangedSignal, ({ schedule, timeZone }) => {
      this.pendingEvents.push(() => {
        if (schedule !== undefined) this.work?.scheduleChanged(schedule)
        if (timeZone !== undefined) this.work?.clientClockChanged(timeZone)
      })
    })
    setHandler(recordPartnershipWorkUpdate, (input) => this.recordWork(input), {
      validator: (input) => {
        if (this.partnership) this.checkWork(input)
      },
    })
    setHandler(systemUsageSignal, ({ systemId, deployedAt, usedAt }) => {
      this.pendingEvents.push(() => {
        const known = this.systems.get(systemId) ?? { deployedAtMs: null, lastUsedAtMs: null }
        const usedAtMs = usedAt ? Math.min(Date.parse(usedAt), Date.now()) : null
        this.systems.set(systemId, {
          deployedAtMs: deployedAt ? Date.parse(deployedAt) : known.deployedAtMs,
          lastUsedAtMs: usedAtMs === null ? known.lastUsedAtMs : Math.max(usedAtMs, known.lastUsedAtMs ?? usedAtMs),
        })
      })
    })
    setHandler(satisfactionScoredSignal, ({ score }) => {
      this.pendingEvents.push(() => {
        if (Number.isInteger(score) && score >= 1 && score <= 10) this.satisfaction = score
      })
    })
    setHandler(paymentReceivedSignal, ({ paymentKey, paidAt }) => {
      this.pendingEvents.push(() => {
        this.payments = this.payments.map((payment) =>
          payment.key === paymentKey && payment.paidAtMs === null
            ? { ...payment, paidAtMs: Math.min(Date.parse(paidAt), Date.now()) }
            : payment,
        )
      })
    })
    setHandler(partnershipStatusQuery, () => this.view())
  }

  async run(): Promise<{ status: PartnershipStatus }> {
    this.startUp.begin(changesAfterStartUpPatch)
    const partnership = await database('Read the partnership').loadPartnership(this.input.partnershipId)
    const id = partnership.partnershipId
    if (patched('partnership-work')) this.work = await loadPartnershipWork(this.workRun())
    this.status = partnership.status
    this.kickoffDone = partnership.status !== 'ONBOARDING'
    // A partnership paused before its workflow (seeded) is paused from the run's start.
    this.pausedAtMs = partnership.pausedAtMs ?? (partnership.status === 'PAUSED' ? Date.now() : null)
    this.pausedMs = partnership.pausedMs
    this.satisfaction = partnership.satisfactionScore
    this.band = partnership.lastBand ?? 'healthy'
    // A seeded partnership's first score is where it stands already, not news: its band is the baseline.
    this.healthBaseline = partnership.lastBand === null && this.runStart.historyUntilMs !== null
    this.statusChanges = partnership.statusChanges
    this.healthSnapshots = partnership.healthSnapshots
    this.healthAlerts = partnership.healthAlerts
    this.remindedUntilMs = Date.now()
    if (partnership.milestones.length > 0) {
      this.plan = {
        startMs: partnership.startMs,
        targetEndMs: partnership.targetEndMs,
        milestones: partnership.milestones,
      }
    } else {
      this.plan = initialPlan(partnership.tier, partnership.startMs)
      await this.writePlan()
    }
    this.payments = partnership.payments
    const newlyPlanned = this.payments.length === 0
    if (newlyPlanned) {
      const planned = paymentPlan(partnership.terms, partnership.startMs)
      await database('Plan the setup fee and the monthly fees').planPayments({ partnershipId: id, payments: planned })
      this.payments = planned.map((payment) => ({ key: payment.key, dueAtMs: payment.dueAtMs, paidAtMs: null }))
    }
    await this.billing.bill(newlyPlanned)
    if (this.statusChanges === 0) {
      // The partnership's first status (written with its row) is recorded here, as the deal's first stage is.
      await this.recordStatus(null, this.status, null, partnershipStatusReasons.ONBOARDING)
    }
    this.partnership = partnership
    this.phase = this.currentPhase()
    await this.settle()
    this.upsertSearchAttributes()
    await this.project()
    this.startUp.finish()

    for (;;) {
      while (!partnershipHasEnded(this.status)) {
        await this.exclusive(async () => {
          for (const event of this.pendingEvents.splice(0)) {
            event()
            this.changed = true
          }
          await this.settle()
        })
        const wakeAt = this.nextWakeUpMs()
        if (!this.changed) {
          const woken = () => this.changed || this.pendingEvents.length > 0 || this.endsNow
          if (wakeAt === null) await condition(woken)
          else await condition(woken, Math.max(wakeAt - Date.now(), 1))
        }
      }
      await condition(allHandlersFinished)
      if (partnershipHasEnded(this.status)) break
    }
    // Billing ends with the partnership (decision 0042); runs that ended before this code ended as they did.
    if (patched('partnership-billing-ends')) await this.billing.ended(this.endedAtMs ?? Date.now())
    await this.project()
    return { status: this.status }
  }

  /** One change at a time: an update, an event or a timer reads the state the one before it left. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.startUp.passed(() => this.partnership !== null)
    return this.oneAtATime.run(async () => {
      this.working = true
      try {
        const result = await work()
        if (this.changed) {
          this.changed = false
          await this.project()
        }
        return result
      } finally {
        this.working = false
      }
    })
  }

  /** What the clock and the last event make true now: reminders rung, status and phase moved, health recomputed. */
  private async settle(): Promise<void> {
    await this.ringDueReminders()
    if (await this.billing.ring()) this.changed = true
    if (!partnershipHasEnded(this.status) && this.pausedAtMs === null) {
      const status = runningStatusOf(this.clock())
      if (status !== this.status) await this.moveStatus(status, null, partnershipStatusReasons[status])
    }
    if (this.work) await this.work.settle(Date.now())
    await this.recomputeHealth()
    if (this.work) this.upsertProgressAttributes()
  }

  private workRun() {
    return {
      partnershipId: this.input.partnershipId,
      runStart: this.runStart,
      meetings: this.meetings,
      systems: this.systems,
      running: () => this.pausedAtMs === null && !partnershipHasEnded(this.status),
      kickoffMs: () => this.plan.startMs,
      finalMilestone: () => finalMilestone(this.plan),
      meetingAttended: () => {
        this.kickoffDone = true
      },
      changed: () => {
        this.changed = true
      },
    }
  }

  private checkWork(input: RecordPartnershipWorkInput): void {
    if (!mayChangePartnership(input.actor, this.partnership!)) {
      throw refused('Only the partnership’s Customer Success owner or a manager may do this')
    }
    if (partnershipHasEnded(this.status)) throw refused(`The partnership has ${this.status.toLowerCase()}`)
    if (!this.work) throw refused('This partnership’s workflow started before meetings and systems were tracked')
    const refusal = this.work.refusal(input)
    if (refusal) throw refused(refusal)
  }

  private async recordWork(input: RecordPartnershipWorkInput): Promise<PartnershipWorkflowStatus> {
    return this.exclusive(async () => {
      this.checkWork(input)
      await this.work!.record(input, userIdOf(input.actor))
      await this.settle()
      this.changed = true
      return this.view()!
    })
  }

  /** CrmPhase and CrmHealth, so an operator can list partnerships by phase or `CrmHealth < 50` in Temporal. */
  private upsertProgressAttributes(): void {
    const recorded = JSON.stringify([this.phase, this.health.overall])
    if (recorded === this.recordedAttributes) return
    this.recordedAttributes = recorded
    upsertSearchAttributes([
      { key: CrmPhase, value: this.phase },
      { key: CrmHealth, value: this.health.overall },
    ])
  }

  private async change(input: ChangePartnershipInput): Promise<PartnershipWorkflowStatus> {
    return this.exclusive(async () => {
      // Checked again: another change may have landed since the validator accepted this one.
      const refusal = partnershipChangeRefusal(this.forChange(), input, input.actor)
      if (refusal) throw refused(refusal.message, refusal)
      const now = Date.now()
      const by = userIdOf(input.actor)
      switch (input.kind) {
        case 'pause':
          this.pausedAtMs = now
          await this.moveStatus('PAUSED', by, input.reason.trim())
          await this.billing.paused(this.statusChanges)
          break
        case 'resume': {
          const pausedAtMs = this.pausedAtMs!
          const pausedForMs = now - pausedAtMs
          this.plan = shiftForPause(this.plan, pausedForMs, 'the partnership was paused')
          this.pausedMs += pausedForMs
          this.pausedAtMs = null
          await this.writePlan()
          await this.moveStatus(runningStatusOf(this.clock()), by, 'Resumed')
          await this.billing.resumed(pausedAtMs, pausedForMs, this.statusChanges)
          break
        }
        case 'extend':
          this.plan = extendPlan(this.plan, input.weeks, input.reason.trim())
          await this.writePlan()
          await this.billing.extended(this.plan.targetEndMs, this.partnership!.terms.monthlyFee)
          if (this.pausedAtMs === null) {
            const status = runningStatusOf(this.clock())
            if (status !== this.status) await this.moveStatus(status, by, `Extended: ${input.reason.trim()}`)
          }
          break
        case 'churn':
          await this.moveStatus('CHURNED', by, input.reason.trim())
          break
        case 'graduate':
          await this.moveStatus('GRADUATED', by, 'Graduated')
          break
      }
      await this.settle()
      this.changed = true
      return this.view()!
    })
  }

  private checkCompletion({ key, actor }: CompleteMilestoneInput): void {
    if (!mayChangePartnership(actor, this.partnership!)) {
      throw refused('Only the partnership’s Customer Success owner or a manager may do this')
    }
    if (partnershipHasEnded(this.status)) throw refused(`The partnership has ${this.status.toLowerCase()}`)
    const milestone = this.plan.milestones.find((m) => m.key === key)
    if (!milestone) throw refused(`${key} is not a milestone of this partnership`)
    if (milestone.completedAtMs !== null) throw refused(`“${milestone.label}” is done already`)
  }

  private async complete(input: CompleteMilestoneInput): Promise<PartnershipWorkflowStatus> {
    return this.exclusive(async () => {
      this.checkCompletion(input)
      this.plan = completeMilestone(this.plan, input.key, Date.now())
      // A milestone reached means the work started: the kickoff is behind us.
      this.kickoffDone = true
      await this.writePlan()
      await this.settle()
      this.changed = true
      return this.view()!
    })
  }

  private async writePlan(): Promise<void> {
    await database('Record the milestone plan').recordMilestones({
      partnershipId: this.input.partnershipId,
      milestones: this.plan.milestones,
      targetEndMs: this.plan.targetEndMs,
    })
  }

  private async moveStatus(to: PartnershipStatus, byId: string | null, reason: string): Promise<void> {
    const from = this.status
    this.status = to
    if (partnershipHasEnded(to)) {
      this.endedAtMs = Date.now()
      // The update that ends the run leaves `changed` unset (its projection is written): without this the run,
      // and the end of its billing, would wait for its next timer.
      this.endsNow = patched('partnership-ends-promptly')
    }
    await this.recordStatus(from, to, byId, reason)
    this.upsertSearchAttributes()
    this.changed = true
  }

  private async recordStatus(
    from: PartnershipStatus | null,
    to: PartnershipStatus,
    byId: string | null,
    reason: string,
  ): Promise<void> {
    this.statusChanges += 1
    const partnershipId = this.input.partnershipId
    await database(`Record the status ${to.toLowerCase()}`).recordPartnershipStatus({
      partnershipId,
      idempotencyKey: `partnership-${partnershipId}/status/${this.statusChanges}`,
      fromStatus: from,
      toStatus: to,
      atMs: Date.now(),
      byId,
      reason,
      pausedAtMs: this.pausedAtMs,
      pausedMs: this.pausedMs,
    })
  }

  private async ringDueReminders(): Promise<void> {
    const now = Date.now()
    if (partnershipHasEnded(this.status) || this.pausedAtMs !== null) {
      this.remindedUntilMs = now
      return
    }
    const partnershipId = this.input.partnershipId
    for (const reminder of milestoneReminders(this.plan, this.remindedUntilMs)) {
      if (reminder.dueAtMs > now || this.rung.has(reminder.key)) continue
      this.rung.add(reminder.key)
      // Seeded partnerships: what fell due before this run is history, never sent late.
      if (fellDueBeforeRun(reminder.dueAtMs, this.runStart)) continue
      await messages(`Remind the owner: ${reminder.message}`).notifyOwner({
        entity: { type: 'partnership', id: partnershipId },
        kind: reminderKinds[reminder.kind],
        idempotencyKey: `partnership-${partnershipId}/${reminder.key}`,
        detail: reminder.message,
        now: iso(now),
      })
      this.changed = true
    }
    this.remindedUntilMs = now
  }

  private async recomputeHealth(): Promise<void> {
    const now = Date.now()
    const partnershipId = this.input.partnershipId
    this.health = healthScoreOf(healthFactsOf(this.evidence(), now))
    const band = healthBandOf(this.health.overall)
    const recorded = JSON.stringify(this.health)
    if (recorded !== this.recordedHealth) {
      this.recordedHealth = recorded
      this.healthSnapshots += 1
      await database('Record the health score').recordHealthSnapshot({
        partnershipId,
        idempotencyKey: `partnership-${partnershipId}/health/${this.healthSnapshots}`,
        overall: this.health.overall,
        components: this.health.components,
        band,
        atMs: now,
      })
      this.changed = true
    }
    if (this.healthBaseline) {
      this.healthBaseline = false
      this.band = band
    }
    const alert = healthAlertFor(this.band, this.health)
    this.band = band
    if (alert) {
      this.healthAlerts += 1
      const idempotencyKey = `partnership-${partnershipId}/alert/${this.healthAlerts}`
      const { audience, ...decision } = alert
      await database('Record the health alert').raiseHealthAlert({
        partnershipId,
        idempotencyKey,
        alert: decision,
        atMs: now,
      })
      const notice = (who: NotifyOwnerInput['audience']) =>
        messages(
          who === 'managers' ? 'Escalate to the managers: health below 50' : 'Alert the owner: health',
        ).notifyOwner({
          entity: { type: 'partnership', id: partnershipId },
          kind: 'PARTNERSHIP_HEALTH_ALERT',
          // One key for both audiences: an owner-less partnership's managers hear it once.
          idempotencyKey,
          detail: `${decision.message}. ${decision.recommendedAction}.`,
          audience: who,
          now: iso(now),
        })
      await notice('owner')
      if (audience === 'owner-and-managers') await notice('managers')
      this.changed = true
    }
    this.phase = this.currentPhase()
    const progress = JSON.stringify([this.phase, this.health.overall, band])
    if (progress !== this.recordedProgress) {
      this.recordedProgress = progress
      await database('Record the phase and health').recordPartnershipProgress({
        partnershipId,
        phase: this.phase,
        healthScore: this.health.overall,
        atRisk: band === 'at-risk',
        // The words of the alert this band raises when entered from healthy: the score and its weakest component.
        riskReasons: band === 'healthy' ? [] : [healthAlertFor('healthy', this.health)!.message],
      })
      this.changed = true
    }
  }

  private evidence() {
    return {
      milestones: this.plan.milestones,
      meetings: this.meetings,
      systems: this.systems,
      satisfaction: this.satisfaction,
      payments: this.payments,
    }
  }

  /** The engagement's clock: while paused it stands still at the pause. */
  private clock(): PartnershipClock {
    return {
      plan: this.plan,
      nowMs: this.pausedAtMs ?? Date.now(),
      pausedMs: this.pausedMs,
      kickoffDone: this.kickoffDone,
    }
  }

  private currentPhase(): PartnershipPhaseName {
    return phaseOf(this.clock())
  }

  /** The next instant something changes by the clock: a reminder, a week boundary, "completing", a due day ending. */
  private nextWakeUpMs(): number | null {
    const now = Date.now()
    const instants: (number | null)[] = [
      nextHealthChangeMs(this.evidence(), now),
      ...(this.work?.nextWakeUpMs(now) ?? []),
    ]
    if (this.pausedAtMs === null && !partnershipHasEnded(this.status)) {
      instants.push(...this.upcomingReminders(now).map((reminder) => reminder.dueAtMs))
      instants.push(this.billing.nextWakeUpMs())
      const final = finalMilestone(this.plan)
      if (final.completedAtMs === null) {
        const week = engagementWeek(this.clock())
        // Phases change at week boundaries up to Deploy (week 7).
        if (week < 7) instants.push(this.plan.startMs + this.pausedMs + week * weekMs)
        instants.push(final.dueAtMs - completingWithinMs)
      }
    }
    const ahead = instants.filter((at): at is number => at !== null && at > now)
    return ahead.length === 0 ? null : Math.min(...ahead)
  }

  private upcomingReminders(now: number): MilestoneReminder[] {
    return milestoneReminders(this.plan, now).filter(
      (reminder) => reminder.dueAtMs > now && !this.rung.has(reminder.key),
    )
  }

  /** What the payments part (workflows/partnership-payments.ts) may see and do of this run. */
  private paymentsHost(): PaymentsHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the host's accessors read the run's own fields
    const run = this
    return {
      partnershipId: this.input.partnershipId,
      runStart: this.runStart,
      get payments() {
        return run.payments
      },
      set payments(payments) {
        run.payments = payments
      },
      loaded: () => this.partnership !== null,
      running: () => !partnershipHasEnded(this.status) && this.pausedAtMs === null,
      ended: () => partnershipHasEnded(this.status),
      ownerId: () => this.partnership?.ownerId ?? null,
      change: (work) =>
        this.exclusive(async () => {
          await work()
          await this.settle()
          this.changed = true
          return this.view()!
        }),
      event: (apply) => this.pendingEvents.push(apply),
    }
  }

  private forChange() {
    return {
      status: this.status,
      ownerId: this.partnership!.ownerId,
      finalMilestoneDone: finalMilestone(this.plan).completedAtMs !== null,
    }
  }

  private upcoming(): UpcomingStep[] {
    const now = Date.now()
    if (partnershipHasEnded(this.status) || this.pausedAtMs !== null) return []
    const steps: UpcomingStep[] = this.upcomingReminders(now).map((reminder) => ({
      key: reminder.key,
      kind: 'reminder' as const,
      label: `Remind the owner: ${reminder.message}`,
      dueAt: iso(reminder.dueAtMs),
      expectedSendAt: iso(reminder.dueAtMs),
      willFire: true,
      reason: 'Fires unless the milestone is completed first',
    }))
    const final = finalMilestone(this.plan)
    if (final.completedAtMs === null && this.status !== 'COMPLETING') {
      const at = final.dueAtMs - completingWithinMs
      steps.push({
        key: `status/completing/${at}`,
        kind: 'reminder',
        label: 'Status becomes Completing: two weeks before graduation',
        dueAt: iso(at),
        expectedSendAt: null,
        willFire: true,
        reason: `Graduation milestone due ${iso(final.dueAtMs).slice(0, 10)}`,
      })
    }
    steps.push(...(this.work?.upcoming(now) ?? []))
    steps.push(...this.billing.upcoming())
    return steps.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).slice(0, 12)
  }

  private async project(): Promise<void> {
    const open = !partnershipHasEnded(this.status)
    const next = this.plan.milestones.find((m) => m.completedAtMs === null)
    const nextStep = !open
      ? null
      : this.pausedAtMs !== null
        ? 'Resume the partnership'
        : next
          ? next.label
          : 'Graduate the client'
    await database(
      open ? `Record the partnership’s next step: ${nextStep}` : 'Record the partnership as ended',
    ).recordWorkflowState({
      entity: { kind: 'partnership', id: this.input.partnershipId },
      workflowStatus: open ? 'RUNNING' : 'COMPLETED',
      nextStep,
      nextStepAt: open && this.pausedAtMs === null && next ? iso(next.dueAtMs) : null,
      upcomingSteps: {
        plannedAt: iso(Date.now()),
        phase: this.status.toLowerCase(),
        paused: this.pausedAtMs !== null,
        steps: this.upcoming(),
        sequences: [],
      },
    })
  }

  private upsertSearchAttributes(): void {
    const partnership = this.partnership!
    upsertSearchAttributes([
      { key: CrmStage, value: this.status },
      { key: CrmTier, value: partnership.tier },
      ...(partnership.ownerId ? [{ key: CrmOwner, value: partnership.ownerId }] : []),
    ])
  }

  private view(): PartnershipWorkflowStatus | null {
    if (!this.partnership) return null
    return {
      partnershipId: this.partnership.partnershipId,
      status: this.status,
      phase: this.phase,
      ownerId: this.partnership.ownerId,
      health: this.health,
      milestones: this.plan.milestones,
      targetEnd: iso(this.plan.targetEndMs),
      pausedAt: this.pausedAtMs === null ? null : iso(this.pausedAtMs),
      upcomingSteps: this.upcoming(),
      pendingEvents: this.pendingEvents.length + (this.working ? 1 : 0),
      work: this.work?.view() ?? null,
    }
  }
}

function emptyComponents(): HealthScore['components'] {
  return { engagement: null, progress: null, adoption: null, satisfaction: null, paymentHealth: null }
}
