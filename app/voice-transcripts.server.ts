import { storedTranscript } from '../domain/integrations/voice-transcript'
import type { Database, Prisma } from '../lib/db'
import type { TranscriptSession } from './components/voice-transcripts'

/** What a voice session's conversation shows (the lead page's sessions, the voice session page). */
export const transcriptSessionSelect = {
  id: true,
  startTime: true,
  endedAt: true,
  duration: true,
  language: true,
  device: true,
  messages: true,
  totalQuestions: true,
  topics: true,
  intents: true,
  painPoints: true,
  objections: true,
  sentiment: true,
  outcome: true,
} satisfies Prisma.VoiceSessionSelect

type SelectedSession = Prisma.VoiceSessionGetPayload<{ select: typeof transcriptSessionSelect }>

/** A stored session as the page shows it: its messages as a transcript. */
export function transcriptSessionOf({ messages, startTime, endedAt, ...session }: SelectedSession): TranscriptSession {
  return {
    ...session,
    startTime: startTime.toISOString(),
    endedAt: endedAt?.toISOString() ?? null,
    transcript: storedTranscript(messages).map(({ role, content, timestamp }) => ({ role, content, timestamp })),
  }
}

/** One session's conversation, for the voice session page (its record already read under the user's grant). */
export async function loadTranscriptSession(db: Database, id: string): Promise<TranscriptSession | null> {
  const session = await db.voiceSession.findUnique({ where: { id }, select: transcriptSessionSelect })
  return session ? transcriptSessionOf(session) : null
}
