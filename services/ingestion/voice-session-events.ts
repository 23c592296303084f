import type { Language } from '../../prisma/generated/enums'
import { emailBroughtBy } from '../../domain/integrations/voice-session-state'
import { ownerOfRow, signalOrApplyHere, type OwnerCandidateRow } from './event-owner'
import type { IngestionDependencies } from './ingestion-dependencies'
import { applyRecordedEvent } from './ingested-events'
import type { RecordedVoiceChange } from './recorded-changes'
import {
  retargetingWaitsSince,
  tellRetargetingWaits,
  tellVoiceSessionWorkflows,
  voiceSessionPerson,
} from './voice-sessions'

interface SessionCandidate extends OwnerCandidateRow {
  via: 'person' | 'session' | 'contact' | 'lead' | 'waiting'
  sessionId: string | null
  endedAt: Date | null
  email: string | null
  language: string | null
}

/**
 * The request's part of a claimed voice agent event (decision 0016). One statement reads who the session belongs to
 * — its owner, else the contact or lead with the address the session has or this change brings, in the order
 * `storeVoiceSession` resolves them — and the anonymous sessions of the visitor whose retargeting wait an
 * identification stops. Then the person's lead hears one event naming the WebhookEvent, and its workflow stores the
 * change (applyIngestedEvent). A session of nobody (no address yet), of a customer or of a closed lead is stored
 * here with the same function, followed by what the JSON endpoint tells the workflows.
 */
export async function signalVoiceSessionEvent(
  dependencies: IngestionDependencies,
  recorded: RecordedVoiceChange,
  { webhookEventId }: { webhookEventId: string },
): Promise<'settled'> {
  const { change, eventId } = recorded
  const rows = await dependencies.db.$queryRaw<SessionCandidate[]>`
    WITH s AS (SELECT id, "leadId", "contactId", email, language::text AS language, "endedAt", "visitorId"
                 FROM "VoiceSession" WHERE "externalSessionId" = ${change.externalSessionId}),
         p AS (SELECT COALESCE(${change.email ?? null}::text, (SELECT email FROM s), ${emailBroughtBy(change)}::text)
                        AS email,
                      COALESCE(${change.language ?? null}::text, (SELECT language FROM s), 'EN') AS language,
                      COALESCE((SELECT "visitorId" FROM s), ${change.visitorId ?? null}::text) AS visitor)
    SELECT 'person' AS via, NULL AS "sessionId", NULL AS "contactId", NULL AS "leadId", NULL AS status,
           NULL AS source, NULL AS "workflowId", NULL::timestamp AS "endedAt", p.email, p.language FROM p
    UNION ALL
    SELECT 'session', s.id, s."contactId", l.id, l.status::text, l.source::text, l."workflowId", s."endedAt", NULL, NULL
      FROM s LEFT JOIN "Lead" l ON l.id = s."leadId"
    UNION ALL
    (SELECT 'contact', NULL, c.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM "Contact" c, p
      WHERE lower(c.email) = lower(p.email) ORDER BY c."createdAt" LIMIT 1)
    UNION ALL
    SELECT 'lead', NULL, NULL, l.id, l.status::text, l.source::text, l."workflowId", NULL, NULL, NULL
      FROM "Lead" l, p WHERE l.email = p.email
    UNION ALL
    SELECT 'waiting', v.id, NULL, NULL, NULL, NULL, NULL, v."endedAt", NULL, NULL FROM "VoiceSession" v, p
     WHERE v."leadId" IS NULL AND v."contactId" IS NULL AND v."endedAt" >= ${retargetingWaitsSince()}
       AND (v."externalSessionId" = ${change.externalSessionId} OR v."visitorId" = p.visitor)`
  const person = rows.find((row) => row.via === 'person')!
  const session = rows.find((row) => row.via === 'session')
  const sessionOwner = ownerOfRow(session)
  const owner = sessionOwner ??
    ownerOfRow(rows.find((row) => row.via === 'contact')) ??
    ownerOfRow(rows.find((row) => row.via === 'lead')) ?? { kind: 'nobody' as const }
  // A session that ended before anybody was behind it ends for the lead it is identified as now.
  const ended = change.ended || (!sessionOwner && session?.endedAt != null)
  const waiting = sessionOwner ? [] : rows.filter((row) => row.via === 'waiting').map((row) => row.sessionId!)
  return signalOrApplyHere(dependencies, {
    owner,
    person: person.email ? voiceSessionPerson(person.email, person.language as Language, change) : null,
    event: {
      eventId,
      kind: ended ? 'voice.session.ended' : 'voice.session.updated',
      occurredAt: change.occurredAt.toISOString(),
      webhookEventId,
    },
    // Before the lead hears of it: a wait that missed its signal is told again by the redelivery of a failure.
    beforeSignal: (lead) => tellRetargetingWaits(dependencies, waiting, lead.id),
    applyHere: async () => {
      const applied = await applyRecordedEvent(dependencies.db, webhookEventId)
      if (applied?.voiceSession) await tellVoiceSessionWorkflows(dependencies, applied.voiceSession, change, eventId)
    },
  })
}
