import { ApplicationFailure } from '@temporalio/activity'
import { dealEmailBodies } from '../domain/deals/deal-email'
import type { EntityReference } from '../domain/records/entity-reference'
import type { DealActivities } from './deal-contract'
import type { ActivityDependencies } from './dependencies'
import { sendThroughOutbox } from './outbox'

/** A rep's email to the deal's primary contact (decision 0032), through the outbox, replies going to the owner. */
export function createDealEmailActivities(dependencies: ActivityDependencies): Pick<DealActivities, 'sendDealEmail'> {
  const { db } = dependencies
  return {
    async sendDealEmail({ opportunityId, idempotencyKey, subject, body, sentAt }) {
      // A retry finds the outbox row written by the first attempt and sends exactly that (or nothing, if it left).
      const deal = await db.opportunity.findUnique({
        where: { id: opportunityId },
        select: {
          primaryContact: { select: { id: true, email: true } },
          owner: { select: { name: true, email: true } },
        },
      })
      if (!deal) throw ApplicationFailure.nonRetryable(`deal ${opportunityId} does not exist`, 'DealNotFound')
      const to = deal.primaryContact.email
      const entity: EntityReference = { kind: 'deal', id: opportunityId }
      const sent = await sendThroughOutbox(dependencies, idempotencyKey, {
        to,
        subject,
        ...dealEmailBodies(body),
        template: 'deal-email',
        entity,
        contactId: deal.primaryContact.id,
        headers: deal.owner ? { 'Reply-To': `${deal.owner.name} <${deal.owner.email}>` } : undefined,
        timeline: { description: `Email to ${to}: ${subject}` },
        sentAt: new Date(sentAt),
      })
      return { to, ...sent }
    },
  }
}
