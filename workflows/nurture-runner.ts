import { condition } from '@temporalio/workflow'
import type { LeadSnapshot, NurtureSendOutcome, SendNurtureStepInput } from '../activities/lead-lifecycle-contract'
import {
  type NurtureSequenceName,
  nurtureSequences,
  type NurtureStepDefinition,
  nurtureStepTitle,
} from '../domain/nurture/sequences'
import { messageRejectedReply } from './message-rejected'
import { fellDueBeforeRun, fellDueBeforeRunReason, type RunStart } from '../domain/leads/late-start'
import type { CarriedNurtureState, LeadEvent, NurtureSequenceStatus, NurtureStepStatus } from './lead-messages'

// Runs the §9.1 sequences of one lead inside its workflow: every step is a durable timer, and every send is
// decided again by the activity at the moment of sending (consent, quiet hours, frequency cap, goals).

interface NurtureRunnerHooks {
  send(input: SendNurtureStepInput): Promise<NurtureSendOutcome>
  /** Called after a step changed state, so the projection and the Temporal UI follow. */
  onChange(): Promise<void>
  isClosed(): boolean
}

interface SequenceRun {
  status: NurtureSequenceStatus
  startedAtMs: number
  /** Time spent paused since the sequence started: the rest of the sequence moves by it. */
  shiftMs: number
  /** A step the activity deferred (quiet hours, frequency cap) waits at least until this instant. */
  notBeforeMs: Map<string, number>
}

const stopEvents: Partial<Record<LeadEvent['kind'], string>> = {
  'booking.created': 'Calendar booking',
  'booking.rescheduled': 'Calendar booking',
  'email.replied': 'Replied to an email',
  'sms.replied': 'Replied by SMS',
  unsubscribed: 'Unsubscribed',
}

const startEvents: Partial<Record<LeadEvent['kind'], NurtureSequenceName>> = {
  'voice.session.ended': 'voice-with-email',
  'roi.calculation.completed': 'roi-calculator',
  'roi.report.requested': 'roi-calculator',
}

const iso = (ms: number) => new Date(ms).toISOString()

export class NurtureRunner {
  private readonly runs = new Map<NurtureSequenceName, SequenceRun>()
  private readonly running = new Set<Promise<void>>()
  private stopReason: string | null = null
  private pausedSinceMs: number | null = null
  private snapshot: LeadSnapshot | null = null
  private caseStudySent = false
  /** Sends and projection writes in flight: the run continues as new only when there are none. */
  private inFlight = 0
  /** The instant each sequence's step timer is set for, while it waits. */
  private readonly waitingUntilMs = new Map<NurtureSequenceName, number>()

  constructor(
    private readonly leadId: string,
    private readonly hooks: NurtureRunnerHooks,
  ) {}

  get paused(): boolean {
    return this.pausedSinceMs !== null
  }

  /**
   * Nothing in flight and no step timer that has fired: Temporal checks conditions right after a timer fires,
   * before the step it wakes has scheduled its send, so a fired timer counts as work.
   */
  get idle(): boolean {
    if (this.inFlight > 0) return false
    for (const dueAtMs of this.waitingUntilMs.values()) if (dueAtMs <= Date.now()) return false
    return true
  }

  get stopped(): string | null {
    return this.stopReason
  }

  get facts() {
    return {
      hasRoiCalculation: this.snapshot?.hasRoiCalculation ?? false,
      hasActiveBooking: this.snapshot?.hasActiveBooking ?? false,
      marketingConsent: this.snapshot?.marketingConsent ?? false,
      unsubscribed: this.snapshot?.unsubscribed ?? false,
      caseStudySent: this.caseStudySent,
    }
  }

  applySnapshot(snapshot: LeadSnapshot) {
    this.snapshot = snapshot
    if (snapshot.unsubscribed) this.stop('Unsubscribed')
    // Pause is written by the workflow's own update; a snapshot only matters for a run that starts paused.
    if (snapshot.nurturePaused && this.pausedSinceMs === null && this.runs.size === 0) this.pausedSinceMs = Date.now()
  }

  /** Synchronous, from the signal handler: a stop is visible to a step that falls due in the same instant. */
  observe(event: LeadEvent) {
    const reason = stopEvents[event.kind]
    if (reason) this.stop(reason)
    if (event.kind === 'roi.calculation.completed' && this.snapshot) this.snapshot.hasRoiCalculation = true
    if ((event.kind === 'booking.created' || event.kind === 'booking.rescheduled') && this.snapshot) {
      this.snapshot.hasActiveBooking = true
    }
  }

  /** Starts the sequence an event begins, once per lead and kind. */
  start(event: LeadEvent) {
    const sequence = startEvents[event.kind]
    if (!sequence || !event.refId) return
    this.begin(sequence, event.refId, Date.now())
  }

  /**
   * For a run that starts after its lead's history began: picks up each sequence where that history left it.
   * Steps the outbox sent are sent; steps that fell due before the run are history and are not sent late.
   */
  resumeFromHistory(snapshot: LeadSnapshot, runStart: RunStart) {
    for (const trigger of snapshot.nurtureTriggers) {
      this.begin(trigger.sequence, trigger.refId, Date.parse(trigger.occurredAt), (definition, step) => {
        const sent = snapshot.sentNurtureSteps.find(
          (candidate) => candidate.sequence === trigger.sequence && candidate.step === definition.step,
        )
        if (sent) {
          step.state = 'sent'
          step.outboxMessageId = sent.outboxMessageId
          step.sentAt = sent.sentAt
          if (definition.step === 'case-study') this.caseStudySent = true
        } else if (fellDueBeforeRun(Date.parse(step.dueAt), runStart)) {
          step.state = 'skipped'
          step.reason = fellDueBeforeRunReason
        }
      })
    }
  }

  /** Everything the next run needs to go on with the same steps at the same due times. */
  carry(): CarriedNurtureState {
    return {
      sequences: [...this.runs.values()].map((run) => ({
        status: { ...run.status, steps: run.status.steps.map((step) => ({ ...step })) },
        startedAtMs: run.startedAtMs,
        shiftMs: run.shiftMs,
        notBeforeMs: [...run.notBeforeMs],
      })),
      stopReason: this.stopReason,
      pausedSinceMs: this.pausedSinceMs,
      caseStudySent: this.caseStudySent,
    }
  }

  /** In a run that continues the one before: takes its state over and waits for the steps it had ahead. */
  restore(carried: CarriedNurtureState) {
    this.stopReason = carried.stopReason
    this.pausedSinceMs = carried.pausedSinceMs
    this.caseStudySent = carried.caseStudySent
    for (const sequence of carried.sequences) {
      const run: SequenceRun = {
        status: sequence.status,
        startedAtMs: sequence.startedAtMs,
        shiftMs: sequence.shiftMs,
        notBeforeMs: new Map(sequence.notBeforeMs),
      }
      this.runs.set(sequence.status.sequence, run)
      if (run.status.stoppedAt || this.stopReason) continue
      const coroutine = this.runSequence(run).finally(() => this.running.delete(coroutine))
      this.running.add(coroutine)
    }
  }

  private begin(
    sequence: NurtureSequenceName,
    triggerRefId: string,
    startedAtMs: number,
    settle?: (definition: NurtureStepDefinition, step: NurtureStepStatus) => void,
  ) {
    if (this.runs.has(sequence) || this.stopReason || this.hooks.isClosed()) return
    const run: SequenceRun = {
      startedAtMs,
      shiftMs: 0,
      notBeforeMs: new Map(),
      status: {
        sequence,
        triggerRefId,
        startedAt: iso(startedAtMs),
        stoppedAt: null,
        stopReason: null,
        steps: nurtureSequences[sequence].map((definition): NurtureStepStatus => ({
          step: definition.step,
          label: definition.label,
          dueAt: iso(startedAtMs + definition.offsetMs),
          state: 'scheduled',
          reason: null,
          outboxMessageId: null,
          sentAt: null,
        })),
      },
    }
    if (settle) {
      for (const definition of nurtureSequences[sequence]) {
        settle(
          definition,
          run.status.steps.find((step) => step.step === definition.step)!,
        )
      }
    }
    this.runs.set(sequence, run)
    const coroutine = this.runSequence(run).finally(() => this.running.delete(coroutine))
    this.running.add(coroutine)
  }

  stop(reason: string) {
    if (this.stopReason) return
    this.stopReason = reason
    const at = iso(Date.now())
    for (const run of this.runs.values()) {
      if (run.status.stoppedAt) continue
      run.status.stoppedAt = at
      run.status.stopReason = reason
      for (const step of run.status.steps) {
        if (step.state === 'scheduled' || step.state === 'waiting') {
          step.state = 'cancelled'
          step.reason = reason
        }
      }
    }
  }

  pause(atMs: number) {
    if (this.pausedSinceMs === null) this.pausedSinceMs = atMs
  }

  resume(atMs: number) {
    if (this.pausedSinceMs === null) return
    const pausedFor = atMs - this.pausedSinceMs
    for (const run of this.runs.values()) if (!run.status.stoppedAt) run.shiftMs += pausedFor
    this.pausedSinceMs = null
  }

  /** Resolves once the lead is closed and every sequence has finished or stopped. */
  async done(): Promise<void> {
    await condition(() => this.hooks.isClosed())
    await Promise.all([...this.running])
  }

  statuses(): NurtureSequenceStatus[] {
    return [...this.runs.values()].map((run) => ({
      ...run.status,
      steps: run.status.steps.map((step) => ({ ...step })),
    }))
  }

  /** When a step of a running sequence is due now (after pause shifts and deferrals). */
  dueAtMs(sequence: NurtureSequenceName, definition: NurtureStepDefinition): number | null {
    const run = this.runs.get(sequence)
    if (!run) return null
    const planned = run.startedAtMs + definition.offsetMs + run.shiftMs
    return Math.max(planned, run.notBeforeMs.get(definition.step) ?? 0)
  }

  private interrupted = () => this.stopReason !== null || this.paused || this.hooks.isClosed()

  private async runSequence(run: SequenceRun) {
    const { sequence } = run.status
    for (const definition of nurtureSequences[sequence]) {
      const step = run.status.steps.find((candidate) => candidate.step === definition.step)!
      // Settled before the run began (sent earlier, history, or settled by the run this one continues).
      if (step.state === 'sent' || step.state === 'skipped' || step.state === 'suppressed' || step.state === 'failed')
        continue
      for (;;) {
        if (this.stopReason || this.hooks.isClosed()) return
        if (this.paused) {
          step.state = 'waiting'
          step.reason = 'Nurture paused'
          await condition(() => !this.paused || this.stopReason !== null || this.hooks.isClosed())
          continue
        }
        const dueAt = this.dueAtMs(sequence, definition)!
        step.dueAt = iso(dueAt)
        if (step.reason === 'Nurture paused') {
          step.state = 'scheduled'
          step.reason = null
        }
        const remaining = dueAt - Date.now()
        if (remaining > 0) {
          this.waitingUntilMs.set(sequence, dueAt)
          const interrupted = await condition(this.interrupted, remaining, {
            summary: nurtureStepTitle(sequence, definition.step),
          })
          this.waitingUntilMs.delete(sequence)
          if (interrupted) continue
        }

        let outcome: NurtureSendOutcome
        this.inFlight += 1
        try {
          outcome = await this.hooks.send({
            leadId: this.leadId,
            sequence,
            step: definition.step,
            triggerRefId: run.status.triggerRefId,
            sequenceStartedAt: run.status.startedAt,
            now: iso(Date.now()),
          })
        } catch (error) {
          // A mail server that refused this message for good: the step failed, the sequence goes on.
          const reply = messageRejectedReply(error)
          if (reply === null) {
            this.inFlight -= 1
            throw error
          }
          step.state = 'failed'
          step.reason = `The mail server refused it: ${reply}`
          try {
            await this.hooks.onChange()
          } finally {
            this.inFlight -= 1
          }
          break
        }
        const finished = this.apply(run, step, definition, outcome)
        try {
          await this.hooks.onChange()
        } finally {
          this.inFlight -= 1
        }
        if (finished) break
      }
    }
  }

  /** Applies an activity's verdict to the step; true when the step is finished (sent, skipped, suppressed). */
  private apply(
    run: SequenceRun,
    step: NurtureStepStatus,
    definition: NurtureStepDefinition,
    outcome: NurtureSendOutcome,
  ): boolean {
    switch (outcome.outcome) {
      case 'sent':
        step.state = 'sent'
        step.reason = null
        step.outboxMessageId = outcome.outboxMessageId
        step.sentAt = outcome.sentAt
        if (definition.step === 'case-study') this.caseStudySent = true
        return true
      case 'skipped':
      case 'suppressed':
        step.state = outcome.outcome
        step.reason = outcome.reason
        return true
      case 'deferred':
        step.state = 'waiting'
        step.reason = outcome.reason
        run.notBeforeMs.set(definition.step, Date.parse(outcome.until))
        return false
      case 'stopped':
        this.stop(outcome.reason)
        return false
      case 'paused':
        this.pause(Date.now())
        return false
    }
  }
}
