import { randomUUID } from 'node:crypto'
import { issueApiKey } from '../../services/auth/api-keys'
import { sessionCookieName, startSession, type SessionPolicy } from '../../services/auth/sessions'
import type { Database } from '../../lib/db'
import { hashPassword } from '../../lib/passwords'
import type { UserRole } from '../../prisma/generated/enums'

export const defaultSessionPolicy: SessionPolicy = {
  SESSION_IDLE_TIMEOUT_MINUTES: 60,
  SESSION_ABSOLUTE_TIMEOUT_HOURS: 12,
}

export interface TestUser {
  id: string
  email: string
  name: string
  role: UserRole
}

export interface SignedInUser extends TestUser {
  /** `crm_session=<token>`, for a `Cookie` header. */
  cookie: string
  headers: Record<string, string>
}

/**
 * A user straight in the database. Without `password` the user cannot sign in through the form (hashing is
 * slow, and most tests only need a session).
 */
export async function createUser(
  db: Database,
  {
    role,
    email,
    name,
    password,
    active = true,
  }: { role: UserRole; email?: string; name?: string; password?: string; active?: boolean },
): Promise<TestUser> {
  const label = role.toLowerCase().replaceAll('_', '-')
  return db.user.create({
    data: {
      email: email ?? `${label}-${randomUUID()}@crm.example`,
      name: name ?? `Test ${label}`,
      role,
      active,
      passwordHash: password === undefined ? null : await hashPassword(password),
    },
    select: { id: true, email: true, name: true, role: true },
  })
}

/** A session for an existing user, as sign-in would start it. */
export async function sessionCookieFor(db: Database, userId: string, policy: SessionPolicy = defaultSessionPolicy) {
  const { token } = await startSession(db, userId, { userAgent: 'vitest' }, policy)
  return `${sessionCookieName}=${token}`
}

/** A user of `role` with a live session: `headers` go straight into fetch. */
export async function signedInUser(
  db: Database,
  role: UserRole,
  options: { email?: string; name?: string; policy?: SessionPolicy } = {},
): Promise<SignedInUser> {
  const user = await createUser(db, { role, email: options.email, name: options.name })
  const cookie = await sessionCookieFor(db, user.id, options.policy)
  return { ...user, cookie, headers: { cookie } }
}

/** One signed-in person of every role, and a second Sales Rep: who the access tests act as. */
export async function signedInTeam(db: Database) {
  return {
    admin: await signedInUser(db, 'ADMIN', { name: 'Ada Admin' }),
    manager: await signedInUser(db, 'SALES_MANAGER', { name: 'Morgan Manager' }),
    rep: await signedInUser(db, 'SALES_REP', { name: 'Riley Rep' }),
    otherRep: await signedInUser(db, 'SALES_REP', { name: 'Oscar Otherrep' }),
    success: await signedInUser(db, 'CUSTOMER_SUCCESS'),
    viewer: await signedInUser(db, 'VIEWER'),
  }
}

export type SignedInTeam = Awaited<ReturnType<typeof signedInTeam>>

/** An API key with these scopes (`<resource>:<action>`), and the header that presents it. */
export async function apiKeyWith(db: Database, scopes: string[], name = `test key ${randomUUID()}`) {
  const issued = await issueApiKey(db, { name, scopes })
  return { ...issued, headers: { authorization: `Bearer ${issued.key}` } }
}
