import {
  ApplicationFailure,
  type ActivityOptions,
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type { UpcomingStepsProjection } from '../services/workflow-projection'
import type {
  LeadLifecycleActivities,
  LeadNotificationKind,
  LeadSnapshot,
  OwnerAssignment,
  RescoreResult,
} from '../activities/lead-lifecycle-contract'
import { assignedAlertDue, qualifiedAlertDue } from '../domain/leads/lead-alerts'
import { fellDueBeforeRun, type RunStart } from '../domain/leads/late-start'
import { daysBetween, isFollowedUp, nextFollowUpReminderAt } from '../domain/leads/lead-follow-up'
import {
  highValueLeadScore,
  newLeadFollowUpDeadlineMs,
  nurtureStepTitle,
  sendsAcknowledgement,
} from '../domain/nurture/sequences'
import {
  convertLeadUpdate,
  disqualifyLeadUpdate,
  leadEventSignal,
  leadStatusQuery,
  markContactedUpdate,
  pauseNurtureUpdate,
  qualifyLeadUpdate,
  resumeNurtureUpdate,
  type CarriedLeadState,
  type ConvertLeadInput,
  type LeadActionInput,
  type LeadAtStart,
  type LeadConversion,
  type LeadEvent,
  type LeadStatusName,
  type LeadWorkflowInput,
  type LeadWorkflowStatus,
  type QualificationStageName,
} from './lead-messages'
import { messageRejectedReply } from './message-rejected'
import { NurtureRunner } from './nurture-runner'
import { upcomingSteps } from './upcoming-steps'
import { CrmOwner, CrmScoreBand, CrmStage } from './search-attributes'

// Database writes are quick and idempotent: retry them briskly and indefinitely (an outage of the
// database must delay a lead, never lose it).
type WorkflowActivities = LeadActivities & LeadLifecycleActivities

const databaseActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['LeadNotFound', 'LeadNotQualified'],
  },
}

// SMTP can be down for a while; the outbox row makes every retry resume the same message.
// Three minutes: a send, then up to 90 s of retrying the write that records an accepted message (a 30 s
// database outage); the heartbeat (the acceptance, then progress) finds a dead worker within 30 s.
const messageActivityOptions: ActivityOptions = {
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '10 minutes',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['LeadNotFound'],
  },
}

/** Activities whose every call carries a summary, so the Temporal UI says what each one was for. */
const database = (summary: string) => proxyActivities<WorkflowActivities>({ ...databaseActivityOptions, summary })
const messages = (summary: string) => proxyActivities<WorkflowActivities>({ ...messageActivityOptions, summary })

// v5's start-up reads and writes the lead's row through local activities: run by this worker inside the workflow
// task, each recorded as one marker instead of three activity events and a workflow task of its own. Only quick,
// repeatable database work goes this way (a local activity may run again when its workflow task is retried).
const localDatabaseActivityOptions = {
  startToCloseTimeout: databaseActivityOptions.startToCloseTimeout,
  retry: databaseActivityOptions.retry,
}
const localDatabase = (summary: string) =>
  proxyLocalActivities<WorkflowActivities>({ ...localDatabaseActivityOptions, summary })

/**
 * Added in v4: the lead's projection also carries its plan (upcoming steps), written through the activity every
 * entity uses. Histories without it replay the lead-only activity they scheduled.
 */
export const leadProjectedPlanPatch = 'lead-projected-plan-v4'

/**
 * `fastStart` runs (v5) always carry the plan, so they ask for no v4 marker; `local` writes through a local
 * activity (v5's start-up only).
 */
const recordLeadWorkflowState = (
  { leadId, ...update }: Parameters<WorkflowActivities['recordLeadWorkflowState']>[0],
  plan?: UpcomingStepsProjection,
  { fastStart = false, local = false }: { fastStart?: boolean; local?: boolean } = {},
) => {
  const summary =
    update.workflowStatus === 'RUNNING'
      ? `Record the lead's next step: ${update.nextStep ?? 'none'}`
      : `Record the lead's workflow as ${update.workflowStatus.toLowerCase()}`
  const activities = local ? localDatabase(summary) : database(summary)
  if (!fastStart && !patched(leadProjectedPlanPatch)) return activities.recordLeadWorkflowState({ leadId, ...update })
  return activities.recordWorkflowState({ ...update, entity: { kind: 'lead', id: leadId }, upcomingSteps: plan })
}

/** An alert about this lead, as the workflow decides it. */
interface LeadAlert {
  leadId: string
  kind: LeadNotificationKind
  idempotencyKey: string
  detail?: string
  now: string
}

const ownerAlertSummaries: Record<LeadNotificationKind, string> = {
  LEAD_ASSIGNED: 'Alert the owner: lead assigned',
  LEAD_NEW_OVERDUE: 'Alert the owner: lead still New after 24 hours',
  LEAD_HIGH_SCORE: 'Alert the owner: score above 80',
  LEAD_QUALIFIED: 'Alert the owner: lead qualified',
  LEAD_FOLLOW_UP_DUE: 'Remind the owner to follow up',
}
const notifyOwner = ({ leadId, ...alert }: LeadAlert) =>
  messages(ownerAlertSummaries[alert.kind]).notifyOwner({ ...alert, entity: { type: 'lead', id: leadId } })

/** Null for a message the mail server refused for good; any other failure stays a failure. */
function unlessMessageRejected(error: unknown): null {
  if (messageRejectedReply(error) === null) throw error
  return null
}

/** Added in v2: the lead lives until conversion or disqualification. Histories without it replay v1. */
export const leadLifecyclePatch = 'lead-lifecycle-v2'

/**
 * Added in v3: a run that starts after its lead's history began (seeded, imported, captured during an outage)
 * sends nothing that fell due before it, picks nurture up where the history left it, alerts "score above 80"
 * only when the score crosses it, and scores the lead before telling its owner about it.
 */
export const leadLateStartPatch = 'lead-late-start-v3'

/**
 * Added in v4: whether an alert is due is decided here, from the owner and stage the run held before and after
 * an activity, never from an activity's "did it now" (a retry after a lost result answered "no"); and the
 * projection and search attributes are written only when they change.
 */
export const leadDecisionsPatch = 'lead-decisions-v4'

/**
 * Added in v4b: a webhook event (a Cal.com booking) arrives recorded but not applied (`webhookEventId`); the
 * workflow applies it as soon as the signal arrives, then handles it like any event with the refId it wrote.
 */
export const leadIngestedEventsPatch = 'lead-ingested-events-v4b'

/**
 * Added in v5: a lead whose history grew long (months of bookings, replies, sessions) continues as new at a quiet
 * moment, carrying where it stood (`LeadWorkflowInput.carried`); the new run resumes there without a start-up.
 */
export const leadContinueAsNewPatch = 'lead-continue-as-new-v5'

/** Decision 0019: well under Temporal's 10,240-event warning, so a run's replay stays short. */
export const leadContinueAsNewAfterEvents = 2_000
/** How many recent event ids a continued run still recognises as seen (0019). */
export const carriedEventIdLimit = 500

/**
 * Added in v5: the start-up reads the lead in a local activity, then sends the acknowledgement and assigns the
 * owner side by side in the first workflow task (the assignment writes the first projection in its transaction),
 * and scores the lead in a local activity: about half the history events of v4, the acknowledgement first. It
 * implies every earlier patch, continuing as new included.
 */
export const leadFastStartPatch = 'lead-fast-start-v5'

/**
 * Added in v6: a run started with `atStart` (the lead as its creator read it) sends the acknowledgement from that,
 * and assigns, scores and reads the lead in one local activity, all in the first workflow task; its alerts compare
 * with `atStart`, and the owner, stage and band go to the search attributes in one upsert. About two thirds of
 * v5's history (decision 0044). A run without `atStart` never asks for this patch.
 */
export const leadStartPatch = 'lead-start-v6'

/**
 * Added in v7: v6's start-up also writes the plan the run expects, computed from `atStart` before anything is read,
 * in the start-up's own transaction; the plan is written again only when what was read changed it. A new lead's
 * first workflow task then runs one local activity, not two (decision 0065). It implies v6.
 */
export const leadStartProjectedPatch = 'lead-start-v7'

/**
 * Added in v8: a Contacted or Qualified lead nobody touches reminds its owner to follow up (decision 0089). Asked
 * when the lead first needs the reminder, so a run that never does records no marker; a run that replays a history
 * from before it finds none and keeps waiting as it did.
 */
export const leadFollowUpPatch = 'lead-follow-up-v8'

const closedStatuses: readonly LeadStatusName[] = ['CONVERTED', 'UNQUALIFIED']

/** One lead, from first touch to conversion or disqualification. */
export async function leadWorkflow(input: LeadWorkflowInput): Promise<LeadWorkflowStatus> {
  const { leadId, historyUntil, carried } = input
  // A continued run was started by a v5, v6 or v7 run: the patches of its time hold without markers of their own,
  // and one started from a v6 or v7 run (its input carries `atStart`) upserts as v6 does.
  if (carried)
    return new LeadLifecycle(leadId, {
      runStart: carried.runStart,
      decidesInWorkflow: true,
      continuation: input,
      fastStart: true,
      oneUpsert: input.atStart !== undefined,
    }).run()
  const startedAtMs = Date.now()
  const historyUntilMs = historyUntil ? Date.parse(historyUntil) : null
  const { atStart } = input
  // A closed lead touched again starts like v5, which reads it and completes.
  if (atStart && !closedStatuses.includes(atStart.status)) {
    // v7 asked first: a new run records one patch, as v6 did; a v6 history replays v6.
    const projectsAtStart = patched(leadStartProjectedPatch)
    if (projectsAtStart || patched(leadStartPatch)) {
      return new LeadLifecycle(leadId, {
        runStart: { startedAtMs, historyUntilMs },
        decidesInWorkflow: true,
        continuation: input,
        fastStart: true,
        atStart,
        oneUpsert: true,
        projectsAtStart,
      }).run()
    }
  }
  // Asked first, and it implies every earlier patch: a new run records one patch (a marker and a search attribute
  // upsert, two history events) instead of four. A history without it replays the questions it asked, in order.
  if (patched(leadFastStartPatch)) {
    return new LeadLifecycle(leadId, {
      runStart: { startedAtMs, historyUntilMs },
      decidesInWorkflow: true,
      continuation: input,
      fastStart: true,
    }).run()
  }
  if (!patched(leadLifecyclePatch)) return acknowledgeOnly(leadId)
  const runStart: RunStart | null = patched(leadLateStartPatch) ? { startedAtMs, historyUntilMs } : null
  const decidesInWorkflow = runStart ? patched(leadDecisionsPatch) : false
  const continuesAsNew = decidesInWorkflow ? patched(leadContinueAsNewPatch) : false
  return new LeadLifecycle(leadId, { runStart, decidesInWorkflow, continuation: continuesAsNew ? input : null }).run()
}

/** v1, kept for runs that started before v2: acknowledge the lead by email, then complete. */
async function acknowledgeOnly(leadId: string): Promise<LeadWorkflowStatus> {
  const status: LeadWorkflowStatus = { leadId, phase: 'acknowledging', acknowledgement: null }
  setHandler(leadStatusQuery, () => status)

  await recordLeadWorkflowState({ leadId, workflowStatus: 'RUNNING', nextStep: 'Send acknowledgement email' })
  const sent = await messages('Send the acknowledgement email').sendLeadAcknowledgement({ leadId })
  status.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
  status.phase = 'acknowledged'
  await recordLeadWorkflowState({ leadId, workflowStatus: 'COMPLETED', nextStep: null })
  return status
}

const now = () => new Date(Date.now()).toISOString()

/** A projection as a start-up activity writes it in its own transaction: the row's columns and the plan. */
function columnsOf({
  update,
  plan,
}: {
  update: Parameters<WorkflowActivities['recordLeadWorkflowState']>[0]
  plan: UpcomingStepsProjection
}) {
  const { leadId: _leadId, ...columns } = update
  return { ...columns, upcomingSteps: plan }
}

/** What the patches a run started under decided; each omitted field keeps the oldest behaviour. */
interface RunVersion {
  /** Null for runs that started before v3 (they replay the old start-up). */
  runStart: RunStart | null
  /** False for runs that started before v4. */
  decidesInWorkflow?: boolean
  /** The run's input; null for runs that started before v5, which never continue as new. */
  continuation?: LeadWorkflowInput | null
  /** False for runs that started before v5. */
  fastStart?: boolean
  /** The lead as its creator read it: v6 and v7 runs only. */
  atStart?: LeadAtStart | null
  /** v6 runs and the runs that continue them: one upsert for stage, owner and band. */
  oneUpsert?: boolean
  /** v7 runs: the start-up's transaction writes the plan expected from `atStart`. */
  projectsAtStart?: boolean
}

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
  /** Recorded events being applied, by event id: what each wrote (its refId), once written. */
  private readonly applyingEvents = new Map<string, Promise<string | null>>()
  private handlingEvent = false
  /** True from the start until the lead is acknowledged, assigned and scored. */
  private starting = true
  /** False until the lead has been read: validators cannot judge its state before. */
  private loaded = false
  private readonly nurture: NurtureRunner
  /** Lead state changes run one at a time, so a rescoring never overwrites an action with what it read before. */
  private exclusiveTail: Promise<unknown> = Promise.resolve()
  /** Exclusive work queued or running: the run continues as new only when there is none. */
  private exclusiveWork = 0
  /** The 24-hour alert is being sent. */
  private alertingNewLead = false
  /** The instant the 24-hour alert's timer is set for, while it waits. */
  private newLeadAlertWaitingUntilMs: number | null = null

  /** The 24-hour alert fell due before this run started (a late-starting lead): history, not sent. */
  private newLeadAlertMissed = false

  /** v8's follow-up reminder: null until asked (no reminder planned yet), false for a history from before it. */
  private followsUp: boolean | null = null
  /** The lead's last touch as this run saw it; null until a touch in this run (the snapshot's is used before). */
  private lastTouchedAtMs: number | null = null
  /** Counts the touches, so a reminder's wait ends at each. */
  private touches = 0
  /** The instant the follow-up reminder's timer is set for, while it waits. */
  private followUpWaitingUntilMs: number | null = null
  /** The follow-up reminder is being sent. */
  private remindingFollowUp = false

  /** The projection and search attributes last written (v4 skips a write that would change nothing). */
  private lastProjection: string | null = null
  private lastSearchAttributes: string | null = null

  private readonly version: Required<RunVersion>

  constructor(
    private readonly leadId: string,
    version: RunVersion,
  ) {
    this.version = {
      runStart: version.runStart,
      decidesInWorkflow: version.decidesInWorkflow ?? false,
      continuation: version.continuation ?? null,
      fastStart: version.fastStart ?? false,
      atStart: version.atStart ?? null,
      oneUpsert: version.oneUpsert ?? false,
      projectsAtStart: version.projectsAtStart ?? false,
    }
    this.nurture = new NurtureRunner(leadId, {
      send: (input) => messages(nurtureStepTitle(input.sequence, input.step)).sendNurtureStep(input),
      onChange: () => this.recordProjection(),
      isClosed: () => this.closed,
    })
  }

  get closed(): boolean {
    return this.phase === 'converted' || this.phase === 'disqualified'
  }

  async run(): Promise<LeadWorkflowStatus> {
    this.registerHandlers()
    const carried = this.version.continuation?.carried
    if (carried) {
      await this.exclusive(() => this.resumeCarried(carried))
    } else {
      const closedBefore = await this.startUp()
      if (closedBefore) return closedBefore
    }
    this.starting = false

    await Promise.all([
      this.processEvents(),
      this.followUpNewLead(),
      this.remindWhileQuiet(),
      this.nurture.done(),
      this.continueAsNewWhenLong(),
    ])
    await condition(allHandlersFinished)
    await recordLeadWorkflowState({ leadId: this.leadId, workflowStatus: 'COMPLETED', nextStep: null }, this.plan(), {
      fastStart: this.version.fastStart,
    })
    return this.view()
  }

  /** Acknowledges, assigns and scores a new lead; the final status when the lead was closed before this run. */
  private async startUp(): Promise<LeadWorkflowStatus | null> {
    if (this.version.atStart) {
      await this.startFromInput(this.version.atStart)
      return null
    }
    // Exclusive, so an update delivered with the start (update-with-start) acts on the loaded lead, and what
    // was read here can never overwrite what the update wrote.
    await this.exclusive(async () => {
      const reading = this.version.fastStart ? localDatabase('Read the lead') : database('Read the lead')
      this.snapshot = await reading.loadLeadSnapshot({ leadId: this.leadId })
      this.status = this.snapshot.status
      this.stage = this.snapshot.qualificationStage
      this.score = this.snapshot.score
      this.ownerId = this.snapshot.ownerId
      this.nurture.applySnapshot(this.snapshot)
      if (this.version.runStart) this.nurture.resumeFromHistory(this.snapshot, this.version.runStart)
      this.loaded = true
    })
    if (this.status === 'CONVERTED' || this.status === 'UNQUALIFIED') {
      // A lead closed before this run (a v1 lead touched again): nothing is left to do.
      this.phase = this.status === 'CONVERTED' ? 'converted' : 'disqualified'
      await recordLeadWorkflowState({ leadId: this.leadId, workflowStatus: 'COMPLETED', nextStep: null }, this.plan(), {
        fastStart: this.version.fastStart,
      })
      return this.view()
    }
    if (this.version.fastStart) {
      await this.fastStartUp()
      return null
    }
    await this.recordProjection()

    if (this.acknowledgementDue(this.snapshot)) {
      // A refused address leaves the acknowledgement unsent (FAILED on the record); the lead goes on.
      const sent = await messages('Send the acknowledgement email')
        .sendLeadAcknowledgement({ leadId: this.leadId })
        .catch(unlessMessageRejected)
      if (sent) this.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
    }

    if (this.version.runStart) {
      // The owner hears of a lead with its first score, and of its qualification after the assignment.
      const ownerBefore = this.ownerId
      const assignment = await this.exclusive(() =>
        database('Assign an owner (round-robin)').assignLeadOwner({ leadId: this.leadId, now: now() }),
      )
      this.ownerId = assignment.ownerId
      const alerts = await this.rescore({ deferAlerts: true })
      if (this.assignedNow(ownerBefore, assignment) && assignment.ownerId) await this.alertAssigned(assignment.ownerId)
      for (const alert of alerts) await notifyOwner(alert)
    } else {
      await this.exclusive(async () => {
        const ownerBefore = this.ownerId
        const assignment = await database('Assign an owner (round-robin)').assignLeadOwner({
          leadId: this.leadId,
          now: now(),
        })
        this.ownerId = assignment.ownerId
        if (this.assignedNow(ownerBefore, assignment) && assignment.ownerId)
          await this.alertAssigned(assignment.ownerId)
      })
      await this.rescore()
    }
    return null
  }

  /**
   * v5's start-up, in the first workflow task after the read: the acknowledgement and the assignment leave
   * together (neither waits for the other, so a mail server that is down delays no assignment); the assignment
   * writes the first projection. Once the owner is known the lead is scored (a local activity, in the workflow
   * task that hears of the assignment), the projection rewritten if the score changed it, and the owner alerted.
   */
  private async fastStartUp() {
    const acknowledging = this.acknowledgementDue(this.snapshot) ? this.acknowledge() : Promise.resolve()
    await Promise.all([acknowledging, this.assignAndScore()])
  }

  /**
   * v6's start-up, all in the first workflow task: the acknowledgement leaves at once (the input says whether it is
   * due); one local activity assigns the owner, scores the lead and reads it; the alerts are decided against the
   * lead as the input gave it, and a second local activity writes the projection. The run goes on once the
   * acknowledgement is settled, as v5's does.
   */
  private async startFromInput(atStart: LeadAtStart) {
    const acknowledging = this.acknowledgementDue(atStart) ? this.acknowledge() : Promise.resolve()
    this.status = atStart.status
    this.stage = atStart.qualificationStage
    this.score = atStart.score
    this.ownerId = atStart.ownerId
    // Nothing is read yet: the plan from `atStart` is what a new lead's read almost always leaves (its reminder).
    const expected = this.version.projectsAtStart ? this.projection() : null
    const alerts = await this.exclusive(async () => {
      const summary = 'Assign an owner (round-robin), score the lead (§3.3) and read it'
      const started = await localDatabase(
        expected ? `${summary}; record the next step: ${expected.update.nextStep ?? 'none'}` : summary,
      ).startLead({
        leadId: this.leadId,
        now: now(),
        ...(expected && { projection: columnsOf(expected) }),
      })
      if (expected) this.lastProjection = expected.written
      this.snapshot = started.snapshot
      this.nurture.applySnapshot(started.snapshot)
      if (this.version.runStart) this.nurture.resumeFromHistory(started.snapshot, this.version.runStart)
      this.loaded = true
      this.ownerId = started.ownerId
      return this.applyScoring(started.scoring)
    })
    await this.recordProjection({ local: true })
    if (this.ownerId && assignedAlertDue(atStart.ownerId, this.ownerId)) await this.alertAssigned(this.ownerId)
    for (const alert of alerts) await notifyOwner(alert)
    await acknowledging
  }

  private acknowledge(): Promise<void> {
    return messages('Send the acknowledgement email')
      .sendLeadAcknowledgement({ leadId: this.leadId })
      .catch(unlessMessageRejected)
      .then((sent) => {
        if (sent) this.acknowledgement = { outboxMessageId: sent.outboxMessageId, sentAt: sent.sentAt }
      })
  }

  private async assignAndScore() {
    const ownerBefore = this.ownerId
    const expected = this.projection()
    const assignment = await this.exclusive(() =>
      database(
        `Assign an owner (round-robin); record the next step: ${expected.update.nextStep ?? 'none'}`,
      ).assignLeadOwner({ leadId: this.leadId, now: now(), projection: columnsOf(expected) }),
    )
    this.lastProjection = expected.written
    this.ownerId = assignment.ownerId
    const alerts = await this.rescore({ deferAlerts: true, local: true })
    await this.recordProjection({ local: true })
    if (this.assignedNow(ownerBefore, assignment) && assignment.ownerId) await this.alertAssigned(assignment.ownerId)
    for (const alert of alerts) await notifyOwner(alert)
  }

  /** Whether this run sends the acknowledgement: by the lead's source, unless it fell due before the run. */
  private acknowledgementDue(lead: { source: string; createdAt: string }): boolean {
    return (
      sendsAcknowledgement(lead.source) &&
      !(this.version.runStart && fellDueBeforeRun(Date.parse(lead.createdAt), this.version.runStart))
    )
  }

  /** The start of a run that continues the one before: its state, then the lead read again; nothing is sent. */
  private async resumeCarried(carried: CarriedLeadState) {
    this.acknowledgement = carried.acknowledgement
    this.status = carried.status
    this.stage = carried.stage
    this.score = carried.score
    this.band = carried.band
    this.ownerId = carried.ownerId
    this.newLeadAlertSent = carried.newLeadAlertSent
    this.newLeadAlertMissed = carried.newLeadAlertMissed
    this.highScoreAlertSent = carried.highScoreAlertSent
    this.lastTouchedAtMs = carried.lastTouchedAtMs ?? null
    for (const eventId of carried.seenEventIds) this.seenEventIds.add(eventId)
    this.lastSearchAttributes = carried.lastSearchAttributes
    // Before the snapshot, so a paused lead is not paused again from the snapshot's flag.
    this.nurture.restore(carried.nurture)
    this.snapshot = await database('Read the lead').loadLeadSnapshot({ leadId: this.leadId })
    this.nurture.applySnapshot(this.snapshot)
    this.loaded = true
    await this.recordProjection()
  }

  /**
   * v5: once the history is long (Temporal suggests it, or it passed the threshold) and nothing is in flight —
   * no handler, no exclusive work, no event waiting, no send — the run continues as new with what it holds.
   */
  private async continueAsNewWhenLong(): Promise<void> {
    if (!this.version.continuation) return
    const threshold = this.version.continuation.continueAsNewAfterEvents ?? leadContinueAsNewAfterEvents
    const long = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= threshold
    const quiet = () =>
      allHandlersFinished() &&
      this.exclusiveWork === 0 &&
      this.pendingEvents.length === 0 &&
      this.applyingEvents.size === 0 &&
      !this.handlingEvent &&
      !this.alertingNewLead &&
      // Conditions are checked right after a timer fires, before what it wakes has run: a fired timer is work.
      !(this.newLeadAlertWaitingUntilMs !== null && this.newLeadAlertWaitingUntilMs <= Date.now()) &&
      !this.remindingFollowUp &&
      !(this.followUpWaitingUntilMs !== null && this.followUpWaitingUntilMs <= Date.now()) &&
      this.nurture.idle
    await condition(() => this.closed || (long() && quiet()))
    if (this.closed) return
    const { carried: _carried, ...input } = this.version.continuation
    // Named, not left to the server: the next run must be found by the same owner, stage and band.
    await makeContinueAsNewFunc<typeof leadWorkflow>({ typedSearchAttributes: workflowInfo().typedSearchAttributes })({
      ...input,
      carried: this.carry(),
    })
  }

  private carry(): CarriedLeadState {
    return {
      runStart: this.version.runStart ?? { startedAtMs: Date.now(), historyUntilMs: null },
      acknowledgement: this.acknowledgement,
      status: this.status,
      stage: this.stage,
      score: this.score,
      band: this.band,
      ownerId: this.ownerId,
      newLeadAlertSent: this.newLeadAlertSent,
      newLeadAlertMissed: this.newLeadAlertMissed,
      highScoreAlertSent: this.highScoreAlertSent,
      lastTouchedAtMs: this.lastTouchedAtMs,
      seenEventIds: [...this.seenEventIds].slice(-carriedEventIdLimit),
      lastSearchAttributes: this.lastSearchAttributes,
      nurture: this.nurture.carry(),
    }
  }

  private registerHandlers() {
    setHandler(leadStatusQuery, () => this.view())

    setHandler(leadEventSignal, async (event) => {
      if (this.seenEventIds.has(event.eventId)) return
      this.seenEventIds.add(event.eventId)
      // Stopping happens here, in the signal handler, so a step falling due in this same instant sees it.
      this.nurture.observe(event)
      const applying =
        event.webhookEventId && (this.version.fastStart || patched(leadIngestedEventsPatch)) ? this.apply(event) : null
      if (applying) this.applyingEvents.set(event.eventId, applying)
      this.pendingEvents.push(event)
      // Awaited here so the run ends only once every recorded event it was given is applied.
      await applying
    })

    setHandler(
      markContactedUpdate,
      ({ actor }) =>
        this.exclusive(async () => {
          if (this.status !== 'NEW') return this.view()
          await database('Mark the lead contacted').applyLeadAction({
            leadId: this.leadId,
            action: 'contacted',
            actor,
            now: now(),
          })
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
          await database('Qualify the lead').applyLeadAction({
            leadId: this.leadId,
            action: 'qualified',
            actor,
            now: now(),
          })
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
          await database('Disqualify the lead').applyLeadAction({
            leadId: this.leadId,
            action: 'disqualified',
            actor,
            reason,
            now: now(),
          })
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
          await database('Pause nurture').applyLeadAction({
            leadId: this.leadId,
            action: 'nurture-paused',
            actor,
            now: now(),
          })
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
          await database('Resume nurture').applyLeadAction({
            leadId: this.leadId,
            action: 'nurture-resumed',
            actor,
            now: now(),
          })
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
          const conversion = await database('Convert the lead: company, contact, opportunity').convertLead({
            ...input,
            leadId: this.leadId,
            now: now(),
          })
          this.conversion = conversion
          this.nurture.stop('Converted')
          this.setStatus('CONVERTED')
          this.phase = 'converted'
          // The deal's row is born without its workflow; the reconciler starts `deal-<id>` from it (decision 0023).
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
      let event = this.pendingEvents.shift()!
      this.handlingEvent = true
      try {
        const applying = this.applyingEvents.get(event.eventId)
        if (applying) {
          this.applyingEvents.delete(event.eventId)
          const refId = await applying
          if (refId) event = { ...event, refId }
        }
        this.snapshot = await database(`Read the lead after ${event.kind}`).loadLeadSnapshot({ leadId: this.leadId })
        this.nurture.applySnapshot(this.snapshot)
        this.nurture.start(event)
        // The person getting in touch, or work logged on the lead; an unsubscription is neither.
        if (event.kind !== 'unsubscribed') this.touch()
        await this.rescore()
        await this.recordProjection()
      } finally {
        this.handlingEvent = false
      }
    }
  }

  /** Writes a recorded webhook event (applyIngestedEvent, idempotent); null when it wrote nothing. */
  private async apply({ kind, webhookEventId }: LeadEvent): Promise<string | null> {
    try {
      const applied = await database(`Apply ${kind} from its webhook`).applyIngestedEvent({
        leadId: this.leadId,
        webhookEventId: webhookEventId!,
      })
      return applied.refId
    } catch {
      // Only a non-retryable failure gets here: the event stays unprocessed for an operator, the lead goes on.
      return null
    }
  }

  /** §9.2: a lead still New 24 hours after capture alerts its owner. */
  private async followUpNewLead() {
    // Settled by the run this one continues.
    if (this.newLeadAlertSent || this.newLeadAlertMissed) return
    const dueAt = Date.parse(this.snapshot.createdAt) + newLeadFollowUpDeadlineMs
    if (this.version.runStart && this.status === 'NEW' && fellDueBeforeRun(dueAt, this.version.runStart)) {
      this.newLeadAlertMissed = true
      return
    }
    const remaining = dueAt - Date.now()
    if (remaining > 0) {
      this.newLeadAlertWaitingUntilMs = dueAt
      await condition(() => this.status !== 'NEW' || this.closed, remaining, {
        summary: 'Alert the owner if the lead is still New 24 hours after capture',
      })
      this.newLeadAlertWaitingUntilMs = null
    }
    if (this.status !== 'NEW' || this.closed) return
    this.newLeadAlertSent = true
    this.alertingNewLead = true
    try {
      await notifyOwner({
        leadId: this.leadId,
        kind: 'LEAD_NEW_OVERDUE',
        idempotencyKey: `lead-${this.leadId}/new-overdue`,
        now: now(),
      })
      await this.recordProjection()
    } finally {
      this.alertingNewLead = false
    }
  }

  private touch() {
    this.lastTouchedAtMs = Date.now()
    this.touches += 1
  }

  /** The last touch: this run's, else the one the lead was read with, else its capture. */
  private lastTouchMs(): number | null {
    if (this.lastTouchedAtMs !== null) return this.lastTouchedAtMs
    const read = this.snapshot?.lastTouchedAt ?? this.snapshot?.createdAt ?? this.version.atStart?.createdAt
    return read ? Date.parse(read) : null
  }

  /** When the follow-up reminder is due, while the lead has one. */
  private followUpDueAtMs(): number | null {
    const touchedAtMs = this.lastTouchMs()
    // Only once v8 is asked: a plan that changed in a history from before it would change which writes it skips.
    if (this.closed || this.followsUp !== true || touchedAtMs === null) return null
    return nextFollowUpReminderAt(this.status, touchedAtMs, Date.now())
  }

  /**
   * Decision 0089: a Contacted or Qualified lead that nobody touches — no work logged, no word from the person, no
   * change of status — reminds its owner one quiet period after its last touch, and every period after while it
   * stays quiet. A touch starts the wait again; a reminder that fell due before the run is not sent.
   */
  private async remindWhileQuiet() {
    await condition(() => this.closed || isFollowedUp(this.status))
    if (this.closed) return
    this.followsUp = patched(leadFollowUpPatch)
    if (!this.followsUp) return
    await this.recordProjection()
    for (;;) {
      await condition(() => this.closed || isFollowedUp(this.status))
      if (this.closed) return
      const { status, touches } = this
      const touchedAtMs = this.lastTouchMs() ?? Date.now()
      const dueAtMs = this.followUpDueAtMs() ?? Date.now()
      this.followUpWaitingUntilMs = dueAtMs
      const touched = await condition(
        () => this.closed || this.status !== status || this.touches !== touches,
        Math.max(1, dueAtMs - Date.now()),
        { summary: 'Remind the owner to follow up if nobody touches the lead' },
      )
      this.followUpWaitingUntilMs = null
      if (touched) continue
      this.remindingFollowUp = true
      try {
        const quietDays = daysBetween(touchedAtMs, dueAtMs)
        await notifyOwner({
          leadId: this.leadId,
          kind: 'LEAD_FOLLOW_UP_DUE',
          idempotencyKey: `lead-${this.leadId}/follow-up/${new Date(dueAtMs).toISOString()}`,
          detail: `${status === 'CONTACTED' ? 'Contacted' : 'Qualified'}, and nothing logged or heard for ${quietDays} days.`,
          now: now(),
        })
        await this.recordProjection()
      } finally {
        this.remindingFollowUp = false
      }
    }
  }

  /** Rescores the lead and sends the alerts it calls for, or returns them when `deferAlerts` is set. */
  private async rescore({ deferAlerts = false, local = false } = {}): Promise<LeadAlert[]> {
    return this.exclusive(async () => {
      if (this.closed) return []
      const scoring = local ? localDatabase('Score the lead (§3.3)') : database('Score the lead (§3.3)')
      const alerts = this.applyScoring(await scoring.rescoreLead({ leadId: this.leadId, now: now() }))
      if (deferAlerts) return alerts
      for (const alert of alerts) await notifyOwner(alert)
      return []
    })
  }

  /** Takes a score in, and answers the alerts it calls for (against the score and stage held before it). */
  private applyScoring(result: RescoreResult): LeadAlert[] {
    const previousScore = this.score
    const previousStage = this.stage
    this.score = result.score
    this.stage = result.qualificationStage
    if (this.version.oneUpsert) {
      this.setStatus(result.status, result.band)
    } else {
      this.setStatus(result.status)
      if (result.band !== this.band) {
        this.band = result.band
        upsertSearchAttributes([{ key: CrmScoreBand, value: result.band }])
      }
    }
    const alerts: LeadAlert[] = []
    const qualifiedNow = this.qualifiedNow(previousStage, result)
    if (qualifiedNow) {
      alerts.push({
        leadId: this.leadId,
        kind: 'LEAD_QUALIFIED',
        idempotencyKey: `lead-${this.leadId}/qualified/${qualifiedNow.stage}`,
        detail: qualifiedNow.trigger,
        now: now(),
      })
    }
    // From v3 the alert marks the crossing: a lead whose history already had it above 80 is not news.
    const crossed = this.version.runStart ? previousScore <= highValueLeadScore : true
    if (result.score > highValueLeadScore && crossed && !this.highScoreAlertSent) {
      this.highScoreAlertSent = true
      alerts.push({
        leadId: this.leadId,
        kind: 'LEAD_HIGH_SCORE',
        idempotencyKey: `lead-${this.leadId}/high-score`,
        detail: `Lead score ${result.score}`,
        now: now(),
      })
    }
    return alerts
  }

  /**
   * v4 decides from the owner before and after; older runs keep the answer their history recorded (an activity
   * of v4 no longer gives one, so an older run that calls it now decides like v4).
   */
  private assignedNow(ownerBefore: string | null, assignment: OwnerAssignment): boolean {
    if (!this.version.decidesInWorkflow && assignment.assignedNow !== undefined) return assignment.assignedNow
    return assignedAlertDue(ownerBefore, assignment.ownerId)
  }

  private qualifiedNow(previousStage: QualificationStageName, result: RescoreResult) {
    if (!this.version.decidesInWorkflow && result.qualifiedNow !== undefined) return result.qualifiedNow
    return qualifiedAlertDue(previousStage, result)
  }

  private alertAssigned(ownerId: string) {
    return notifyOwner({
      leadId: this.leadId,
      kind: 'LEAD_ASSIGNED',
      idempotencyKey: `lead-${this.leadId}/assigned/${ownerId}`,
      now: now(),
    })
  }

  /** Stage and owner to the search attributes when they changed; with `band` (v6), the band too, in one upsert. */
  private setStatus(status: LeadStatusName, band?: RescoreResult['band']) {
    if (status !== this.status) this.touch()
    this.status = status
    const bandChanged = band !== undefined && band !== this.band
    if (band !== undefined) this.band = band
    if (this.version.decidesInWorkflow) {
      const searchAttributes = JSON.stringify([status, this.ownerId])
      const stageOrOwnerChanged = searchAttributes !== this.lastSearchAttributes
      this.lastSearchAttributes = searchAttributes
      if (!stageOrOwnerChanged) {
        if (bandChanged) upsertSearchAttributes([{ key: CrmScoreBand, value: band }])
        return
      }
    }
    upsertSearchAttributes([
      { key: CrmStage, value: status },
      ...(this.ownerId ? [{ key: CrmOwner, value: this.ownerId }] : []),
      ...(bandChanged ? [{ key: CrmScoreBand, value: band }] : []),
    ])
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusiveTail.then(work)
    this.exclusiveTail = run.catch(() => undefined)
    // A reaction of its own, so the chain of work (and the order of its commands) is what it always was.
    this.exclusiveWork += 1
    void this.exclusiveTail.then(() => (this.exclusiveWork -= 1))
    return run
  }

  private async recordProjection({ local = false } = {}) {
    if (this.closed) return
    const { update, plan, written } = this.projection()
    if (this.version.decidesInWorkflow) {
      // Written by this run only, so the last write is what the row holds: the same again is a wasted activity.
      if (written === this.lastProjection) return
      this.lastProjection = written
    }
    await recordLeadWorkflowState(update, plan, { fastStart: this.version.fastStart, local })
  }

  /** The projection as it stands, and what `lastProjection` holds once it is written. */
  private projection() {
    const plan = this.plan()
    const next = plan.steps.find((step) => step.willFire)
    const update: Parameters<WorkflowActivities['recordLeadWorkflowState']>[0] = {
      leadId: this.leadId,
      workflowStatus: 'RUNNING',
      nextStep: next ? next.label : null,
      nextStepAt: next ? (next.expectedSendAt ?? next.dueAt) : null,
    }
    const { plannedAt: _plannedAt, ...planned } = plan
    return { update, plan, written: JSON.stringify({ update, planned }) }
  }

  /** What the lead page shows of this run, written to the projection so a refresh never asks the workflow. */
  private plan(): UpcomingStepsProjection {
    return {
      plannedAt: now(),
      phase: this.phase,
      paused: this.nurture.paused,
      steps: this.upcoming(),
      sequences: this.nurture.statuses(),
    }
  }

  private upcoming() {
    return upcomingSteps({
      leadId: this.leadId,
      closed: this.closed,
      status: this.status,
      createdAt: this.snapshot?.createdAt ?? this.version.atStart?.createdAt ?? null,
      newLeadAlertSent: this.newLeadAlertSent || this.newLeadAlertMissed,
      followUpDueAt: this.followUpDueAtMs(),
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
