import { applyIngestedEvent, type IngestedEventApplied } from '../services/ingestion/ingested-events'
import type { ActivityDependencies } from './dependencies'

export interface ApplyIngestedEventInput {
  leadId: string
  webhookEventId: string
}

export function createIngestedEventActivities({ db }: ActivityDependencies) {
  return {
    /** Writes what a recorded webhook event means (a booking, a voice session, an ROI calculation) and marks it PROCESSED, in one transaction. */
    async applyIngestedEvent({ webhookEventId }: ApplyIngestedEventInput): Promise<IngestedEventApplied> {
      return applyIngestedEvent(db, webhookEventId)
    },
  }
}
