import type { IncomingHttpHeaders } from 'node:http'
import type { Database, Prisma } from '../../lib/db'
import type { AuditOutcome } from '../../prisma/generated/enums'
import { actorLabel, type Actor } from './actor'

export interface AuditEntry {
  actor: Actor | undefined
  action: string
  outcome?: AuditOutcome
  entityType?: string
  entityId?: string
  /** Never passwords, keys, tokens or message bodies: identifiers and reasons only. */
  metadata?: Prisma.InputJsonValue
  client?: { ipAddress?: string; userAgent?: string }
}

/** Appends one row to the audit log (the table refuses updates and deletes). */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  const { actorType, actorId } = actorLabel(entry.actor)
  await db.auditLog.create({
    data: {
      actorType,
      actorId,
      action: entry.action,
      outcome: entry.outcome ?? 'SUCCESS',
      entityType: entry.entityType,
      entityId: entry.entityId,
      metadata: entry.metadata,
      ipAddress: entry.client?.ipAddress,
      userAgent: entry.client?.userAgent?.slice(0, 500),
    },
    select: { id: true },
  })
}

export function clientOf(request: { ip?: string; headers: IncomingHttpHeaders }): {
  ipAddress?: string
  userAgent?: string
} {
  return { ipAddress: request.ip, userAgent: request.headers['user-agent'] }
}
