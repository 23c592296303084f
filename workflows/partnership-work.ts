// The work of a partnership's engagement, held by its workflow (decision 0035): meetings, delivered systems,
// knowledge transfer and the testimonial request sequence. The run (partnership.ts) owns status, plan and health and
// calls this at each settle; this owns what §9.3 asks around them. Workflow code.
import type { PartnershipWorkActivities, PartnershipWorkSnapshot } from '../activities/partnership-work-contract'
import { fellDueBeforeRun, type RunStart } from '../domain/leads/late-start'
import {
  knowledgeTransferRefusal,
  withKnowledgeTransfer,
  type KnowledgeTransfer,
} from '../domain/partnerships/knowledge-transfer'
import type { Milestone } from '../domain/partnerships/milestone-plan'
import { testimonialSchedule, type TestimonialStep } from '../domain/partnerships/testimonial-sequence'
import type { UpcomingStep } from './lead-messages'
import { ClientMessenger } from './partnership-client-messages'
import { PartnershipMeetings } from './partnership-meetings'
import { PartnershipSystems } from './partnership-systems'
import type { WeeklySchedule } from '../domain/partnerships/partnership-meetings'
import type { MeetingBooked, PartnershipWork } from './partnership-work-messages'
import { iso, type WorkContext } from './partnership-work-context'
import { entityActivities } from './entity-run'

const { database } = entityActivities<PartnershipWorkActivities>(['PartnershipNotFound'])

export interface PartnershipWorkView {
  meetings: ReturnType<PartnershipMeetings['view']>
  systems: ReturnType<PartnershipSystems['view']>
  knowledgeTransfer: KnowledgeTransfer
  testimonial: { provided: boolean; sent: TestimonialStep[] }
}

export interface WorkRun {
  partnershipId: string
  runStart: RunStart
  meetings: Map<string, { attended: boolean }>
  systems: Map<string, { deployedAtMs: number | null; lastUsedAtMs: number | null }>
  running(): boolean
  kickoffMs(): number
  finalMilestone(): Milestone
  meetingAttended(): void
  changed(): void
}

export async function loadPartnershipWork(run: WorkRun): Promise<EngagementWork> {
  const snapshot = await database('Read the meetings, systems and knowledge transfer').loadPartnershipWork(
    run.partnershipId,
  )
  return new EngagementWork(run, snapshot)
}

export class EngagementWork {
  private readonly meetings: PartnershipMeetings
  private readonly systems: PartnershipSystems
  private readonly messenger = new ClientMessenger()
  private knowledge: KnowledgeTransfer
  private testimonialProvided: boolean
  private readonly testimonialSent = new Set<TestimonialStep>()
  private readonly contactId: string | null

  constructor(
    private readonly run: WorkRun,
    snapshot: PartnershipWorkSnapshot,
  ) {
    const context: WorkContext = {
      partnershipId: run.partnershipId,
      runStart: run.runStart,
      snapshot,
      messenger: this.messenger,
      running: () => run.running(),
      kickoffMs: () => run.kickoffMs(),
      changed: () => run.changed(),
    }
    this.meetings = new PartnershipMeetings(context, run.meetings, () => run.meetingAttended())
    this.systems = new PartnershipSystems(context, run.systems)
    this.knowledge = snapshot.knowledgeTransfer
    this.testimonialProvided = snapshot.testimonialProvided
    this.contactId = snapshot.contactId
  }

  meetingHeld(meetingId: string, attended: boolean, at: string): void {
    this.meetings.outcomeArrived(meetingId, attended, at)
  }

  meetingBooked(booking: MeetingBooked): void {
    this.meetings.booked(booking)
  }

  scheduleChanged(schedule: WeeklySchedule | null): void {
    this.meetings.scheduleChanged(schedule)
  }

  clientClockChanged(timeZone: string): void {
    this.meetings.clientClockChanged(timeZone)
  }

  /** Why this record is refused now, or null (the validator and the handler ask the same). */
  refusal(work: PartnershipWork): string | null {
    switch (work.kind) {
      case 'meeting':
        return this.meetings.refusal(work.meetingId, work.outcome)
      case 'add-system':
        return work.name.trim().length === 0 || work.name.length > 200
          ? 'A system is named in 1 to 200 characters'
          : !(work.hoursSavedPerWeek >= 0 && work.hoursSavedPerWeek <= 168)
            ? 'Hours saved per week are from 0 to 168'
            : null
      case 'system-status':
        return this.systems.statusRefusal(work.systemId, work.status)
      case 'knowledge-transfer':
        return knowledgeTransferRefusal(work)
      case 'testimonial':
        return this.testimonialProvided ? 'The testimonial is recorded already' : null
    }
  }

  async record(work: PartnershipWork, byId: string | null): Promise<void> {
    switch (work.kind) {
      case 'meeting':
        return this.meetings.record(work.meetingId, work.outcome, byId)
      case 'add-system':
        return this.systems.add(work.name, work.category, work.hoursSavedPerWeek)
      case 'system-status':
        return this.systems.moveStatus(work.systemId, work.status)
      case 'knowledge-transfer': {
        this.knowledge = withKnowledgeTransfer(this.knowledge, work)
        await database('Record the knowledge transfer').recordKnowledgeTransfer({
          partnershipId: this.run.partnershipId,
          ...this.knowledge,
        })
        this.run.changed()
        return
      }
      case 'testimonial':
        await database('Record the testimonial provided').recordTestimonialProvided(this.run.partnershipId)
        this.testimonialProvided = true
        this.run.changed()
        return
    }
  }

  /** What the clock and the last events make due now: missed meetings, quiet systems, testimonial emails. */
  async settle(nowMs: number): Promise<void> {
    await this.meetings.settle(nowMs)
    if (!this.run.running()) return
    await this.messenger.retryDue(nowMs)
    await this.systems.settle(nowMs)
    await this.askForTestimonial(nowMs)
  }

  nextWakeUpMs(nowMs: number): (number | null)[] {
    if (!this.run.running()) return []
    return [
      ...this.meetings.nextWakeUpMs(nowMs),
      ...this.systems.nextWakeUpMs(),
      this.messenger.nextRetryMs(),
      ...this.testimonialDue().map((step) => step.dueAtMs),
    ]
  }

  upcoming(nowMs: number): UpcomingStep[] {
    if (!this.run.running()) return []
    const testimonial = this.testimonialDue()
      .filter((step) => step.dueAtMs > nowMs)
      .map(({ email, dueAtMs }): UpcomingStep => ({
        key: `testimonial/${email.step}`,
        kind: 'nurture',
        label: `Testimonial request (${email.step}): “${email.subject}”`,
        dueAt: iso(dueAtMs),
        expectedSendAt: iso(dueAtMs),
        willFire: true,
        reason: 'Sent unless the testimonial is in, the partnership is paused or it has ended',
      }))
    return [...this.meetings.upcoming(nowMs), ...testimonial]
  }

  view(): PartnershipWorkView {
    return {
      meetings: this.meetings.view(),
      systems: this.systems.view(),
      knowledgeTransfer: this.knowledge,
      testimonial: { provided: this.testimonialProvided, sent: [...this.testimonialSent] },
    }
  }

  private testimonialDue() {
    if (this.testimonialProvided) return []
    return testimonialSchedule(this.run.finalMilestone().dueAtMs).filter(
      ({ email }) => !this.testimonialSent.has(email.step),
    )
  }

  /** §9.3 "Approaching graduation → testimonial request sequence" (domain/partnerships/testimonial-sequence.ts). */
  private async askForTestimonial(nowMs: number): Promise<void> {
    const { partnershipId, runStart } = this.run
    const contactId = this.contactId
    for (const { email, dueAtMs } of this.testimonialDue()) {
      if (dueAtMs > nowMs) continue
      this.testimonialSent.add(email.step)
      this.run.changed()
      if (fellDueBeforeRun(dueAtMs, runStart) || !contactId) continue
      await this.messenger.send(`Testimonial request: ${email.step}`, {
        idempotencyKey: `partnership-${partnershipId}/testimonial/${email.step}`,
        entity: { kind: 'partnership', id: partnershipId },
        recipient: { contactId },
        template: `partnership:testimonial-${email.step}`,
        channels: ['EMAIL'],
        email: { subject: email.subject, text: email.text, html: null },
        timeline: { description: `Testimonial request emailed (${email.step})` },
        purpose: 'transactional',
        now: iso(nowMs),
      })
    }
  }
}
