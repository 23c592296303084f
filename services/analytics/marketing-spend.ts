// The marketing spend per lead source and month (decision 0040): the month's sheet as an Admin or Sales Manager
// edits it, the change (validated, audited), and the spend a period's cost per lead is computed from.
import { settingsGrant } from '../../domain/access/permission-matrix'
import { costPerLeadBySource, monthsTouched, type CostPerLeadRow } from '../../domain/analytics/cost-per-lead'
import { leadSources, parseMarketingSpendSheet } from '../../domain/analytics/marketing-spend-input'
import type { Database } from '../../lib/db'
import type { LeadSource } from '../../prisma/generated/enums'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'
import type { AnalyticsScope } from './analytics-scope'

export const enterMarketingSpend = { resource: 'settings', action: 'enter-marketing-spend' } as const

export interface MarketingSpendContext {
  db: Database
  actor: Actor
  client?: { ipAddress?: string; userAgent?: string }
}

/** Admin and Sales Manager (settings Full and Limited); people only, no API key scope covers settings. */
export function mayEnterMarketingSpend(actor: Actor | undefined): boolean {
  return actor?.kind === 'user' && settingsGrant(actor.role, 'enter-marketing-spend') !== 'none'
}

export interface SpendSheetRow {
  source: LeadSource
  amountCents: number | null
  enteredBy: string | null
  enteredAt: Date | null
}

/** Every lead source with what was entered for the month (null: nothing yet). */
export async function marketingSpendSheet(db: Database, month: string): Promise<SpendSheetRow[]> {
  const rows = await db.marketingSpend.findMany({
    where: { month },
    select: { source: true, amountCents: true, enteredById: true, updatedAt: true },
  })
  const userIds = [...new Set(rows.flatMap((row) => (row.enteredById ? [row.enteredById] : [])))]
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
  return leadSources.map((source) => {
    const row = rows.find((entry) => entry.source === source)
    return {
      source,
      amountCents: row?.amountCents ?? null,
      enteredBy: users.find((user) => user.id === row?.enteredById)?.name ?? null,
      enteredAt: row?.updatedAt ?? null,
    }
  })
}

export interface SpendChange {
  source: LeadSource
  fromCents: number | null
  toCents: number | null
}

/**
 * Sets a month's spend source by source (`{ month, amounts: { PAID_ADS: 300000, REFERRAL: null } }`): a number is
 * the spend in cents, null removes the entry. Refused (403, audited) for a role that may not enter spend; bad input
 * is a 400 naming each field and changes nothing. One audit row names every source that changed.
 */
export async function saveMarketingSpend(context: MarketingSpendContext, input: unknown): Promise<SpendChange[]> {
  const { db, actor, client } = context
  if (!mayEnterMarketingSpend(actor)) {
    await recordAudit(db, {
      actor,
      action: 'settings.enter-marketing-spend',
      outcome: 'DENIED',
      entityType: 'marketing-spend',
      client,
    })
    throw new Problem('forbidden', 'Only an Admin or a Sales Manager may enter the marketing spend.')
  }
  const parsed = parseMarketingSpendSheet(input)
  if (!parsed.ok) throw new Problem('invalid-input', 'The marketing spend is not valid', { fields: parsed.fields })
  const { month, amounts } = parsed.sheet
  const enteredById = actor.kind === 'user' ? actor.userId : null
  const changes = await db.$transaction(async (tx) => {
    const before = await tx.marketingSpend.findMany({ where: { month }, select: { source: true, amountCents: true } })
    const changed: SpendChange[] = []
    for (const [source, toCents] of Object.entries(amounts) as [LeadSource, number | null][]) {
      const fromCents = before.find((row) => row.source === source)?.amountCents ?? null
      if (fromCents === toCents) continue
      if (toCents === null) {
        await tx.marketingSpend.deleteMany({ where: { source, month } })
      } else {
        await tx.marketingSpend.upsert({
          where: { source_month: { source, month } },
          create: { source, month, amountCents: toCents, enteredById },
          update: { amountCents: toCents, enteredById },
          select: { id: true },
        })
      }
      changed.push({ source, fromCents, toCents })
    }
    return changed
  })
  if (changes.length > 0) {
    await recordAudit(db, {
      actor,
      action: 'marketing-spend.update',
      entityType: 'marketing-spend',
      entityId: month,
      metadata: { changes: changes.map((change) => ({ ...change })) },
      client,
    })
  }
  return changes
}

/**
 * Cost per lead by source for the range, from the leads counted by source in it. The agency's spend buys the
 * agency's leads, so a Sales Rep's own numbers (a share of the leads) have none: null.
 */
export async function costPerLead(
  db: Database,
  scope: AnalyticsScope,
  range: { fromMs: number; toMs: number },
  leadsBySource: { source: string; leads: number }[],
  timeZone: string,
): Promise<CostPerLeadRow[] | null> {
  if (scope.ownerId !== null) return null
  const spends = await db.marketingSpend.findMany({
    where: { month: { in: monthsTouched(range, timeZone) } },
    select: { source: true, month: true, amountCents: true },
  })
  return costPerLeadBySource(spends, leadsBySource, range, timeZone)
}
