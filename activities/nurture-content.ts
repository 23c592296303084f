import { localize } from '../domain/industries/industry-profiles'
import type { RoiCalculationResult } from '../domain/roi/roi-calculator'
import { storedTranscript } from '../domain/integrations/voice-transcript'
import { analyseTranscript } from '../domain/voice/transcript-analysis'
import type { Database } from '../lib/db'
import { loadRoiReportInput } from '../lib/reports/roi-report-input'

/** The summary of the conversation the voice sequence thanks the person for, in their language. */
export async function voiceSessionSummary(
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
  if (!session) return null
  // What the agent recorded wins; the rules fill in only what it left out.
  const analysis = analyseTranscript(storedTranscript(session.messages), session.actionsTaken, {
    ...(session.topics.length > 0 ? { topics: session.topics } : {}),
    ...(session.intents.length > 0 ? { intents: session.intents } : {}),
    ...(session.painPoints.length > 0 ? { painPoints: session.painPoints } : {}),
    ...(session.objections.length > 0 ? { objections: session.objections } : {}),
    ...(session.sentiment ? { sentiment: session.sentiment } : {}),
    ...(session.outcome ? { outcome: session.outcome } : {}),
  })
  return localize(analysis.summary, language)
}

/** The figures of a calculation as its report shows them, or null when it no longer exists. */
export async function roiFigures(
  db: Database,
  roiCalculationId: string,
  bookingUrl: string,
): Promise<RoiCalculationResult | null> {
  return (await loadRoiReportInput(db, roiCalculationId, bookingUrl))?.result ?? null
}
