// The partnership workflow's writes about the engagement's work (decision 0035): meetings, delivered systems,
// knowledge transfer, the testimonial. Each answers the same on every retry.
import { ApplicationFailure } from '@temporalio/activity'
import type { MeetingOutcome, MeetingRecordedBy, MeetingSource } from '../domain/partnerships/partnership-meetings'
import { clientTimeZoneOf, clientTimeZoneSelect } from '../services/partnerships/client-time-zone'
import type { PartnershipWorkActivities, PartnershipWorkSnapshot } from './partnership-work-contract'
import type { ActivityDependencies } from './dependencies'

function partnershipNotFound(partnershipId: string) {
  return ApplicationFailure.nonRetryable(`partnership ${partnershipId} does not exist`, 'PartnershipNotFound')
}

export function createPartnershipWorkActivities({ db }: ActivityDependencies): PartnershipWorkActivities {
  return {
    async loadPartnershipWork(partnershipId): Promise<PartnershipWorkSnapshot> {
      const partnership = await db.partnership.findUnique({
        where: { id: partnershipId },
        select: {
          weeklyMeetingDay: true,
          weeklyMeetingTime: true,
          knowledgeTransferScore: true,
          trainingCompleted: true,
          docsDelivered: true,
          testimonialProvided: true,
          company: { select: { name: true } },
          opportunity: { select: { primaryContactId: true, ...clientTimeZoneSelect.opportunity.select } },
          systems: {
            orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
            select: { id: true, name: true, status: true, deploymentDate: true, lastUsedAt: true },
          },
          meetings: {
            where: { cancelled: false },
            orderBy: { startsAt: 'asc' },
            select: { key: true, source: true, title: true, startsAt: true, outcome: true, recordedBy: true },
          },
        },
      })
      if (!partnership) throw partnershipNotFound(partnershipId)
      const { weeklyMeetingDay: day, weeklyMeetingTime: time } = partnership
      return {
        contactId: partnership.opportunity.primaryContactId,
        companyName: partnership.company.name,
        schedule: day && time ? { day, time } : null,
        clientTimeZone: clientTimeZoneOf(partnership),
        systems: partnership.systems.map((system) => ({
          systemId: system.id,
          name: system.name,
          status: system.status,
          deployedAtMs: system.deploymentDate?.getTime() ?? null,
          lastUsedAtMs: system.lastUsedAt?.getTime() ?? null,
        })),
        meetings: partnership.meetings.map((meeting) => ({
          meetingId: meeting.key,
          source: meeting.source as MeetingSource,
          title: meeting.title,
          startsAtMs: meeting.startsAt.getTime(),
          outcome: meeting.outcome as MeetingOutcome | null,
          recordedBy: meeting.recordedBy as MeetingRecordedBy | null,
        })),
        knowledgeTransfer: {
          score: partnership.knowledgeTransferScore,
          trainingModules: partnership.trainingCompleted,
          documents: partnership.docsDelivered,
        },
        testimonialProvided: partnership.testimonialProvided,
      }
    },

    /** Upserted by partnership and meeting id: the workflow's current word on the meeting. */
    async recordPartnershipMeeting(meeting) {
      const data = {
        source: meeting.source,
        title: meeting.title,
        startsAt: new Date(meeting.startsAtMs),
        outcome: meeting.outcome,
        recordedBy: meeting.recordedBy,
        recordedById: meeting.byId,
        cancelled: meeting.cancelled,
      }
      await db.partnershipMeeting.upsert({
        where: { partnershipId_key: { partnershipId: meeting.partnershipId, key: meeting.meetingId } },
        create: { partnershipId: meeting.partnershipId, key: meeting.meetingId, ...data },
        update: data,
      })
    },

    async addDeliveredSystem({ partnershipId, idempotencyKey, name, category, hoursSavedPerWeek }) {
      const system = await db.deliveredSystem.upsert({
        where: { idempotencyKey },
        create: { partnershipId, idempotencyKey, name, category, hoursSavedPerWeek, status: 'PLANNING' },
        update: {},
        select: { id: true },
      })
      return { systemId: system.id }
    },

    async recordSystemStatus({ partnershipId, systemId, status, deployedAtMs }) {
      const { count } = await db.deliveredSystem.updateMany({
        where: { id: systemId, partnershipId },
        data: { status, ...(deployedAtMs === null ? {} : { deploymentDate: new Date(deployedAtMs) }) },
      })
      if (count === 0) {
        throw ApplicationFailure.nonRetryable(`system ${systemId} is not one of partnership ${partnershipId}`)
      }
    },

    async recordKnowledgeTransfer({ partnershipId, score, trainingModules, documents }) {
      const { count } = await db.partnership.updateMany({
        where: { id: partnershipId },
        data: { knowledgeTransferScore: score, trainingCompleted: trainingModules, docsDelivered: documents },
      })
      if (count === 0) throw partnershipNotFound(partnershipId)
    },

    async recordTestimonialProvided(partnershipId) {
      const { count } = await db.partnership.updateMany({
        where: { id: partnershipId },
        data: { testimonialProvided: true },
      })
      if (count === 0) throw partnershipNotFound(partnershipId)
    },
  }
}
