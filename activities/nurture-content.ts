import type { RoiCalculationResult } from '../domain/roi/roi-calculator'
import { voiceSessionSummary } from '../domain/voice/session-summary'
import type { Database } from '../lib/db'
import { loadRoiReportInput } from '../lib/reports/roi-report-input'

/** The summary of the conversation the voice sequence thanks the person for, in their language. */
export async function loadVoiceSessionSummary(
  db: Database,
  voiceSessionId: string,
  language: 'EN' | 'ES',
): Promise<string | null> {
  const session = await db.voiceSession.findUnique({
    where: { id: voiceSessionId },
    select: {
      messages: true,
      actionsTaken: true,
      topics: true,
      intents: true,
      painPoints: true,
      objections: true,
      sentiment: true,
      outcome: true,
    },
  })
  return session ? voiceSessionSummary(session, language) : null
}

/** The figures of a calculation as its report shows them, or null when it no longer exists. */
export async function roiFigures(
  db: Database,
  roiCalculationId: string,
  bookingUrl: string,
): Promise<RoiCalculationResult | null> {
  return (await loadRoiReportInput(db, roiCalculationId, bookingUrl))?.result ?? null
}
