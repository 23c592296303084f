import type { Database, Prisma } from '../lib/db'
import { leadListOrderBy, leadListWhere, type LeadListQuery } from '../domain/leads/lead-list-query'
import { leadListSelect } from '../services/leads/lead-representation'

/**
 * Who is looking: their id (for owner=me), the `where` their grant narrows leads to (app/auth.server.ts) and their
 * time zone (the created days are their calendar days).
 */
export interface LeadListViewer {
  userId: string
  scope: Record<string, unknown>
  timeZone: string
}

/**
 * One page of the leads list and how many leads match in all. Used by the page and by the benchmark
 * (bench/leads-list.bench.ts), so what is measured is what is served. The count runs first: when nothing (or
 * nothing on this page) matches, the page query is skipped, because PostgreSQL would otherwise walk the whole
 * sort index looking for rows that do not exist (217 ms at 100,000 leads, see bench/results/leads-list.md).
 * OFFSET paging is bounded by `maxLeadListOffset`; the exact count stays cheap enough at 100,000 leads.
 */
export async function listLeads(db: Database, query: LeadListQuery, viewer: LeadListViewer) {
  const where = {
    AND: [viewer.scope, leadListWhere(query.filters, viewer.userId, viewer.timeZone)],
  } as Prisma.LeadWhereInput
  const skip = (query.page - 1) * query.perPage
  const total = await db.lead.count({ where })
  if (total <= skip) return { rows: [], total }
  const rows = await db.lead.findMany({
    where,
    select: leadListSelect,
    orderBy: leadListOrderBy(query.sort) as Prisma.LeadOrderByWithRelationInput[],
    skip,
    take: query.perPage,
  })
  return { rows, total }
}

/** People a lead can be assigned to, for the owner filter (only offered to those who see every lead). */
export function leadOwnerOptions(db: Database) {
  return db.user.findMany({
    where: { role: { in: ['SALES_REP', 'SALES_MANAGER', 'ADMIN'] } },
    select: { id: true, name: true, active: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: 200,
  })
}
