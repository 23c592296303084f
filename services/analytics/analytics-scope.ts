import { analyticsGrant } from '../../domain/access/permission-matrix'
import { Prisma } from '../../lib/db'
import type { UserRole } from '../../prisma/generated/enums'

// Whose records the numbers count (decision 0037). §14.2 gives Sales Reps "Limited" analytics over what they may
// read: their own leads (assigned), their own deals (owned), the partnerships those deals became, and the voice
// sessions of their leads. Everyone else's dashboards count every record; Full adds team metrics and CSV.

export interface AnalyticsScope {
  /** Set for a Sales Rep: the numbers count only this user's records. */
  ownerId: string | null
  /** Full analytics: per-rep team metrics and CSV export. */
  full: boolean
}

export function analyticsScopeOf(user: { userId: string; role: UserRole }): AnalyticsScope {
  const grant = analyticsGrant(user.role, 'view-dashboard')
  return {
    ownerId: grant === 'own' ? user.userId : null,
    full: analyticsGrant(user.role, 'export') === 'all' && analyticsGrant(user.role, 'view-team-metrics') === 'all',
  }
}

export const everything: AnalyticsScope = { ownerId: null, full: true }

/** Leads aliased `l`. */
export function leadScope(scope: AnalyticsScope): Prisma.Sql {
  return scope.ownerId === null ? Prisma.sql`TRUE` : Prisma.sql`l."assignedToId" = ${scope.ownerId}`
}

/** Deals aliased `o`. */
export function dealScope(scope: AnalyticsScope): Prisma.Sql {
  return scope.ownerId === null ? Prisma.sql`TRUE` : Prisma.sql`o."ownerId" = ${scope.ownerId}`
}

/** Partnerships aliased `p`: a rep's are the ones their won deals became. */
export function partnershipScope(scope: AnalyticsScope): Prisma.Sql {
  return scope.ownerId === null
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM "Opportunity" po WHERE po.id = p."opportunityId" AND po."ownerId" = ${scope.ownerId})`
}

/** Voice sessions aliased `v`: a rep's are the sessions of their leads. */
export function voiceScope(scope: AnalyticsScope): Prisma.Sql {
  return scope.ownerId === null
    ? Prisma.sql`TRUE`
    : Prisma.sql`EXISTS (SELECT 1 FROM "Lead" l WHERE l.id = v."leadId" AND l."assignedToId" = ${scope.ownerId})`
}

/** An instant for a `timestamp(3)` column (Prisma stores UTC without a zone): use as `${at(ms)}::timestamp`. */
export const at = (ms: number) => new Date(ms).toISOString()
