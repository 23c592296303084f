import { z } from 'zod'
import { apiNameOfLanguage, languageByApiName } from '../../domain/leads/lead-vocabulary'
import { devices, sentiments, voiceIntents, voiceOutcomes } from '../../domain/records/record-vocabulary'
import type { Prisma } from '../../lib/db'
import { defineResource } from './definition'
import { isoInstant } from '../../domain/validation/instant'
import { apiEnum, dateTime, iso, mapped, namesOf, optionalText, recordId, text, textList, count } from './fields'
import { referenceTo } from './references'

/** A voice session as the record API reads it; the integration endpoints read the same columns. */
export const voiceSessionSelect = {
  id: true,
  leadId: true,
  contactId: true,
  visitorId: true,
  externalSessionId: true,
  startTime: true,
  endTime: true,
  duration: true,
  language: true,
  userAgent: true,
  device: true,
  referrerPage: true,
  messages: true,
  totalQuestions: true,
  actionsTaken: true,
  topics: true,
  sentiment: true,
  intents: true,
  painPoints: true,
  objections: true,
  outcome: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.VoiceSessionSelect

type VoiceSessionRow = Prisma.VoiceSessionGetPayload<{ select: typeof voiceSessionSelect }>

// Seed 002 §6.1 VoiceMessage.
const voiceMessage = z
  .object({
    role: z.enum(['user', 'assistant']),
    content: z.string().max(20_000),
    timestamp: isoInstant,
    audioUrl: z.url().max(2000).optional(),
    transcriptionConfidence: z.number().min(0).max(1).optional(),
  })
  .strict()

export const voiceSessionCreateSchema = z
  .object({
    leadId: recordId.nullable().optional(),
    contactId: recordId.nullable().optional(),
    visitorId: optionalText(200),
    externalSessionId: text(200),
    startTime: dateTime,
    endTime: dateTime.nullable().optional(),
    duration: count.optional(),
    language: apiEnum(namesOf(languageByApiName)).optional(),
    userAgent: optionalText(500),
    device: apiEnum(devices.apiNames).nullable().optional(),
    referrerPage: optionalText(2000),
    messages: z.array(voiceMessage).max(1000).optional(),
    totalQuestions: count.optional(),
    actionsTaken: textList.optional(),
    topics: textList.optional(),
    sentiment: apiEnum(sentiments.apiNames).nullable().optional(),
    intents: z.array(apiEnum(voiceIntents.apiNames)).max(20).optional(),
    painPoints: textList.optional(),
    objections: textList.optional(),
    outcome: apiEnum(voiceOutcomes.apiNames).nullable().optional(),
  })
  .strict()
export const voiceSessionUpdateSchema = voiceSessionCreateSchema.partial()

type VoiceSessionInput = z.infer<typeof voiceSessionUpdateSchema>

function voiceSessionData(input: VoiceSessionInput) {
  return {
    leadId: input.leadId,
    contactId: input.contactId,
    visitorId: input.visitorId,
    externalSessionId: input.externalSessionId,
    startTime: input.startTime,
    endTime: input.endTime,
    duration: input.duration,
    language: mapped(input.language, languageByApiName) ?? undefined,
    userAgent: input.userAgent,
    device: mapped(input.device, devices.byApiName),
    referrerPage: input.referrerPage,
    messages: input.messages,
    totalQuestions: input.totalQuestions,
    actionsTaken: input.actionsTaken,
    topics: input.topics,
    sentiment: mapped(input.sentiment, sentiments.byApiName),
    intents: input.intents?.map((intent) => voiceIntents.byApiName[intent]),
    painPoints: input.painPoints,
    objections: input.objections,
    outcome: mapped(input.outcome, voiceOutcomes.byApiName),
  }
}

export const voiceSessions = defineResource({
  resource: 'voiceSessions',
  path: 'voice-sessions',
  noun: 'voice session',
  model: (db) => db.voiceSession,
  select: voiceSessionSelect,
  represent: (session: VoiceSessionRow) => ({
    id: session.id,
    leadId: session.leadId,
    contactId: session.contactId,
    visitorId: session.visitorId,
    externalSessionId: session.externalSessionId,
    startTime: iso(session.startTime),
    endTime: iso(session.endTime),
    duration: session.duration,
    language: apiNameOfLanguage[session.language],
    userAgent: session.userAgent,
    device: session.device ? devices.apiNameOf[session.device] : null,
    referrerPage: session.referrerPage,
    messages: session.messages,
    totalQuestions: session.totalQuestions,
    actionsTaken: session.actionsTaken,
    topics: session.topics,
    sentiment: session.sentiment ? sentiments.apiNameOf[session.sentiment] : null,
    intents: session.intents.map((intent) => voiceIntents.apiNameOf[intent]),
    painPoints: session.painPoints,
    objections: session.objections,
    outcome: session.outcome ? voiceOutcomes.apiNameOf[session.outcome] : null,
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
  }),
  filters: {
    leadId: recordId.optional(),
    contactId: recordId.optional(),
    language: apiEnum(namesOf(languageByApiName)).optional(),
    outcome: apiEnum(voiceOutcomes.apiNames).optional(),
  },
  where: (filters) => ({
    leadId: filters.leadId,
    contactId: filters.contactId,
    language: mapped(filters.language as keyof typeof languageByApiName | undefined, languageByApiName),
    outcome: mapped(filters.outcome as keyof typeof voiceOutcomes.byApiName | undefined, voiceOutcomes.byApiName),
  }),
  createSchema: voiceSessionCreateSchema,
  create: ({ db }, input: z.infer<typeof voiceSessionCreateSchema>) =>
    db.voiceSession.create({
      data: { ...voiceSessionData(input), externalSessionId: input.externalSessionId, startTime: input.startTime },
      select: voiceSessionSelect,
    }),
  updateSchema: voiceSessionUpdateSchema,
  update: ({ db }, id, input: VoiceSessionInput) =>
    db.voiceSession.update({ where: { id }, data: voiceSessionData(input), select: voiceSessionSelect }),
  references: { leadId: referenceTo.lead, contactId: referenceTo.contact },
  blockingRelations: [],
})
