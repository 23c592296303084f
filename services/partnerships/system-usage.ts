import { timingSafeEqual } from 'node:crypto'
import type { SystemUsageInput } from '../../domain/partnerships/partnership-work-input'
import { randomToken, sha256Hex } from '../../lib/tokens'
import { systemUsageSignal } from '../../workflows/partnership-messages'
import type { WebDependencies } from '../dependencies'
import { recordAudit } from '../auth/audit'
import { Problem } from '../problems/problem'
import { problemFrom } from '../problems/problem-from-error'
import { requireUpdateGrant } from '../workflows/entity-actions'
import { signalEntityWorkflow } from '../workflows/entity-workflow-client'
import { type PartnershipActionContext, visiblePartnership } from './partnership-actions'
import {
  endedPartnershipStatuses,
  partnershipWorkflowOf,
  partnershipWorkflowTargetSelect,
} from './partnership-workflow'

// How a delivered system's usage reaches the CRM (decision 0035): each system has its own bearer token, issued by a
// person who may change the partnership and shown once (only its SHA-256 is kept); the system (or the client's
// automation platform) posts `POST /api/systems/:id/usage` with it. Issuing again replaces the token: that is how a
// leaked one is revoked. The usage is written on the system's row, then the partnership's workflow is told.

const tokenPrefix = 'dsu_'

export async function issueSystemUsageToken(
  context: PartnershipActionContext,
  systemId: string,
): Promise<{ systemId: string; token: string; usageUrl: string }> {
  requireUpdateGrant(context.actor, 'partnerships', 'You may not change partnerships')
  const system = await context.db.deliveredSystem.findUnique({
    where: { id: systemId },
    select: { id: true, partnershipId: true },
  })
  if (!system) throw new Problem('not-found', `No delivered system with id ${systemId}`)
  await visiblePartnership(context, system.partnershipId)
  const token = `${tokenPrefix}${randomToken(32)}`
  await context.db.deliveredSystem.update({
    where: { id: systemId },
    data: { usageTokenHash: sha256Hex(token) },
    select: { id: true },
  })
  await recordAudit(context.db, {
    actor: context.actor,
    action: 'partnerships.system-usage-token',
    outcome: 'SUCCESS',
    entityType: 'partnerships',
    entityId: system.partnershipId,
    metadata: { systemId },
  })
  return { systemId, token, usageUrl: `/api/systems/${systemId}/usage` }
}

function bearerOf(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')
  return match?.[1]?.startsWith(tokenPrefix) ? match[1] : null
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}

/** A system reports use. 401 without its own valid token (never says whether the system exists). */
export async function recordSystemUsage(
  { db, temporal, config }: Pick<WebDependencies, 'db' | 'temporal' | 'config'>,
  systemId: string,
  authorization: string | undefined,
  input: SystemUsageInput,
  nowMs = Date.now(),
): Promise<{ systemId: string; lastUsedAt: string }> {
  const token = bearerOf(authorization)
  const system = token
    ? await db.deliveredSystem.findUnique({
        where: { id: systemId },
        select: {
          id: true,
          usageTokenHash: true,
          lastUsedAt: true,
          partnership: { select: partnershipWorkflowTargetSelect },
        },
      })
    : null
  if (!token || !system?.usageTokenHash || !sameHash(system.usageTokenHash, sha256Hex(token))) {
    throw new Problem('unauthenticated', 'Present this system’s usage token: Authorization: Bearer dsu_…')
  }
  // A report from the future is taken as now: the 7-day clock must not be pushed ahead by a wrong clock.
  const usedAtMs = Math.min(input.usedAt ? Date.parse(input.usedAt) : nowMs, nowMs)
  const lastUsedAtMs = Math.max(usedAtMs, system.lastUsedAt?.getTime() ?? 0)
  await db.deliveredSystem.update({
    where: { id: systemId },
    data: { lastUsedAt: new Date(lastUsedAtMs) },
    select: { id: true },
  })
  const partnership = system.partnership
  if (!(endedPartnershipStatuses as readonly string[]).includes(partnership.status)) {
    try {
      await signalEntityWorkflow(
        temporal,
        partnershipWorkflowOf(partnership),
        config.TEMPORAL_TASK_QUEUE,
        systemUsageSignal,
        { systemId, deployedAt: null, usedAt: new Date(usedAtMs).toISOString() },
      )
    } catch (error) {
      // The row has the use: the workflow reads it when it starts again; the system may retry.
      throw problemFrom(error)
    }
  }
  return { systemId, lastUsedAt: new Date(lastUsedAtMs).toISOString() }
}
