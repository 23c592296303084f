import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow'
import type { LeadActivities } from '../activities'
import type {
  ChecklistEntry,
  DealActivities,
  DealSnapshot,
  DealTransition,
  SentDealEmail,
  SentProposal,
} from '../activities/deal-contract'
import type { NotifyOwnerInput } from '../activities/notification-contract'
import type { ClientMessageActivities } from '../activities/client-message-contract'
import {
  appointmentReminders,
  appointmentReminderText,
  type Appointment,
} from '../domain/communication/appointment-reminders'
import { actionsSeenInActivity, markedDoneByPerson, ownerAssigned } from '../domain/deals/checklist'
import { dealEmailIdempotencyKey, dealEmailRefusal } from '../domain/deals/deal-email'
import {
  dealReminders,
  dueReminders,
  nextWakeUpMs,
  type DealClock,
  type DealReminderKind,
} from '../domain/deals/deal-clock'
import {
  actionLabels,
  assignRefusal,
  mayAssignDeal,
  mayMoveDeal,
  moveRefusal,
  type DealForMove,
  type MoveActor,
} from '../domain/deals/deal-moves'
import { isOpenStage, stagePolicies, type PipelineStage, type RequiredAction } from '../domain/deals/pipeline-policy'
import {
  proposalIdempotencyKey,
  proposalRefusal,
  proposalSentReason,
  stageAfterProposal,
} from '../domain/deals/proposal-sending'
import { messageRejectedFailureType } from '../domain/email/smtp-reply'
import { fellDueBeforeRun, type RunStart } from '../domain/leads/late-start'
import {
  assignDealOwnerUpdate,
  completeDealActionUpdate,
  dealActivityLoggedSignal,
  dealEmailNotSentFailureType,
  dealRefusedFailureType,
  dealStatusQuery,
  proposalNotSentFailureType,
  discoveryCallBookedSignal,
  emailDealContactUpdate,
  moveDealUpdate,
  sendDealProposalUpdate,
  type DealActivityLogged,
  type DealEmailResult,
  type DealMoveResult,
  type DealWorkflowInput,
  type DealWorkflowStatus,
  type DiscoveryCallBooked,
  type EmailDealContactInput,
  type MoveDealInput,
  type ProposalSendResult,
  type SendProposalInput,
} from './deal-messages'
import type { UpcomingStep } from './lead-messages'
import { entityActivities, OneAtATime, refusal, StartUpGate, userIdOf } from './entity-run'
import { CrmOwner, CrmStage, CrmTier } from './search-attributes'

type WorkflowActivities = DealActivities &
  Pick<LeadActivities, 'recordWorkflowState' | 'notifyOwner'> &
  ClientMessageActivities

/** Runs recorded before the contact was reminded of the discovery call replay without the reminders (0033). */
export const appointmentRemindersPatch = 'discovery-call-client-reminders'
/**
 * Runs recorded before a move woke the run's wait replay as they were: until then a move (a close too) was only seen
 * at the next reminder the run had planned, so a closed deal's run lived on until then.
 */
export const replanOnChangePatch = 'deal-replans-on-change'

/**
 * Runs recorded before a change waited for the run's start-up replay as they were: until then a move that arrived while
 * the run started was recorded beside the start-up's first stage, and whichever write landed last set the deal's stage.
 */
const changesAfterStartUpPatch = 'deal-changes-after-start-up'

/**
 * Runs recorded before a closing run waited for the updates that reached it while it wrote the closed deal replay as
 * they were: until then such an update (a reopen) was left unanswered when the run ended.
 */
const endsAfterItsHandlersPatch = 'deal-ends-after-its-handlers'

const { database, messages } = entityActivities<WorkflowActivities>(['DealNotFound', 'InvalidOwner'])
// The proposal (or an email to the contact) is sent while a person waits for the answer and while the run's other changes wait behind it: a few
// brisk retries, then the update says it could not be sent (the outbox row keeps what an attempt handed over).
const proposalOptions: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '10 seconds',
    backoffCoefficient: 2,
    nonRetryableErrorTypes: ['DealNotFound', messageRejectedFailureType],
  },
}
const sending = (summary: string) => proxyActivities<WorkflowActivities>({ ...proposalOptions, summary })

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

const refused = (message: string, details?: unknown) => refusal(dealRefusedFailureType, message, details)

/**
 * What the sender of a proposal or an email that did not leave hears. A refused address is a refusal (nothing was
 * ticked, the contact's email needs correcting); anything else says it could not be sent now.
 */
function notSent(error: unknown, what: 'proposal' | 'email'): ApplicationFailure {
  const cause = error instanceof ActivityFailure ? error.cause : undefined
  if (cause instanceof ApplicationFailure && cause.type === messageRejectedFailureType) {
    return refused(`${cause.message}. The ${what} was not sent: correct the contact’s email address and send it again`)
  }
  return ApplicationFailure.create({
    type: what === 'proposal' ? proposalNotSentFailureType : dealEmailNotSentFailureType,
    message: `The ${what} could not be sent now (the mail server did not take it in time); nothing was ticked. Try again shortly`,
    nonRetryable: true,
  })
}

class DealRun {
  private deal: DealSnapshot | null = null
  private checklist: ChecklistEntry[] = []
  private lastActivityAtMs = 0
  /** Scheduled activities not done yet (and the booked discovery call), by id: when each is due. */
  private readonly scheduled = new Map<string, number>()
  private discoveryCallAtMs: number | null = null
  /** The booked call as the client's reminders see it, and since when the run knows it (no reminder sent late). */
  private discoveryAppointment: { appointment: Appointment; knownSinceMs: number } | null = null
  /** Client reminders done (sent, suppressed or given up), and those deferred (quiet hours) until when. */
  private readonly clientRemindersDone = new Set<string>()
  private readonly clientRemindersDeferred = new Map<string, number>()
  private clientRemindersOn = false
  private readonly rung = new Set<string>()
  private readonly pendingEvents: (() => Promise<void>)[] = []
  private transitions = 0
  /** Proposals handed to the outbox, this run's and earlier runs': the next one's key is the next number. */
  private proposalsSent = 0
  /** Emails to the contact handed to the outbox, this run's and earlier runs' (decision 0032). */
  private emailsSent = 0
  private readonly oneAtATime = new OneAtATime()
  private changed = false
  private readonly startUp = new StartUpGate()
  private endsAfterItsHandlers = false
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
      validator: ({ ownerId, actor }) => {
        const refusal = this.deal ? assignRefusal(actor, this.deal, ownerId) : null
        if (refusal) throw refused(refusal)
      },
    })
    setHandler(sendDealProposalUpdate, (send) => this.sendProposal(send), {
      validator: ({ actor }) => {
        const refusal = this.deal ? proposalRefusal(this.forMove(), actor) : null
        if (refusal) throw refused(refusal.message, refusal)
      },
    })
    setHandler(emailDealContactUpdate, (email) => this.emailContact(email), {
      validator: ({ actor }) => {
        const refusal = this.deal ? dealEmailRefusal(this.deal, actor) : null
        if (refusal) throw refused(refusal.message, refusal)
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
    this.startUp.begin(changesAfterStartUpPatch)
    const deal = await database('Read the deal').loadDeal(this.input.opportunityId)
    this.deal = deal
    this.checklist = deal.checklist
    this.lastActivityAtMs = Date.parse(deal.lastActivityAt ?? deal.createdAt)
    if (deal.nextScheduledActivityAt) this.scheduled.set('loaded', Date.parse(deal.nextScheduledActivityAt))
    // A call booked before this run began, under the key its later signals use (absent from older histories).
    if (deal.discoveryCall) {
      this.discoveryCallAtMs = Date.parse(deal.discoveryCall.startsAt)
      this.scheduled.set(`booking-${deal.discoveryCall.bookingId}`, this.discoveryCallAtMs)
      this.knowAppointment(deal.discoveryCall.bookingId, this.discoveryCallAtMs)
    }
    this.transitions = deal.transitionCount
    this.proposalsSent = deal.proposalCount ?? 0
    this.emailsSent = deal.emailCount ?? 0
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
      await this.tick([{ action: 'assign_owner', how: ownerAssigned }], null)
    }
    if (deal.discoveryCall && !this.isDone('schedule_discovery')) {
      await this.tick([{ action: 'schedule_discovery', how: 'Booked through Cal.com' }], null)
    }
    this.upsertSearchAttributes()
    await this.project()
    this.startUp.finish()

    for (;;) {
      while (isOpenStage(this.deal.stage)) {
        await this.exclusive(async () => {
          for (const event of this.pendingEvents.splice(0)) await event()
          await this.ringDueReminders()
          await this.remindClientOfCall()
        })
        const wakeAt = this.nextWakeUpMs()
        if (!this.changed) {
          // A move or a close lands in an update, which writes its own projection: what it changes is the plan.
          const replans = patched(replanOnChangePatch)
          const woken = () =>
            this.changed ||
            this.pendingEvents.length > 0 ||
            (replans && (!isOpenStage(this.deal!.stage) || this.nextWakeUpMs() !== wakeAt))
          if (wakeAt === null) await condition(woken)
          else await condition(woken, Math.max(wakeAt - Date.now(), 1))
        }
        if (this.changed || this.pendingEvents.length > 0) continue
      }
      // A reopen (a manager's update on a lost deal) may be under way: it decides whether the deal lives on.
      await condition(allHandlersFinished)
      if (isOpenStage(this.deal.stage)) continue
      await this.project()
      if (!this.endsAfterItsHandlers) this.endsAfterItsHandlers = patched(endsAfterItsHandlersPatch)
      if (!this.endsAfterItsHandlers) break
      // An update that reached the run while the closed deal was written (a manager's reopen) is answered before it ends.
      await condition(allHandlersFinished)
      if (!isOpenStage(this.deal.stage)) break
      // Reopened meanwhile: the open deal is written again, after the closed one.
      this.changed = true
    }
    if (this.deal.stage === 'CLOSED_WON') handOffToPartnership(this.deal)
    return { stage: this.deal.stage }
  }

  /** One change at a time (a move, a tick or a reminder), the projection written after any that changed something. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.startUp.passed(() => this.deal !== null)
    return this.oneAtATime.run(async () => {
      const result = await work()
      if (this.changed) {
        this.changed = false
        await this.project()
      }
      return result
    })
  }

  private async move(input: MoveDealInput): Promise<DealMoveResult> {
    return this.exclusive(async () => {
      // Checked again: another move may have landed since the validator accepted this one.
      const refusal = moveRefusal(this.forMove(), input, input.actor)
      if (refusal) throw refused(refusal.message, refusal)
      const at = await this.enterStage(input.toStage, {
        changedById: userIdOf(input.actor),
        reason: input.reason?.trim() || null,
        lostReason: input.lostReason?.trim() || null,
        competitor: input.competitor?.trim() || null,
      })
      return { stage: input.toStage, stageEnteredAt: at }
    })
  }

  /** Records the move (history, stage columns, checklist and activity clock) and starts the new stage's clock. */
  private async enterStage(
    toStage: PipelineStage,
    why: { changedById: string | null; reason: string | null; lostReason?: string | null; competitor?: string | null },
  ): Promise<string> {
    const deal = this.deal!
    const at = new Date(Date.now()).toISOString()
    const fromStage = deal.stage
    await this.recordTransition({ fromStage, toStage, at, ...why })
    this.deal = {
      ...deal,
      stage: toStage,
      stageEnteredAt: at,
      lostFromStage: toStage === 'CLOSED_LOST' ? fromStage : null,
    }
    // Moving a deal is activity on it.
    this.lastActivityAtMs = Date.now()
    await this.writeChecklist()
    this.upsertSearchAttributes()
    this.changed = true
    return at
  }

  /**
   * Emails the proposal (decision 0025), ticks `send_proposal` and, from a Discovery Call whose actions are all
   * done, moves the deal to Proposal Sent. Every call is its own proposal with its own key: a retried attempt of
   * this send never emails twice, a second call (a revised proposal) does.
   */
  private async sendProposal({ actor }: SendProposalInput): Promise<ProposalSendResult> {
    return this.exclusive(async () => {
      const opportunityId = this.deal!.opportunityId
      // Checked again: a move may have landed since the validator accepted this send.
      const refusal = proposalRefusal(this.forMove(), actor)
      if (refusal) throw refused(refusal.message, refusal)
      this.proposalsSent += 1
      const proposalNumber = this.proposalsSent
      let sent: SentProposal
      try {
        sent = await sending('Email the proposal').sendDealProposal({
          opportunityId,
          idempotencyKey: proposalIdempotencyKey(opportunityId, proposalNumber),
          preparedAt: new Date(Date.now()).toISOString(),
        })
      } catch (error) {
        throw notSent(error, 'proposal')
      }
      // Sending the proposal is activity on the deal.
      this.lastActivityAtMs = Date.now()
      const byUserId = userIdOf(actor)
      this.addToChecklist([{ action: 'send_proposal', how: 'Proposal emailed' }], byUserId)
      const next = stageAfterProposal(this.forMove())
      if (next) await this.enterStage(next, { changedById: byUserId, reason: proposalSentReason })
      else {
        await this.writeChecklist()
        this.changed = true
      }
      return {
        sentTo: sent.to,
        sentAt: sent.sentAt,
        proposalNumber,
        stage: this.deal!.stage,
        moved: next !== null,
      }
    })
  }

  /**
   * Emails the deal's primary contact (decision 0032) and ticks `initial_email`. Every call is its own email with its
   * own key: a retried attempt of this send never emails twice, a second call does.
   */
  private async emailContact({ subject, body, actor }: EmailDealContactInput): Promise<DealEmailResult> {
    return this.exclusive(async () => {
      const opportunityId = this.deal!.opportunityId
      // Checked again: a move or a reassignment may have landed since the validator accepted this email.
      const refusal = dealEmailRefusal(this.deal!, actor)
      if (refusal) throw refused(refusal.message, refusal)
      this.emailsSent += 1
      const emailNumber = this.emailsSent
      let sent: SentDealEmail
      try {
        sent = await sending('Email the deal’s contact').sendDealEmail({
          opportunityId,
          idempotencyKey: dealEmailIdempotencyKey(opportunityId, emailNumber),
          subject,
          body,
          sentAt: new Date(Date.now()).toISOString(),
        })
      } catch (error) {
        throw notSent(error, 'email')
      }
      // An email to the contact is activity on the deal.
      this.lastActivityAtMs = Date.now()
      this.addToChecklist([{ action: 'initial_email', how: 'Email sent' }], userIdOf(actor))
      await this.writeChecklist()
      this.changed = true
      return { sentTo: sent.to, sentAt: sent.sentAt, emailNumber }
    })
  }

  private async completeAction(action: RequiredAction, actor: MoveActor): Promise<ChecklistEntry[]> {
    return this.exclusive(async () => {
      if (!mayMoveDeal(actor, this.deal!)) throw refused('Only the deal’s owner or a manager may do this')
      await this.tick([{ action, how: markedDoneByPerson }], userIdOf(actor))
      return this.checklist
    })
  }

  private async assignOwner(ownerId: string, actor: MoveActor): Promise<void> {
    await this.exclusive(async () => {
      // Who may, again (the owner may have changed since the validator); who to depends on the input alone.
      const deal = this.deal!
      if (!mayAssignDeal(actor, deal)) throw refused('Only a Sales Manager or an Admin may reassign a deal')
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
        await this.tick([{ action: 'assign_owner', how: ownerAssigned }], userIdOf(actor))
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
    // Told again of a call it already holds (the run read it at start, or a redelivery): nothing happened.
    if (!booking.cancelled && this.scheduled.get(key) === Date.parse(booking.startsAt)) return
    if (booking.cancelled) {
      this.scheduled.delete(key)
      if (this.discoveryCallAtMs === Date.parse(booking.startsAt)) this.discoveryCallAtMs = null
      if (this.discoveryAppointment?.appointment.id === key) this.discoveryAppointment = null
    } else {
      this.discoveryCallAtMs = Date.parse(booking.startsAt)
      this.scheduled.set(key, this.discoveryCallAtMs)
      // A reschedule is a new start: the old start's reminders have other keys and never come due.
      this.knowAppointment(booking.bookingId, this.discoveryCallAtMs)
      this.lastActivityAtMs = Date.now()
      if (!this.isDone('schedule_discovery')) {
        await this.tick([{ action: 'schedule_discovery', how: 'Booked through Cal.com' }], null)
      }
    }
    this.changed = true
  }

  private knowAppointment(bookingId: string, startsAtMs: number): void {
    this.discoveryAppointment = {
      appointment: { id: `booking-${bookingId}`, startsAtMs },
      knownSinceMs: Date.now(),
    }
  }

  /**
   * Whether this run reminds the contact of the call: asked only with a call booked, so histories recorded before
   * the reminders (with or without a call) replay unchanged.
   */
  private remindsClient(): boolean {
    if (!this.discoveryAppointment || !this.deal?.primaryContactId) return false
    if (!this.clientRemindersOn) this.clientRemindersOn = patched(appointmentRemindersPatch)
    return this.clientRemindersOn
  }

  /** The client's reminders of the call not done yet, each with when it is next asked (its due time or a deferral). */
  private pendingClientReminders() {
    const booked = this.discoveryAppointment
    if (!booked) return []
    return appointmentReminders(booked.appointment, booked.knownSinceMs)
      .filter((reminder) => !this.clientRemindersDone.has(reminder.key))
      .map((reminder) => ({
        ...reminder,
        askAtMs: Math.max(reminder.dueAtMs, this.clientRemindersDeferred.get(reminder.key) ?? 0),
      }))
  }

  /** When the run must next wake up: its next reminder or the contact's next reminder of the call. */
  private nextWakeUpMs(): number | null {
    return earliest(nextWakeUpMs(this.clock(), Date.now(), this.rung), this.nextClientReminderMs())
  }

  private nextClientReminderMs(): number | null {
    if (!this.remindsClient()) return null
    const ahead = this.pendingClientReminders().map((reminder) => reminder.askAtMs)
    return ahead.length === 0 ? null : Math.min(...ahead)
  }

  /** SMS first, email as the fallback; the activity decides by the contact's consent and hours at sending time. */
  private async remindClientOfCall(): Promise<void> {
    if (!this.remindsClient()) return
    const deal = this.deal!
    for (const reminder of this.pendingClientReminders()) {
      if (reminder.askAtMs > Date.now()) continue
      const text = appointmentReminderText('discovery call', reminder.notAfterMs, reminder.offset.when)
      const outcome = await messages('Remind the client of the discovery call').sendClientMessage({
        idempotencyKey: `deal-${deal.opportunityId}/appointment-reminder/${reminder.key}`,
        entity: { kind: 'deal', id: deal.opportunityId },
        recipient: { contactId: deal.primaryContactId! },
        template: `appointment-reminder:discovery-call/${reminder.offset.key}`,
        channels: ['SMS', 'EMAIL'],
        sms: { body: text.sms },
        email: { subject: text.subject, text: text.text, html: null },
        timeline: { description: `Discovery call reminder (${reminder.offset.when})` },
        purpose: 'transactional',
        now: new Date(Date.now()).toISOString(),
        notAfter: new Date(reminder.notAfterMs).toISOString(),
      })
      if (outcome.status === 'deferred') this.clientRemindersDeferred.set(reminder.key, Date.parse(outcome.retryAt))
      else this.clientRemindersDone.add(reminder.key)
    }
  }

  private isDone(action: RequiredAction): boolean {
    return this.checklist.some((entry) => entry.action === action)
  }

  /** Adds done actions to the checklist and writes it (with the activity clock) to the deal's row. */
  private async tick(actions: { action: RequiredAction; how: string }[], byUserId: string | null): Promise<void> {
    if (!this.addToChecklist(actions, byUserId)) return
    await this.writeChecklist()
    this.changed = true
  }

  /** Adds the actions not done yet to the checklist in memory; false when there was none. */
  private addToChecklist(actions: { action: RequiredAction; how: string }[], byUserId: string | null): boolean {
    const doneAt = new Date(Date.now()).toISOString()
    const added = actions.filter((entry) => !this.isDone(entry.action))
    if (added.length === 0) return false
    this.checklist = [...this.checklist, ...added.map((entry) => ({ ...entry, doneAt, byUserId }))]
    return true
  }

  private async writeChecklist(): Promise<void> {
    await database('Record the deal’s checklist').recordDealChecklist({
      opportunityId: this.deal!.opportunityId,
      checklist: this.checklist,
      lastActivityAt: new Date(this.lastActivityAtMs).toISOString(),
    })
  }

  private async recordTransition(move: Omit<DealTransition, 'opportunityId' | 'idempotencyKey'>): Promise<void> {
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

function earliest(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b)
}

/**
 * A won deal becomes a partnership. Its row is written by the activity that records the move to Closed Won
 * (activities/partnership-hand-off.ts), in the same transaction, and its workflow `partnership-<id>` is started
 * from that row (services/partnerships/partnership-start.ts, the reconciler), so this run's history is unchanged.
 */
function handOffToPartnership(deal: DealSnapshot): void {
  void deal
}
