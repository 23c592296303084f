import type { AppLoadContext } from '@remix-run/node'
import { recordAudit } from '../services/auth/audit'
import {
  clearedSessionCookie,
  endSession,
  readCookie,
  sessionCookie,
  sessionCookieName,
  startSession,
  usesSecureCookies,
} from '../services/auth/sessions'
import { unusablePasswordHash, verifyPassword } from '../lib/passwords'
import { clientOf } from './auth.server'
import {
  retryAfterSeconds,
  signInLimits,
  signInLockedUntil,
  signInWindowMs,
  waitInWords,
} from '../domain/access/sign-in-limits'
import type { Prisma } from '../lib/db'

const genericFailure = 'Email or password is incorrect.'

export type SignInOutcome =
  | { ok: true; cookie: string }
  | { ok: false; status: 400 | 401; message: string }
  | { ok: false; status: 429; message: string; retryAfterSeconds: number }

/**
 * Checks an email and password and starts a fresh session. Every outcome is audited; failures say nothing
 * about whether the account exists or is deactivated.
 */
export async function signIn(
  args: { request: Request; context: AppLoadContext },
  credentials: { email: string; password: string },
): Promise<SignInOutcome> {
  const { db, config } = args.context
  const email = credentials.email.trim().toLowerCase()
  if (!email || !credentials.password) return { ok: false, status: 400, message: 'Enter your email and password.' }
  const client = clientOf(args)

  const now = new Date()
  const limits = signInLimits(config.SIGN_IN_ATTEMPTS_PER_15_MINUTES)
  const failuresSince = async (where: Prisma.AuditLogWhereInput, limit: number) =>
    (
      await db.auditLog.findMany({
        where: {
          action: 'auth.sign-in',
          outcome: 'FAILURE',
          createdAt: { gte: new Date(now.getTime() - signInWindowMs) },
          ...where,
        },
        select: { createdAt: true },
        orderBy: { createdAt: 'desc' },
        take: limit,
      })
    ).map((row) => row.createdAt)
  const byEmail = { metadata: { path: ['email'], equals: email } }
  const [pair, address] = await Promise.all([
    failuresSince(
      client.ipAddress ? { AND: [byEmail, { ipAddress: client.ipAddress }] } : byEmail,
      limits.perEmailAndAddress,
    ),
    client.ipAddress ? failuresSince({ ipAddress: client.ipAddress }, limits.perAddress) : Promise.resolve([]),
  ])
  const lockedUntil = signInLockedUntil({ pair, address }, limits, now)
  if (lockedUntil) {
    await recordAudit(db, {
      actor: undefined,
      action: 'auth.sign-in',
      outcome: 'DENIED',
      metadata: { email, reason: 'rate-limited' },
      client,
    })
    return {
      ok: false,
      status: 429,
      message: `Too many failed sign-in attempts. ${waitInWords(lockedUntil, now)}`,
      retryAfterSeconds: retryAfterSeconds(lockedUntil, now),
    }
  }

  const user = await db.user.findFirst({
    where: { email: { equals: email, mode: 'insensitive' } },
    select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true },
  })
  // Compared even without a user, so the answer takes as long whether or not the account exists.
  const passwordMatches = await verifyPassword(credentials.password, user?.passwordHash ?? unusablePasswordHash)
  if (!user || !user.passwordHash || !passwordMatches || !user.active) {
    const reason = !user ? 'unknown-email' : !user.active ? 'deactivated' : 'wrong-password'
    await recordAudit(db, {
      actor: undefined,
      action: 'auth.sign-in',
      outcome: 'FAILURE',
      entityType: user ? 'users' : undefined,
      entityId: user?.id,
      metadata: { email, reason },
      client,
    })
    return { ok: false, status: 401, message: genericFailure }
  }

  // A session cookie presented at sign-in belongs to whoever used this browser before: it ends here.
  const presented = readCookie(args.request.headers.get('cookie') ?? undefined, sessionCookieName)
  if (presented) await endSession(db, presented)
  const session = await startSession(db, user.id, client, config)
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } })
  await recordAudit(db, {
    actor: {
      kind: 'user',
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionId: session.sessionId,
    },
    action: 'auth.sign-in',
    entityType: 'users',
    entityId: user.id,
    client,
  })
  return { ok: true, cookie: sessionCookie(session.token, session.expiresAt, usesSecureCookies(config)) }
}

/** Ends the presented session (audited when someone was signed in) and returns the cookie that clears it. */
export async function signOut(args: { request: Request; context: AppLoadContext }): Promise<string> {
  const { db, config, actor } = args.context
  const token = readCookie(args.request.headers.get('cookie') ?? undefined, sessionCookieName)
  if (token) await endSession(db, token)
  if (actor?.kind === 'user') {
    await recordAudit(db, {
      actor,
      action: 'auth.sign-out',
      entityType: 'users',
      entityId: actor.userId,
      client: clientOf(args),
    })
  }
  return clearedSessionCookie(usesSecureCookies(config))
}
