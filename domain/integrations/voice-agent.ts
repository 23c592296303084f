// What the landing page's voice agent sends (seed 002 §6.1, §11.3, §13.2): a complete session to
// POST /api/crm/voice-sessions, or signed events to POST /api/webhooks/voice-agent as the session goes on.
import { z } from 'zod'
import type { Device, Language, Sentiment, VoiceIntent, VoiceOutcome } from '../../prisma/generated/enums'
import { leadPersonFields, normalisedEmail, type LeadPerson } from '../leads/lead-input'
import { languageByApiName } from '../leads/lead-vocabulary'
import { devices, sentiments, voiceIntents, voiceOutcomes } from '../records/record-vocabulary'
import { externalId, isoDateTime, parseKeeping, type KeptField, type ParsedKeeping } from './parse'
import type { VoiceMessage } from './voice-transcript'

const listOfWords = z.array(z.string().trim().min(1).max(200)).max(50)

export const voiceMessageSchema = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.string().trim().min(1).max(20_000),
    timestamp: isoDateTime,
    audioUrl: z.url({ message: 'must be a URL' }).max(2000).optional(),
    transcriptionConfidence: z.number().min(0).max(1).optional(),
  })
  .strict()

const metadataSchema = z
  .object({
    device: z.enum(devices.apiNames).optional(),
    language: z.enum(['en', 'es']).optional(),
    userAgent: z.string().trim().min(1).max(500).optional(),
    referrerPage: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()

/** §6.1's analysis fields, by §6.1's names: what the agent itself concluded. The CRM derives what is missing. */
const analysisFields = {
  topics: listOfWords.optional(),
  sentiment: z.enum(sentiments.apiNames).optional(),
  intent: z.array(z.enum(voiceIntents.apiNames)).max(20).optional(),
  painPointsMentioned: listOfWords.optional(),
  objectionsMentioned: listOfWords.optional(),
  outcome: z.enum(voiceOutcomes.apiNames).optional(),
}

const sessionFields = {
  sessionId: externalId,
  /** The anonymous visitor (a first-party cookie) the session belongs to, for a later merge (§6.3). */
  visitorId: externalId.optional(),
  /** An address the agent captured outside the transcript (a form in the widget). */
  email: normalisedEmail.optional(),
  startTime: isoDateTime.optional(),
  endTime: isoDateTime.optional(),
  /** Seconds. */
  duration: z
    .number()
    .int()
    .min(0)
    .max(24 * 60 * 60)
    .optional(),
  messages: z.array(voiceMessageSchema).max(1000).optional(),
  actionsTaken: listOfWords.optional(),
  metadata: metadataSchema.optional(),
  ...analysisFields,
  ...leadPersonFields,
}

/** POST /api/crm/voice-sessions: a complete, ended session. */
export const voiceSessionPostSchema = z.object(sessionFields).strict()

export const voiceAgentEventTypes = ['session.started', 'session.message', 'session.ended'] as const

/** A signed voice agent event: `{ id, type, sessionId, ... }` with one `message` or `messages` for session.message. */
export const voiceAgentEventSchema = z
  .object({
    id: externalId,
    type: z.enum(voiceAgentEventTypes),
    /** When it happened at the agent (defaults to when it was received). */
    occurredAt: isoDateTime.optional(),
    message: voiceMessageSchema.optional(),
    ...sessionFields,
  })
  .strict()
  .superRefine((event, context) => {
    if (event.type === 'session.message' && !event.message && !event.messages?.length) {
      context.addIssue({ code: 'custom', path: ['message'], message: 'is required for session.message (or messages)' })
    }
  })

export type VoiceSessionPost = z.infer<typeof voiceSessionPostSchema>
export type VoiceAgentEvent = z.infer<typeof voiceAgentEventSchema>

/**
 * POST /api/crm/voice-sessions. Only a missing session id refuses it: a session needs no email (§6.3 keeps anonymous
 * ones), so an address that is not one is kept aside like any field the CRM does not know (`metadata.pageTitle`) or
 * any value that does not fit (`metadata.device: "tablet"`, one malformed message), and the session is stored.
 */
export function parseVoiceSessionPost(body: unknown): ParsedKeeping<VoiceSessionPost> {
  return parseKeeping(voiceSessionPostSchema, body, 'voice session', ['sessionId'])
}

/** A signed voice agent event: as the post, and its `id`, `type` and the `message` of session.message are required. */
export function parseVoiceAgentEvent(body: unknown): ParsedKeeping<VoiceAgentEvent> {
  return parseKeeping(voiceAgentEventSchema, body, 'voice agent event', ['id', 'type', 'sessionId', 'message'])
}

export interface ProvidedVoiceAnalysis {
  topics?: string[]
  intents?: VoiceIntent[]
  painPoints?: string[]
  objections?: string[]
  sentiment?: Sentiment
  outcome?: VoiceOutcome
}

/** One thing learnt about a session, from a complete post or one event; applied by applyVoiceSessionChange. */
export interface VoiceSessionChange {
  externalSessionId: string
  visitorId?: string
  email?: string
  startTime?: Date
  endTime?: Date
  durationSeconds?: number
  messages: VoiceMessage[]
  actionsTaken: string[]
  provided: ProvidedVoiceAnalysis
  /** The session is over (session.ended, or a complete session was posted). */
  ended: boolean
  occurredAt: Date
  language?: Language
  device?: Device
  userAgent?: string
  referrerPage?: string
  person: LeadPerson
  /** What the agent sent that the CRM did not use. */
  kept: KeptField[]
}

type SessionFields = z.infer<z.ZodObject<typeof sessionFields>>

function changeOf(
  fields: SessionFields,
  extra: { ended: boolean; occurredAt: Date; message?: VoiceMessage; kept: KeptField[] },
): VoiceSessionChange {
  const {
    sessionId,
    visitorId,
    email,
    startTime,
    endTime,
    duration,
    messages,
    actionsTaken,
    metadata,
    topics,
    sentiment,
    intent,
    painPointsMentioned,
    objectionsMentioned,
    outcome,
    ...person
  } = fields
  const provided: ProvidedVoiceAnalysis = {}
  if (topics) provided.topics = topics
  if (sentiment) provided.sentiment = sentiments.byApiName[sentiment]
  if (intent) provided.intents = intent.map((name) => voiceIntents.byApiName[name])
  if (painPointsMentioned) provided.painPoints = painPointsMentioned
  if (objectionsMentioned) provided.objections = objectionsMentioned
  if (outcome) provided.outcome = voiceOutcomes.byApiName[outcome]
  return {
    externalSessionId: sessionId,
    visitorId,
    email,
    startTime: startTime ? new Date(startTime) : undefined,
    endTime: endTime ? new Date(endTime) : undefined,
    durationSeconds: duration,
    messages: [...(messages ?? []), ...(extra.message ? [extra.message] : [])],
    actionsTaken: actionsTaken ?? [],
    provided,
    ended: extra.ended,
    occurredAt: extra.occurredAt,
    language: metadata?.language
      ? languageByApiName[metadata.language]
      : person.preferredLanguage
        ? languageByApiName[person.preferredLanguage]
        : undefined,
    device: metadata?.device ? devices.byApiName[metadata.device] : undefined,
    userAgent: metadata?.userAgent,
    referrerPage: metadata?.referrerPage,
    person,
    kept: extra.kept,
  }
}

export function voiceSessionChangeFromPost(
  post: VoiceSessionPost,
  receivedAt: Date,
  kept: KeptField[] = [],
): VoiceSessionChange {
  return changeOf(post, { ended: true, occurredAt: post.endTime ? new Date(post.endTime) : receivedAt, kept })
}

export function voiceSessionChangeFromEvent(
  event: VoiceAgentEvent,
  receivedAt: Date,
  kept: KeptField[] = [],
): VoiceSessionChange {
  const { id: _id, type, occurredAt, message, ...fields } = event
  return changeOf(fields, {
    ended: type === 'session.ended',
    occurredAt: occurredAt ? new Date(occurredAt) : receivedAt,
    message,
    kept,
  })
}
