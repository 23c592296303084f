import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type { LeadLifecycleActivities, LeadSnapshot, RescoreResult } from '../activities/lead-lifecycle-contract'
import { highValueLeadScore, newLeadFollowUpDeadlineMs } from '../domain/nurture/sequences'
import {
  convertLeadUpdate,
  disqualifyLeadUpdate,
  leadEventSignal,
  leadStatusQuery,
  markContactedUpdate,
  pauseNurtureUpdate,
  qualifyLeadUpdate,
  resumeNurtureUpdate,
  type ConvertLeadInput,
  type LeadActionInput,
  type LeadConversion,
  type LeadEvent,
  type LeadStatusName,
  type LeadWorkflowInput,
  type LeadWorkflowStatus,
  type QualificationStageName,
} from './lead-messages'
import { NurtureRunner } from './nurture-runner'
import { upcomingSteps } from './upcoming-steps'
import { CrmOwner, CrmScoreBand, CrmStage } from './search-attributes'

// Database writes are quick and idempotent: retry them briskly and indefinitely (an outage of the
// database must delay a lead, never lose it).
type WorkflowActivities = LeadActivities & LeadLifecycleActivities

const { recordLeadWorkflowState, loadLeadSnapshot, assignLeadOwner, rescoreLead, applyLeadAction, convertLead } =
  proxyActivities<WorkflowActivities>({
    startToCloseTimeout: '30 seconds',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '1 minute',
      backoffCoefficient: 2,
      nonRetryableErrorTypes: ['LeadNotFound', 'LeadNotQualified'],
    },
  })

// SMTP can be down for a while; the outbox row makes every retry resume the same message.
const { sendLeadAcknowledgement, notifyOwner, sendNurtureStep } = proxyActivities<WorkflowActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '10 minutes',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['LeadNotFound'],
  },
})

/** Added in v2: the lead lives until conversion or disqualification. Histories without it replay v1. */
export const leadLifecyclePatch = 'lead-lifecycle-v2'

/** Sources whose own integration sends the first email (nurture's first step, or Cal.com's confirmation). */
const sourcesWithoutAcknowledgement = new Set(['VOICE_AGENT', 'ROI_CALCULATOR', 'CALENDAR_BOOKING'])

/** One lead, from first touch to conversion or disqualification. */
export async function leadWorkflow({ leadId }: LeadWorkflowInput): Promise<LeadWorkflowStatus> {
  if (!patched(leadLifecyclePatch)) return acknowledgeOnly(leadId)
  return new LeadLifecycle(leadId).run()
}

/** v1, kept for runs that started before v2: acknowledge the lead by email, then complete. */
async function acknowledgeOnly(leadId: string): Promise<LeadWorkflowStatus> {
  const status: LeadWorkflowStatus = { leadId, phase: 'acknowledging', acknowledgement: null }
  setHandler(leadStatusQuery, () => status)

  await recordLeadWorkflowState({ leadId, workflowStatus: 'RUNNING', nextStep: 'Send acknowledgement email' })
  const sent = await sendLeadAcknowledgement({ leadId })
  status.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
  status.phase = 'acknowledged'
  await recordLeadWorkflowState({ leadId, workflowStatus: 'COMPLETED', nextStep: null })
  return status
}

const now = () => new Date(Date.now()).toISOString()

class LeadLifecycle {
  private phase: LeadWorkflowStatus['phase'] = 'open'
  private acknowledgement: LeadWorkflowStatus['acknowledgement'] = null
  private snapshot!: LeadSnapshot
  private status: LeadStatusName = 'NEW'
  private stage: QualificationStageName = 'NONE'
  private score = 0
  private band: RescoreResult['band'] | null = null
  private ownerId: string | null = null
  private conversion: LeadConversion | null = null
  private newLeadAlertSent = false
  private highScoreAlertSent = false
  private readonly seenEventIds = new Set<string>()
  private readonly pendingEvents: LeadEvent[] = []
  private handlingEvent = false
  /** True from the start until the lead is acknowledged, assigned and scored. */
  private starting = true
  /** False until the lead has been read: validators cannot judge its state before. */
  private loaded = false
  private readonly nurture: NurtureRunner
  /** Lead state changes run one at a time, so a rescoring never overwrites an action with what it read before. */
  private exclusiveTail: Promise<unknown> = Promise.resolve()

  constructor(private readonly leadId: string) {
    this.nurture = new NurtureRunner(leadId, {
      send: (input) => sendNurtureStep(input),
      onChange: () => this.recordProjection(),
      isClosed: () => this.closed,
    })
  }

  get closed(): boolean {
    return this.phase === 'converted' || this.phase === 'disqualified'
  }

  async run(): Promise<LeadWorkflowStatus> {
    this.registerHandlers()
    // Exclusive, so an update delivered with the start (update-with-start) acts on the loaded lead, and what
    // was read here can never overwrite what the update wrote.
    await this.exclusive(async () => {
      this.snapshot = await loadLeadSnapshot({ leadId: this.leadId })
      this.status = this.snapshot.status
      this.stage = this.snapshot.qualificationStage
      this.score = this.snapshot.score
      this.ownerId = this.snapshot.ownerId
      this.nurture.applySnapshot(this.snapshot)
      this.loaded = true
    })
    if (this.status === 'CONVERTED' || this.status === 'UNQUALIFIED') {
      // A lead closed before this run (a v1 lead touched again): nothing is left to do.
      this.phase = this.status === 'CONVERTED' ? 'converted' : 'disqualified'
      await recordLeadWorkflowState({ leadId: this.leadId, workflowStatus: 'COMPLETED', nextStep: null })
      return this.view()
    }
    await this.recordProjection()

    if (!sourcesWithoutAcknowledgement.has(this.snapshot.source)) {
      const sent = await sendLeadAcknowledgement({ leadId: this.leadId })
      this.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
    }

    await this.exclusive(async () => {
      const assignment = await assignLeadOwner({ leadId: this.leadId, now: now() })
      this.ownerId = assignment.ownerId
      if (assignment.assignedNow && assignment.ownerId) {
        await notifyOwner({
          leadId: this.leadId,
          kind: 'LEAD_ASSIGNED',
          idempotencyKey: `lead-${this.leadId}/assigned/${assignment.ownerId}`,
          now: now(),
        })
      }
    })
    await this.rescore()
    this.starting = false

    await Promise.all([this.processEvents(), this.followUpNewLead(), this.nurture.done()])
    await condition(allHandlersFinished)
    await recordLeadWorkflowState({ leadId: this.leadId, workflowStatus: 'COMPLETED', nextStep: null })
    return this.view()
  }

  private registerHandlers() {
    setHandler(leadStatusQuery, () => this.view())

    setHandler(leadEventSignal, (event) => {
      if (this.seenEventIds.has(event.eventId)) return
      this.seenEventIds.add(event.eventId)
      // Stopping happens here, in the signal handler, so a step falling due in this same instant sees it.
      this.nurture.observe(event)
      this.pendingEvents.push(event)
    })

    setHandler(
      markContactedUpdate,
      ({ actor }) =>
        this.exclusive(async () => {
          if (this.status !== 'NEW') return this.view()
          await applyLeadAction({ leadId: this.leadId, action: 'contacted', actor, now: now() })
          this.setStatus('CONTACTED')
          await this.recordProjection()
          return this.view()
        }),
      { validator: (_input: LeadActionInput) => this.refuseWhenClosed() },
    )

    setHandler(
      qualifyLeadUpdate,
      ({ actor }) =>
        this.exclusive(async () => {
          if (this.status === 'QUALIFIED' && this.stage === 'SQL') return this.view()
          await applyLeadAction({ leadId: this.leadId, action: 'qualified', actor, now: now() })
          this.stage = 'SQL'
          this.setStatus('QUALIFIED')
          await this.recordProjection()
          return this.view()
        }),
      { validator: (_input: LeadActionInput) => this.refuseWhenClosed() },
    )

    setHandler(
      disqualifyLeadUpdate,
      ({ actor, reason }) =>
        this.exclusive(async () => {
          await applyLeadAction({ leadId: this.leadId, action: 'disqualified', actor, reason, now: now() })
          this.nurture.stop('Disqualified')
          this.setStatus('UNQUALIFIED')
          this.phase = 'disqualified'
          return this.view()
        }),
      {
        validator: ({ reason }) => {
          this.refuseWhenClosed()
          if (typeof reason !== 'string' || reason.trim().length < 3) {
            throw ApplicationFailure.create({
              type: 'InvalidInput',
              message: 'reason: must say why (3 characters or more)',
            })
          }
        },
      },
    )

    setHandler(
      pauseNurtureUpdate,
      ({ actor }) =>
        this.exclusive(async () => {
          if (this.nurture.paused) return this.view()
          await applyLeadAction({ leadId: this.leadId, action: 'nurture-paused', actor, now: now() })
          this.nurture.pause(Date.now())
          await this.recordProjection()
          return this.view()
        }),
      { validator: (_input: LeadActionInput) => this.refuseWhenClosed() },
    )

    setHandler(
      resumeNurtureUpdate,
      ({ actor }) =>
        this.exclusive(async () => {
          if (!this.nurture.paused) return this.view()
          await applyLeadAction({ leadId: this.leadId, action: 'nurture-resumed', actor, now: now() })
          this.nurture.resume(Date.now())
          await this.recordProjection()
          return this.view()
        }),
      { validator: (_input: LeadActionInput) => this.refuseWhenClosed() },
    )

    setHandler(
      convertLeadUpdate,
      (input) =>
        this.exclusive(async () => {
          if (this.conversion) return this.conversion
          const conversion = await convertLead({ ...input, leadId: this.leadId, now: now() })
          this.conversion = conversion
          this.nurture.stop('Converted')
          this.setStatus('CONVERTED')
          this.phase = 'converted'
          handOffToDeal(conversion)
          return conversion
        }),
      {
        validator: (_input: ConvertLeadInput) => {
          if (this.phase === 'converted') return
          this.refuseWhenClosed()
          // Before the lead is read, the conversion activity itself refuses an unqualified lead.
          if (this.loaded && this.status !== 'QUALIFIED') {
            throw ApplicationFailure.create({
              type: 'LeadNotQualified',
              message: `Only a qualified lead can be converted; this lead is ${this.status.toLowerCase()}`,
            })
          }
        },
      },
    )
  }

  private refuseWhenClosed() {
    if (this.closed) {
      throw ApplicationFailure.create({ type: 'LeadClosed', message: `The lead is already ${this.phase}` })
    }
  }

  /** Events are handled one at a time, in the order they arrived. */
  private async processEvents() {
    for (;;) {
      await condition(() => this.pendingEvents.length > 0 || this.closed)
      if (this.closed) return
      const event = this.pendingEvents.shift()!
      this.handlingEvent = true
      try {
        this.snapshot = await loadLeadSnapshot({ leadId: this.leadId })
        this.nurture.applySnapshot(this.snapshot)
        this.nurture.start(event)
        await this.rescore()
        await this.recordProjection()
      } finally {
        this.handlingEvent = false
      }
    }
  }

  /** §9.2: a lead still New 24 hours after capture alerts its owner. */
  private async followUpNewLead() {
    const dueAt = Date.parse(this.snapshot.createdAt) + newLeadFollowUpDeadlineMs
    const remaining = dueAt - Date.now()
    if (remaining > 0) {
      await condition(() => this.status !== 'NEW' || this.closed, remaining, {
        summary: 'Alert the owner if the lead is still New 24 hours after capture',
      })
    }
    if (this.status !== 'NEW' || this.closed) return
    this.newLeadAlertSent = true
    await notifyOwner({
      leadId: this.leadId,
      kind: 'LEAD_NEW_OVERDUE',
      idempotencyKey: `lead-${this.leadId}/new-overdue`,
      now: now(),
    })
    await this.recordProjection()
  }

  private async rescore() {
    await this.exclusive(async () => {
      if (this.closed) return
      const result = await rescoreLead({ leadId: this.leadId, now: now() })
      this.score = result.score
      this.stage = result.qualificationStage
      this.setStatus(result.status)
      if (result.band !== this.band) {
        this.band = result.band
        upsertSearchAttributes([{ key: CrmScoreBand, value: result.band }])
      }
      if (result.qualifiedNow) {
        await notifyOwner({
          leadId: this.leadId,
          kind: 'LEAD_QUALIFIED',
          idempotencyKey: `lead-${this.leadId}/qualified/${result.qualifiedNow.stage}`,
          detail: result.qualifiedNow.trigger,
          now: now(),
        })
      }
      if (result.score > highValueLeadScore && !this.highScoreAlertSent) {
        this.highScoreAlertSent = true
        await notifyOwner({
          leadId: this.leadId,
          kind: 'LEAD_HIGH_SCORE',
          idempotencyKey: `lead-${this.leadId}/high-score`,
          detail: `Lead score ${result.score}`,
          now: now(),
        })
      }
    })
  }

  private setStatus(status: LeadStatusName) {
    this.status = status
    upsertSearchAttributes([
      { key: CrmStage, value: status },
      ...(this.ownerId ? [{ key: CrmOwner, value: this.ownerId }] : []),
    ])
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(work)
    this.exclusiveTail = run.catch(() => undefined)
    return run
  }

  private async recordProjection() {
    if (this.closed) return
    const next = this.upcoming().find((step) => step.willFire)
    await recordLeadWorkflowState({
      leadId: this.leadId,
      workflowStatus: 'RUNNING',
      nextStep: next ? next.label : null,
      nextStepAt: next ? next.dueAt : null,
    })
  }

  private upcoming() {
    return upcomingSteps({
      leadId: this.leadId,
      closed: this.closed,
      status: this.status,
      createdAt: this.snapshot?.createdAt ?? null,
      newLeadAlertSent: this.newLeadAlertSent,
      nurture: this.nurture,
      contact: this.snapshot ?? null,
    })
  }

  private view(): LeadWorkflowStatus {
    return {
      leadId: this.leadId,
      phase: this.phase,
      acknowledgement: this.acknowledgement,
      status: this.status,
      qualificationStage: this.stage,
      score: this.score,
      ownerId: this.ownerId,
      nurturePaused: this.nurture.paused,
      sequences: this.nurture.statuses(),
      upcomingSteps: this.upcoming(),
      conversion: this.conversion,
      pendingEvents: this.pendingEvents.length + (this.handlingEvent || this.starting ? 1 : 0),
    }
  }
}

/**
 * The single place where a converted lead becomes a deal. The deal's own workflow (the next issue) is started
 * here, as a child or by signal-with-start, with `conversion.opportunityId`.
 */
function handOffToDeal(conversion: LeadConversion): void {
  void conversion
}
