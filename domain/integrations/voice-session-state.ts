// A voice session's columns as changes arrive (seed 002 §6.1, §6.3): transcript, analysis, times, identity.
import type { Device, Language, Sentiment, VoiceIntent, VoiceOutcome } from '../../prisma/generated/enums'
import { enumWords, enumWordsInline } from '../records/enum-words'
import { analyseTranscript, firstEmail } from '../voice/transcript-analysis'
import type { ProvidedVoiceAnalysis, VoiceSessionChange } from './voice-agent'
import { mergeTranscript, type VoiceMessage } from './voice-transcript'
import { countOf } from '../formatting/plural'

/** The columns of VoiceSession this module decides. */
export interface VoiceSessionState {
  visitorId: string | null
  email: string | null
  startTime: Date
  endTime: Date | null
  endedAt: Date | null
  duration: number
  language: Language
  device: Device | null
  userAgent: string | null
  referrerPage: string | null
  messages: VoiceMessage[]
  totalQuestions: number
  actionsTaken: string[]
  topics: string[]
  sentiment: Sentiment | null
  intents: VoiceIntent[]
  painPoints: string[]
  objections: string[]
  outcome: VoiceOutcome | null
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])]
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000))

/**
 * Applies one change to a session (null: not seen before).
 * - Analysis: what the agent sends wins; the rule set of analyseTranscript derives the rest from the whole
 *   transcript. Once the session has ended, its analysis is settled: a late message joins the transcript and the
 *   question count, but does not re-derive what was concluded at the end.
 * - The email is the one the agent sent, else the one already known, else the first one a user said.
 * - Times: an explicit start wins; else the earliest known moment. The end is set once, by the ending change.
 */
export function applyVoiceSessionChange(
  current: VoiceSessionState | null,
  change: VoiceSessionChange,
): { state: VoiceSessionState; endedNow: boolean } {
  const messages = mergeTranscript(current?.messages ?? [], change.messages)
  const actionsTaken = union(current?.actionsTaken ?? [], change.actionsTaken)
  const settled: ProvidedVoiceAnalysis = current?.endedAt && !change.ended ? settledAnalysis(current) : {}
  const analysis = analyseTranscript(messages, actionsTaken, { ...settled, ...change.provided })

  const firstMessageAt = messages[0] ? new Date(messages[0].timestamp) : undefined
  const lastMessageAt = messages.length > 0 ? new Date(messages[messages.length - 1]!.timestamp) : undefined
  const startTime = change.startTime ?? earliest(current?.startTime, firstMessageAt) ?? change.occurredAt

  const endedNow = change.ended && !current?.endedAt
  const endedAt = current?.endedAt ?? (change.ended ? (change.endTime ?? lastMessageAt ?? change.occurredAt) : null)
  const endTime = change.endTime ?? current?.endTime ?? (endedAt && endedAt >= startTime ? endedAt : null)
  const duration =
    change.durationSeconds ??
    (endTime
      ? seconds(startTime, endTime)
      : lastMessageAt
        ? seconds(startTime, lastMessageAt)
        : (current?.duration ?? 0))

  return {
    endedNow,
    state: {
      visitorId: current?.visitorId ?? change.visitorId ?? null,
      email: change.email ?? current?.email ?? analysis.emailFound,
      startTime,
      endTime,
      endedAt,
      duration,
      language: change.language ?? current?.language ?? 'EN',
      device: change.device ?? current?.device ?? null,
      userAgent: change.userAgent ?? current?.userAgent ?? null,
      referrerPage: change.referrerPage ?? current?.referrerPage ?? null,
      messages,
      totalQuestions: analysis.totalQuestions,
      actionsTaken,
      topics: analysis.topics,
      sentiment: analysis.sentiment,
      intents: analysis.intents,
      painPoints: analysis.painPoints,
      objections: analysis.objections,
      outcome: analysis.outcome,
    },
  }
}

/**
 * The address a change brings by itself: the one the agent sent, else the first one a user said in its messages.
 * For a session that has no address yet, it is the address `applyVoiceSessionChange` finds (its stored transcript
 * holds none, or one would have been found when it was stored).
 */
export function emailBroughtBy(change: Pick<VoiceSessionChange, 'email' | 'messages'>): string | null {
  return change.email ?? firstEmail(mergeTranscript([], change.messages).filter((message) => message.role === 'user'))
}

function settledAnalysis(state: VoiceSessionState): ProvidedVoiceAnalysis {
  return {
    topics: state.topics,
    intents: state.intents,
    painPoints: state.painPoints,
    objections: state.objections,
    ...(state.sentiment ? { sentiment: state.sentiment } : {}),
    ...(state.outcome ? { outcome: state.outcome } : {}),
  }
}

function earliest(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b
  if (!b) return a
  return a <= b ? a : b
}

/** The words of the lead's timeline entry for a session. */
export function voiceSessionTimelineEntry(
  state: Pick<
    VoiceSessionState,
    'endedAt' | 'totalQuestions' | 'duration' | 'topics' | 'outcome' | 'sentiment' | 'language'
  >,
) {
  const minutes = Math.max(1, Math.round(state.duration / 60))
  const subject = state.endedAt
    ? `Voice agent conversation (${countOf(state.totalQuestions, 'question')}, ${minutes} min)`
    : 'Voice agent conversation in progress'
  // Read as words, as the session's page reads them: a timeline entry is for people.
  const details = [
    `Language: ${enumWords(state.language)}`,
    state.topics.length > 0 ? `Topics: ${state.topics.map(enumWordsInline).join(', ')}` : null,
    state.sentiment ? `Sentiment: ${enumWordsInline(state.sentiment)}` : null,
  ].filter((line): line is string => line !== null)
  return { subject, description: details.join('\n'), outcome: state.outcome ? enumWords(state.outcome) : null }
}
