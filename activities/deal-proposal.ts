import { ApplicationFailure } from '@temporalio/activity'
import type { EntityReference } from '../domain/records/entity-reference'
import { loadProposalEmail } from '../lib/reports/proposal-email'
import type { DealActivities } from './deal-contract'
import type { ActivityDependencies } from './dependencies'
import { sendThroughOutbox } from './outbox'

/** Emailing a deal's proposal (decision 0025): the message of lib/reports/proposal-email.ts, through the outbox. */
export function createDealProposalActivities(
  dependencies: ActivityDependencies,
): Pick<DealActivities, 'sendDealProposal'> {
  const { db, bookingUrl } = dependencies
  return {
    async sendDealProposal({ opportunityId, idempotencyKey, preparedAt }) {
      // A retry finds the outbox row written by the first attempt and sends exactly that (or nothing, if it left).
      const message = await loadProposalEmail(db, opportunityId, { preparedAt: new Date(preparedAt), bookingUrl })
      if (!message) throw ApplicationFailure.nonRetryable(`deal ${opportunityId} does not exist`, 'DealNotFound')
      const entity: EntityReference = { kind: 'deal', id: opportunityId }
      const sent = await sendThroughOutbox(dependencies, idempotencyKey, {
        ...message,
        entity,
        timeline: { description: `Proposal sent to ${message.to}` },
      })
      return { to: message.to, ...sent }
    },
  }
}
