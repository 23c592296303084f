import { mayChangePartnership } from '../../domain/partnerships/partnership-changes'
import type { Database } from '../../lib/db'
import { randomToken, sha256Hex } from '../../lib/tokens'
import type { Actor } from '../auth/actor'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'
import { requireUpdateGrant, workflowActorOf } from '../workflows/entity-actions'

// The client portal's links (§15 phase 5, decision 0036): a random token is the client's only credential, so only
// its SHA-256 is stored; the link is shown once to whoever made it. Made and revoked by the partnership's Customer
// Success owner or a manager (the rule of the partnership's own changes), each audited.

export interface PortalLinkContext {
  db: Database
  actor: Actor
}

/** The path a client opens; the app's origin is put in front of it by the page. */
export const portalPath = (token: string) => `/portal/${token}`

async function steerablePartnership(context: PortalLinkContext, partnershipId: string) {
  requireUpdateGrant(context.actor, 'partnerships', 'You may not share partnerships')
  const partnership = await context.db.partnership.findUnique({
    where: { id: partnershipId },
    select: { id: true, ownerId: true },
  })
  if (!partnership) throw new Problem('not-found', `No partnership with id ${partnershipId}`)
  if (!mayChangePartnership(workflowActorOf(context.actor), partnership)) {
    throw new Problem('forbidden', 'Only the partnership’s Customer Success owner or a manager may share it')
  }
  return partnership
}

const createdById = (actor: Actor) => (actor.kind === 'user' ? actor.userId : null)

export async function createPortalLink(context: PortalLinkContext, partnershipId: string) {
  await steerablePartnership(context, partnershipId)
  const token = randomToken()
  const link = await context.db.partnershipPortalLink.create({
    data: { partnershipId, tokenHash: sha256Hex(token), createdById: createdById(context.actor) },
    select: { id: true },
  })
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'partnerships.portal-link.create',
    entityType: 'partnerships',
    entityId: partnershipId,
    metadata: { linkId: link.id },
  })
  return { id: link.id, token, path: portalPath(token) }
}

export async function revokePortalLink(context: PortalLinkContext, partnershipId: string, linkId: string) {
  await steerablePartnership(context, partnershipId)
  // Revoking twice keeps the first instant; a link of another partnership is not found here.
  const revoked = await context.db.partnershipPortalLink.updateMany({
    where: { id: linkId, partnershipId, revokedAt: null },
    data: { revokedAt: new Date(), revokedById: createdById(context.actor) },
  })
  if (revoked.count === 0) {
    const exists = await context.db.partnershipPortalLink.count({ where: { id: linkId, partnershipId } })
    if (exists === 0) throw new Problem('not-found', `No portal link with id ${linkId}`)
    return
  }
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'partnerships.portal-link.revoke',
    entityType: 'partnerships',
    entityId: partnershipId,
    metadata: { linkId },
  })
}

export type PortalLinkLookup =
  { state: 'valid'; partnershipId: string; linkId: string } | { state: 'revoked' } | { state: 'unknown' }

/** What a token opens: a live link, a revoked one (410), or nothing (404: never made, or altered). */
export async function resolvePortalToken(db: Database, token: string): Promise<PortalLinkLookup> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { state: 'unknown' }
  const link = await db.partnershipPortalLink.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: { id: true, partnershipId: true, revokedAt: true },
  })
  if (!link) return { state: 'unknown' }
  if (link.revokedAt) return { state: 'revoked' }
  await db.partnershipPortalLink.update({ where: { id: link.id }, data: { lastViewedAt: new Date() } })
  return { state: 'valid', partnershipId: link.partnershipId, linkId: link.id }
}
