import type { ActivityDependencies } from './dependencies'

export function createRetargetingActivities({ db }: ActivityDependencies) {
  return {
    /**
     * §9.1 "Voice Agent Follow-up (No Email Captured)": 24 hours after an anonymous session the visitor joins the
     * retargeting audience of the session's language, once per session. A visitor identified in the meantime is
     * a lead in nurture instead, and is not retargeted.
     */
    async fireRetargetingEvent({
      voiceSessionId,
      now,
    }: {
      voiceSessionId: string
      now: string
    }): Promise<{ fired: boolean; reason: string }> {
      const session = await db.voiceSession.findUnique({
        where: { id: voiceSessionId },
        select: { id: true, leadId: true, contactId: true, email: true, visitorId: true, language: true },
      })
      if (!session) return { fired: false, reason: 'The voice session no longer exists' }
      if (session.leadId || session.contactId || session.email) {
        return { fired: false, reason: 'The visitor has been identified since: they are a lead now' }
      }

      const audience = `voice-agent-no-email-${session.language.toLowerCase()}`
      const event = await db.retargetingEvent.upsert({
        where: { voiceSessionId },
        create: { voiceSessionId, visitorId: session.visitorId, audience, firedAt: new Date(now) },
        update: {},
        select: { audience: true },
      })
      return { fired: true, reason: `Added to the retargeting audience ${event.audience}` }
    },
  }
}
