import { condition, proxyActivities, setHandler } from '@temporalio/workflow'
import type { LeadLifecycleActivities } from '../activities/lead-lifecycle-contract'
import { anonymousSessionRetargetingDelayMs } from '../domain/nurture/sequences'
import { visitorIdentifiedSignal } from './lead-messages'

const { fireRetargetingEvent } = proxyActivities<LeadLifecycleActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
})

export interface AnonymousVoiceSessionInput {
  voiceSessionId: string
  /** ISO time the session ended; the retargeting event is due 24 hours later. */
  endedAt: string
}

export interface AnonymousVoiceSessionResult {
  fired: boolean
  reason: string
}

/**
 * §9.1 "Voice Agent Follow-up (No Email Captured)": 24 hours after a session that ended without an email, the
 * retargeting event fires — unless the visitor has been identified in the meantime (§6.3 merge).
 */
export async function anonymousVoiceSessionWorkflow({
  voiceSessionId,
  endedAt,
}: AnonymousVoiceSessionInput): Promise<AnonymousVoiceSessionResult> {
  let identifiedAs: string | null = null
  setHandler(visitorIdentifiedSignal, ({ leadId }) => {
    identifiedAs ??= leadId
  })

  const remaining = Date.parse(endedAt) + anonymousSessionRetargetingDelayMs - Date.now()
  if (remaining > 0) {
    await condition(() => identifiedAs !== null, remaining, {
      summary: 'Fire the retargeting event 24 hours after the session unless the visitor is identified',
    })
  }
  if (identifiedAs !== null) return { fired: false, reason: `Visitor identified as lead ${identifiedAs}` }
  return fireRetargetingEvent({ voiceSessionId, now: new Date(Date.now()).toISOString() })
}
