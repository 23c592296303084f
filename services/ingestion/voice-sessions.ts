import type { Prisma } from '../../lib/db'
import type { Language } from '../../prisma/generated/enums'
import type { VoiceSessionChange } from '../../domain/integrations/voice-agent'
import {
  applyVoiceSessionChange,
  voiceSessionTimelineEntry,
  type VoiceSessionState,
} from '../../domain/integrations/voice-session-state'
import type { VoiceMessage } from '../../domain/integrations/voice-transcript'
import { anonymousSessionRetargetingDelayMs } from '../../domain/nurture/sequences'
import type { LeadEvent } from '../../workflows/lead-messages'
import { signalVisitorIdentified, startAnonymousVoiceSessionWorkflow } from '../voice/anonymous-session-client'
import { recordConsentOfResolved } from './consent'
import {
  ingestionTransactionOptions,
  lockKey,
  type IngestionDependencies,
  type Transaction,
} from './ingestion-dependencies'
import { LeadWorkflowUnavailable } from './ingestion-errors'
import { recordKeptFields } from './kept-fields'
import { deliverLeadEvents } from './lead-events'
import {
  loadLeadRef,
  ownerColumns,
  resolvePerson,
  resolvedLinks,
  type LeadRef,
  type PersonInput,
  type ResolvedPerson,
} from './person'
import { upsertTimelineEntry } from './timeline'
import { voiceSessionSelect } from '../records/voice-sessions'

const sessionSelect = { ...voiceSessionSelect, endedAt: true, email: true } satisfies Prisma.VoiceSessionSelect

type SessionRow = Prisma.VoiceSessionGetPayload<{ select: typeof sessionSelect }>

export interface VoiceSessionIngested {
  session: SessionRow & { externalSessionId: string }
  created: boolean
  lead: LeadRef | null
  leadCreated: boolean
  contactId: string | null
  /** Earlier anonymous sessions of the same visitor, now linked to the person. */
  mergedSessionIds: string[]
}

/**
 * Seed 002 §6.3 for one change to a session: store the transcript and its analysis; an email found (sent by the
 * agent or said in the conversation) matches the session to the contact or lead — a new lead from the voice agent
 * if nobody has the address — and links every earlier anonymous session of the same visitor to them. Then the
 * lead's workflow hears of it; a session that ends without anybody behind it starts its anonymous workflow.
 *
 * `eventId` names this change for the lead's workflow (`voice-agent:<event id>`); the end of a session is one fact
 * with its own stable id, so a redelivery never starts a sequence twice.
 */
export async function ingestVoiceSession(
  dependencies: IngestionDependencies,
  change: VoiceSessionChange,
  eventId: string,
): Promise<VoiceSessionIngested> {
  const ingested = await dependencies.db.$transaction(
    (tx) => storeVoiceSession(tx, change, eventId),
    ingestionTransactionOptions,
  )
  await tellVoiceSessionWorkflows(dependencies, ingested, change, eventId)
  return ingested
}

/** The person a session's address names, as the session's first touch would create them (§3.1). */
export function voiceSessionPerson(email: string, language: Language, change: VoiceSessionChange): PersonInput {
  return {
    email,
    source: 'VOICE_AGENT',
    sourceDetail: `Voice Agent - ${language === 'ES' ? 'Spanish' : 'English'}`,
    person: change.person,
    language,
    timezone: change.person.timezone,
  }
}

const keptKeyPrefix = (sessionId: string) => `voice-session:${sessionId}:kept:`

/**
 * Writes one change to a session in the caller's transaction: the request's for the JSON endpoint, the lead
 * workflow's activity (applyIngestedEvent) for a webhook event. Applying the same change again writes the same rows.
 */
export async function storeVoiceSession(
  tx: Transaction,
  change: VoiceSessionChange,
  eventId: string,
): Promise<VoiceSessionIngested> {
  await lockKey(tx, `voice-session:${change.externalSessionId}`)
  const current = await tx.voiceSession.findUnique({
    where: { externalSessionId: change.externalSessionId },
    select: sessionSelect,
  })
  const { state } = applyVoiceSessionChange(current ? stateOf(current) : null, change)

  let resolved: ResolvedPerson | null = null
  if (current?.contactId) resolved = { kind: 'contact', contactId: current.contactId }
  else if (current?.leadId) {
    const lead = await loadLeadRef(tx, current.leadId)
    if (lead) resolved = { kind: 'lead', lead, created: false }
  }
  const identifiedNow = !resolved && state.email !== null
  if (identifiedNow && state.email) {
    resolved = await resolvePerson(tx, voiceSessionPerson(state.email, state.language, change))
  }
  const owner = ownerColumns(resolved)

  // Who the session belongs to is written only when it changes here: a merge by another session of the same
  // visitor may have linked it meanwhile, and this (otherwise stale) change must not undo that.
  const data = {
    ...(current && !identifiedNow ? {} : owner),
    visitorId: state.visitorId,
    email: state.email,
    startTime: state.startTime,
    endTime: state.endTime,
    endedAt: state.endedAt,
    duration: state.duration,
    language: state.language,
    device: state.device,
    userAgent: state.userAgent,
    referrerPage: state.referrerPage,
    messages: state.messages as unknown as Prisma.InputJsonArray,
    totalQuestions: state.totalQuestions,
    actionsTaken: state.actionsTaken,
    topics: state.topics,
    sentiment: state.sentiment,
    intents: state.intents,
    painPoints: state.painPoints,
    objections: state.objections,
    outcome: state.outcome,
  }
  const select = sessionSelect
  const session = current
    ? await tx.voiceSession.update({ where: { id: current.id }, data, select })
    : await tx.voiceSession.create({ data: { ...data, externalSessionId: change.externalSessionId }, select })

  let mergedSessionIds: string[] = []
  if (identifiedNow && state.visitorId && (owner.leadId || owner.contactId)) {
    const anonymous = await tx.voiceSession.findMany({
      where: { visitorId: state.visitorId, leadId: null, contactId: null, id: { not: session.id } },
      select: { id: true },
    })
    mergedSessionIds = anonymous.map(({ id }) => id)
    if (mergedSessionIds.length > 0) {
      await tx.voiceSession.updateMany({ where: { id: { in: mergedSessionIds } }, data: owner })
      await tx.activity.updateMany({
        where: { type: 'VOICE_SESSION', externalId: { in: mergedSessionIds } },
        data: owner,
      })
    }
  }
  if (identifiedNow && (owner.leadId || owner.contactId)) {
    // What earlier deliveries of these sessions kept aside follows them to the person.
    await tx.activity.updateMany({
      where: {
        type: 'SYSTEM_EVENT',
        OR: [session.id, ...mergedSessionIds].map((id) => ({ externalId: { startsWith: keptKeyPrefix(id) } })),
      },
      data: owner,
    })
  }
  await recordKeptFields(
    tx,
    { leadId: session.leadId, contactId: session.contactId },
    { label: 'the voice agent', channel: 'VOICE_AGENT', key: `${keptKeyPrefix(session.id)}${eventId}` },
    change.kept,
  )

  if (resolved?.kind === 'lead') {
    const firstSession = mergedSessionIds.length > 0 ? await earliestSessionOf(tx, resolved.lead.id) : session.id
    await tx.lead.updateMany({
      where: { id: resolved.lead.id, voiceSessionId: null },
      data: { voiceSessionId: firstSession },
    })
  }
  await recordConsentOfResolved(tx, resolved, change.person, change.occurredAt, 'voice agent')

  const entry = voiceSessionTimelineEntry(state)
  await upsertTimelineEntry(
    tx,
    { type: 'VOICE_SESSION', externalId: session.id },
    {
      leadId: session.leadId,
      contactId: session.contactId,
      subject: entry.subject,
      description: entry.description,
      outcome: entry.outcome,
      channel: 'VOICE_AGENT',
      direction: 'INBOUND',
      completedAt: state.endedAt,
    },
  )

  return {
    session,
    created: !current,
    ...resolvedLinks(resolved),
    mergedSessionIds,
  }
}

async function earliestSessionOf(tx: Transaction, leadId: string): Promise<string | undefined> {
  const first = await tx.voiceSession.findFirst({
    where: { leadId },
    orderBy: { startTime: 'asc' },
    select: { id: true },
  })
  return first?.id
}

function stateOf(row: SessionRow): VoiceSessionState {
  return {
    visitorId: row.visitorId,
    email: row.email,
    startTime: row.startTime,
    endTime: row.endTime,
    endedAt: row.endedAt,
    duration: row.duration,
    language: row.language,
    device: row.device,
    userAgent: row.userAgent,
    referrerPage: row.referrerPage,
    messages: (Array.isArray(row.messages) ? row.messages : []) as unknown as VoiceMessage[],
    totalQuestions: row.totalQuestions,
    actionsTaken: row.actionsTaken,
    topics: row.topics,
    sentiment: row.sentiment,
    intents: row.intents,
    painPoints: row.painPoints,
    objections: row.objections,
    outcome: row.outcome,
  }
}

/**
 * What the workflows hear after a change was stored where it arrived (the JSON endpoint; a webhook event nobody's
 * running lead owns): the lead's workflow the session's events, and the anonymous sessions' retargeting waits.
 */
export async function tellVoiceSessionWorkflows(
  dependencies: IngestionDependencies,
  { session, lead, mergedSessionIds }: VoiceSessionIngested,
  change: VoiceSessionChange,
  eventId: string,
) {
  const { temporal, taskQueue } = dependencies
  if (lead) {
    const events: LeadEvent[] = []
    if (!change.ended) {
      events.push({
        eventId,
        kind: 'voice.session.updated',
        occurredAt: change.occurredAt.toISOString(),
        refId: session.id,
      })
    }
    // Also after a late message revealed the email of a session that had already ended.
    if (session.endedAt) {
      events.push({
        eventId: `voice-session:${session.id}:ended`,
        kind: 'voice.session.ended',
        occurredAt: session.endedAt.toISOString(),
        refId: session.id,
      })
    }
    await deliverLeadEvents(dependencies, lead, events)
    // An anonymous session that ended earlier has a workflow waiting to fire its retargeting event: tell it (and
    // those of the visitor's merged sessions) that the visitor is known now. Sessions identified in an earlier
    // attempt of this delivery are included, so a retry after a failure finishes the job.
    const recentlyEnded = await dependencies.db.voiceSession.findMany({
      where: {
        leadId: lead.id,
        endedAt: { gte: retargetingWaitsSince() },
        OR: [
          { id: { in: [session.id, ...mergedSessionIds] } },
          ...(session.visitorId ? [{ visitorId: session.visitorId }] : []),
        ],
      },
      select: { id: true },
    })
    // Sessions that ended with an email never had an anonymous workflow, and finished ones have nothing to stop:
    // the client leaves both alone.
    await tellRetargetingWaits(
      dependencies,
      recentlyEnded.map(({ id }) => id),
      lead.id,
    )
    return
  }
  if (!session.leadId && !session.contactId && session.endedAt) {
    const endedAt = session.endedAt.toISOString()
    await unlessUnavailable(() =>
      startAnonymousVoiceSessionWorkflow(temporal, { voiceSessionId: session.id, endedAt }, taskQueue),
    )
  }
}

/** Sessions that ended after this instant may still have a retargeting wait running (24 hours, and an hour's slack). */
export const retargetingWaitsSince = () => new Date(Date.now() - anonymousSessionRetargetingDelayMs - 60 * 60 * 1000)

/** Tells the retargeting waits of these sessions that their visitor is the lead now (a wait already over is left). */
export async function tellRetargetingWaits(
  { temporal }: IngestionDependencies,
  voiceSessionIds: string[],
  leadId: string,
): Promise<void> {
  await unlessUnavailable(async () => {
    for (const id of voiceSessionIds) await signalVisitorIdentified(temporal, id, leadId)
  })
}

async function unlessUnavailable(call: () => Promise<void>) {
  try {
    await call()
  } catch (error) {
    throw new LeadWorkflowUnavailable(error)
  }
}
