import { ApplicationFailure } from '@temporalio/activity'
import { leadEntity } from '../domain/records/entity-reference'
import {
  leadAcknowledgementKey,
  leadAcknowledgementTemplate,
  leadAcknowledgementTimeline,
  renderLeadAcknowledgement,
} from '../domain/email/lead-acknowledgement'
import { listUnsubscribeHeaders, unsubscribeUrl } from '../lib/unsubscribe'
import type { ActivityDependencies } from './dependencies'
import { sendThroughOutbox, type SentEmail } from './outbox'

export type { SentEmail } from './outbox'

export function createEmailActivities(dependencies: ActivityDependencies) {
  const { db, appBaseUrl, unsubscribeSecret } = dependencies
  return {
    /** Sends the lead's acknowledgement email at most once per lead (`lead-<id>/acknowledgement`). */
    async sendLeadAcknowledgement({ leadId }: { leadId: string }): Promise<SentEmail> {
      const lead = await db.lead.findUnique({
        where: { id: leadId },
        select: {
          email: true,
          firstName: true,
          preferredLanguage: true,
          source: true,
          industry: true,
          companyName: true,
        },
      })
      if (!lead) {
        throw ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'LeadNotFound')
      }

      // The same one-click unsubscribe as every other email to the person: a link in the body and the headers.
      const unsubscribeLink = unsubscribeUrl(appBaseUrl, leadId, unsubscribeSecret)
      const rendered = renderLeadAcknowledgement({ ...lead, unsubscribeUrl: unsubscribeLink })
      return sendThroughOutbox(dependencies, leadAcknowledgementKey(leadId), {
        entity: leadEntity(leadId),
        to: lead.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        template: leadAcknowledgementTemplate,
        headers: listUnsubscribeHeaders(unsubscribeLink),
        timeline: { description: leadAcknowledgementTimeline },
      })
    },
  }
}
