import type { Sentiment, VoiceIntent, VoiceOutcome } from '../../prisma/generated/enums'
import { localize } from '../industries/industry-profiles'
import { storedTranscript } from '../integrations/voice-transcript'
import { analyseTranscript } from './transcript-analysis'

/** What a stored voice session holds that its summary is written from. */
export interface StoredVoiceSession {
  messages: unknown
  actionsTaken: string[]
  topics: string[]
  intents: VoiceIntent[]
  painPoints: string[]
  objections: string[]
  sentiment: Sentiment | null
  outcome: VoiceOutcome | null
}

/** The summary of a conversation, in the person's language, as the voice sequence's thank-you email gives it. */
export function voiceSessionSummary(session: StoredVoiceSession, language: 'EN' | 'ES'): string {
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
