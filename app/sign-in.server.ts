import type { AppLoadContext } from '@remix-run/node'
import { recordAudit } from '../api/auth/audit'
import {
  clearedSessionCookie,
  endSession,
  readCookie,
  sessionCookie,
  sessionCookieName,
  startSession,
  usesSecureCookies,
} from '../api/auth/sessions'
import { unusablePasswordHash, verifyPassword } from '../lib/passwords'
import { clientOf } from './auth.server'

const rateWindowMs = 15 * 60_000
const genericFailure = 'Email or password is incorrect.'

export type SignInOutcome = { ok: true; cookie: string } | { ok: false; status: 400 | 401 | 429; message: string }

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

  const recentFailures = await db.auditLog.count({
    where: {
      action: 'auth.sign-in',
      outcome: 'FAILURE',
      createdAt: { gte: new Date(Date.now() - rateWindowMs) },
      OR: [
        { metadata: { path: ['email'], equals: email } },
        ...(client.ipAddress ? [{ ipAddress: client.ipAddress }] : []),
      ],
    },
  })
  if (recentFailures >= config.SIGN_IN_ATTEMPTS_PER_15_MINUTES) {
    await recordAudit(db, {
      actor: undefined,
      action: 'auth.sign-in',
      outcome: 'DENIED',
      metadata: { email, reason: 'rate-limited' },
      client,
    })
    return { ok: false, status: 429, message: 'Too many failed sign-in attempts. Wait 15 minutes, then try again.' }
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
