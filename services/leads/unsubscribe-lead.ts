// Unsubscribing a lead from every email, shared by the RFC 8058 one-click endpoint and the page a person opens.
import type { Client } from '@temporalio/client'
import { Prisma, type Database } from '../../lib/db'
import { logger } from '../../lib/logger'
import { verifyUnsubscribeToken } from '../../lib/unsubscribe'
import type { Language } from '../../prisma/generated/enums'
import { leadEventSignal } from '../../workflows/lead-messages'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import { leadWorkflowOf } from './lead-workflow'

export interface UnsubscribeDependencies {
  db: Database
  temporal: Client
  taskQueue: string
  unsubscribeSecret: string
}

/** How the person unsubscribed, kept as the preference's reason and shown on the timeline. */
export type UnsubscribeChannel = 'one-click' | 'unsubscribe-page'

export interface UnsubscribeTarget {
  leadId: string
  language: Language
  unsubscribedAt: Date | null
}

export interface UnsubscribeResult {
  leadId: string
  language: Language
  unsubscribedAt: Date
  /** False when this request did it; true when an earlier one had (and nothing changed now). */
  alreadyUnsubscribed: boolean
}

const channelWords: Record<UnsubscribeChannel, string> = {
  'one-click': 'one-click unsubscribe from their mail app (List-Unsubscribe)',
  'unsubscribe-page': 'the unsubscribe link in an email',
}

/** The lead a token names and whether it has unsubscribed already; null for a bad token or a lead that is gone. */
export async function findUnsubscribeTarget(
  db: Database,
  token: string,
  secret: string,
): Promise<UnsubscribeTarget | null> {
  const verified = verifyUnsubscribeToken(token, secret)
  if (!verified) return null
  const lead = await db.lead.findUnique({
    where: { id: verified.leadId },
    select: { id: true, preferredLanguage: true, communicationPreference: { select: { unsubscribedAt: true } } },
  })
  if (!lead) return null
  return {
    leadId: lead.id,
    language: lead.preferredLanguage,
    unsubscribedAt: lead.communicationPreference?.unsubscribedAt ?? null,
  }
}

/**
 * Records the unsubscribe once (the first click wins; later ones change nothing), writes it on the lead's
 * timeline, and tells the lead's workflow so its sequences stop. Null when the token is not ours.
 */
export async function unsubscribeLead(
  dependencies: UnsubscribeDependencies,
  token: string,
  channel: UnsubscribeChannel,
  now: Date = new Date(),
): Promise<UnsubscribeResult | null> {
  const { db } = dependencies
  const verified = verifyUnsubscribeToken(token, dependencies.unsubscribeSecret)
  if (!verified) return null
  const lead = await db.lead.findUnique({
    where: { id: verified.leadId },
    select: { id: true, source: true, status: true, preferredLanguage: true },
  })
  if (!lead) return null

  const recorded = await recordUnsubscribe(db, lead.id, channel, now)
  // Signalled on every click: when the first signal was lost (Temporal unreachable), a second click delivers it,
  // and the workflow ignores an event id it has seen. The database already stops sending either way: the
  // sending activity checks unsubscribedAt before every email.
  try {
    await signalEntityWorkflow(dependencies.temporal, leadWorkflowOf(lead), dependencies.taskQueue, leadEventSignal, {
      eventId: `unsubscribe:${lead.id}`,
      kind: 'unsubscribed',
      occurredAt: recorded.unsubscribedAt.toISOString(),
    })
  } catch (error) {
    logger.warn('The lead workflow was not told about an unsubscribe; sending still stops', { leadId: lead.id, error })
  }
  return { leadId: lead.id, language: lead.preferredLanguage, ...recorded }
}

async function recordUnsubscribe(
  db: Database,
  leadId: string,
  channel: UnsubscribeChannel,
  now: Date,
): Promise<{ unsubscribedAt: Date; alreadyUnsubscribed: boolean }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        // The conditional update takes the row lock: of two simultaneous clicks, one sets it, the other sees it set.
        const updated = await tx.communicationPreference.updateMany({
          where: { leadId, unsubscribedAt: null },
          data: { unsubscribedAt: now, unsubscribeReason: channel },
        })
        if (updated.count === 0) {
          const existing = await tx.communicationPreference.findUnique({
            where: { leadId },
            select: { unsubscribedAt: true },
          })
          if (existing?.unsubscribedAt) return { unsubscribedAt: existing.unsubscribedAt, alreadyUnsubscribed: true }
          await tx.communicationPreference.create({
            data: { leadId, unsubscribedAt: now, unsubscribeReason: channel },
            select: { id: true },
          })
        }
        await tx.activity.create({
          data: {
            leadId,
            type: 'SYSTEM_EVENT',
            channel: 'EMAIL',
            direction: 'INBOUND',
            subject: 'Unsubscribed',
            description: `The person unsubscribed from all emails through ${channelWords[channel]}.`,
            completedAt: now,
          },
          select: { id: true },
        })
        return { unsubscribedAt: now, alreadyUnsubscribed: false }
      })
    } catch (error) {
      // Someone else created the preference row between our read and our insert: look again.
      const raced = error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
      if (!raced || attempt >= 3) throw error
    }
  }
}
