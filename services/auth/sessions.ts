import type { AppConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { randomToken, sha256Hex } from '../../lib/tokens'
import type { Actor } from './actor'

export const sessionCookieName = 'crm_session'
// Writing lastSeenAt on every request would turn reads into writes; a minute of slack is harmless.
const touchIntervalMs = 60_000

export type SessionPolicy = Pick<AppConfig, 'SESSION_IDLE_TIMEOUT_MINUTES' | 'SESSION_ABSOLUTE_TIMEOUT_HOURS'>

export async function startSession(
  db: Database,
  userId: string,
  client: { ipAddress?: string; userAgent?: string },
  policy: SessionPolicy,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date; sessionId: string }> {
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + policy.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3_600_000)
  const session = await db.session.create({
    data: {
      tokenHash: sha256Hex(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ipAddress: client.ipAddress,
      userAgent: client.userAgent?.slice(0, 500),
    },
    select: { id: true },
  })
  return { token, expiresAt, sessionId: session.id }
}

/**
 * The signed-in user behind a session token, read fresh on every request: a deactivated user or a changed
 * role takes effect on the very next request. Expired (idle or absolute) sessions are revoked.
 */
export async function resolveSession(
  db: Database,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<Extract<Actor, { kind: 'user' }> | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, active: true } },
    },
  })
  if (!session || session.revokedAt) return null
  const idleDeadline = session.lastSeenAt.getTime() + policy.SESSION_IDLE_TIMEOUT_MINUTES * 60_000
  if (session.expiresAt <= now || idleDeadline <= now.getTime() || !session.user.active) {
    await db.session.update({ where: { id: session.id }, data: { revokedAt: now }, select: { id: true } })
    return null
  }
  if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now }, select: { id: true } })
  }
  return {
    kind: 'user',
    userId: session.user.id,
    email: session.user.email,
    name: session.user.name,
    role: session.user.role,
    sessionId: session.id,
  }
}

export async function endSession(db: Database, token: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { tokenHash: sha256Hex(token), revokedAt: null }, data: { revokedAt: now } })
}

/** Sessions of a user end when an Admin deactivates them or changes their password. */
export async function endSessionsOfUser(db: Database, userId: string, now = new Date()): Promise<void> {
  await db.session.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } })
}

export function usesSecureCookies(config: Pick<AppConfig, 'NODE_ENV' | 'APP_BASE_URL'>): boolean {
  return config.NODE_ENV === 'production' || config.APP_BASE_URL.startsWith('https:')
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${sessionCookieName}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

export function clearedSessionCookie(secure: boolean): string {
  return [
    `${sessionCookieName}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}
