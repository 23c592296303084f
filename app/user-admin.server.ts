import type { Actor } from '../services/auth/actor'
import { recordAudit } from '../services/auth/audit'
import { endSessionsOfUser } from '../services/auth/sessions'
import type { RecordAction } from '../domain/access/permission-matrix'
import { roles } from '../domain/access/permission-matrix'
import type { Database } from '../lib/db'
import { hashPassword } from '../lib/passwords'
import type { UserRole } from '../prisma/generated/enums'
import type { SignedInUser } from './auth.server'
import { roleLabels } from './components/roles'

/** What each form on the users page does, in the terms of the §14.2 "Users" row. Deactivation is our delete. */
export const userIntents = {
  create: 'create',
  'change-role': 'update',
  deactivate: 'delete',
  reactivate: 'update',
  'reset-password': 'update',
} as const satisfies Record<string, RecordAction>
export type UserIntent = keyof typeof userIntents

export function isUserIntent(value: unknown): value is UserIntent {
  return typeof value === 'string' && Object.hasOwn(userIntents, value)
}

export type AdminOutcome = { ok: string } | { error: string; status: 400 | 404 | 409 }

interface Change {
  db: Database
  admin: SignedInUser
  client: { ipAddress?: string; userAgent?: string }
}

const minimumPasswordLength = 12

export async function applyUserIntent(change: Change, intent: UserIntent, form: FormData): Promise<AdminOutcome> {
  if (intent === 'create') return createUser(change, form)
  const target = await change.db.user.findUnique({
    where: { id: String(form.get('userId') ?? '') },
    select: { id: true, email: true, name: true, role: true, active: true },
  })
  if (!target) return { error: 'That user does not exist.', status: 404 }
  switch (intent) {
    case 'change-role':
      return changeRole(change, target, form.get('role'))
    case 'deactivate':
      return deactivate(change, target)
    case 'reactivate':
      return reactivate(change, target)
    case 'reset-password':
      return resetPassword(change, target, String(form.get('password') ?? ''))
  }
}

type Target = { id: string; email: string; name: string; role: UserRole; active: boolean }

async function createUser({ db, admin, client }: Change, form: FormData): Promise<AdminOutcome> {
  const name = String(form.get('name') ?? '').trim()
  const email = String(form.get('email') ?? '')
    .trim()
    .toLowerCase()
  const role = form.get('role')
  const password = String(form.get('password') ?? '')
  if (!name) return { error: 'Enter a name.', status: 400 }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { error: 'Enter a valid email address.', status: 400 }
  if (!isRole(role)) return { error: 'Choose a role.', status: 400 }
  if (password.length < minimumPasswordLength) {
    return { error: `The initial password must be at least ${minimumPasswordLength} characters.`, status: 400 }
  }
  const existing = await db.user.findFirst({
    where: { email: { equals: email, mode: 'insensitive' } },
    select: { id: true },
  })
  if (existing) return { error: `A user with the email ${email} already exists.`, status: 409 }
  const created = await db.user.create({
    data: { name, email, role, passwordHash: await hashPassword(password) },
    select: { id: true },
  })
  await audit({ db, admin, client }, 'users.create', created.id, { email, role })
  return { ok: `${name} can now sign in as ${email}.` }
}

async function changeRole(change: Change, target: Target, role: FormDataEntryValue | null): Promise<AdminOutcome> {
  if (!isRole(role)) return { error: 'Choose a role.', status: 400 }
  if (target.id === change.admin.userId) {
    return { error: 'You cannot change your own role; ask another Admin.', status: 409 }
  }
  if (role === target.role) return { ok: `${target.name} already is ${roleLabels[role]}.` }
  const refused = await withAdminsLocked(change.db, target, role === 'ADMIN', (tx) =>
    tx.user.update({ where: { id: target.id }, data: { role }, select: { id: true } }),
  )
  if (refused) return refused
  await audit(change, 'users.change-role', target.id, { from: target.role, to: role })
  return { ok: `${target.name} is now ${roleLabels[role]}; it applies from their next request.` }
}

async function deactivate(change: Change, target: Target): Promise<AdminOutcome> {
  if (target.id === change.admin.userId)
    return { error: 'You cannot deactivate yourself; ask another Admin.', status: 409 }
  if (!target.active) return { ok: `${target.name} is already deactivated.` }
  const refused = await withAdminsLocked(change.db, target, false, (tx) =>
    tx.user.update({
      where: { id: target.id },
      data: { active: false, deactivatedAt: new Date() },
      select: { id: true },
    }),
  )
  if (refused) return refused
  await endSessionsOfUser(change.db, target.id)
  await audit(change, 'users.deactivate', target.id, { email: target.email })
  return { ok: `${target.name} is deactivated and signed out everywhere.` }
}

async function reactivate(change: Change, target: Target): Promise<AdminOutcome> {
  if (target.active) return { ok: `${target.name} is already active.` }
  await change.db.user.update({
    where: { id: target.id },
    data: { active: true, deactivatedAt: null },
    select: { id: true },
  })
  await audit(change, 'users.reactivate', target.id, { email: target.email })
  return { ok: `${target.name} can sign in again.` }
}

async function resetPassword(change: Change, target: Target, password: string): Promise<AdminOutcome> {
  if (password.length < minimumPasswordLength) {
    return { error: `The new password must be at least ${minimumPasswordLength} characters.`, status: 400 }
  }
  await change.db.user.update({
    where: { id: target.id },
    data: { passwordHash: await hashPassword(password) },
    select: { id: true },
  })
  await endSessionsOfUser(change.db, target.id)
  await audit(change, 'users.change-password', target.id, { email: target.email })
  return { ok: `${target.name}'s password is reset and their sessions have ended.` }
}

type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0]

/**
 * Runs a change that may take a user out of the active Admins, refusing it when they are the last one. The
 * active Admin rows stay locked until the change commits, so two Admins removing each other at the same
 * moment cannot both succeed.
 */
async function withAdminsLocked(
  db: Database,
  target: Target,
  staysAdmin: boolean,
  work: (tx: Transaction) => Promise<unknown>,
): Promise<AdminOutcome | null> {
  return db.$transaction(async (tx) => {
    if (target.role === 'ADMIN' && target.active && !staysAdmin) {
      const admins = await tx.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "User" WHERE role = 'ADMIN' AND active FOR UPDATE`
      if (admins.every((admin) => admin.id === target.id)) {
        return {
          error: `${target.name} is the last active Admin; make someone else an Admin first.`,
          status: 409 as const,
        }
      }
    }
    await work(tx)
    return null
  })
}

function audit({ db, admin, client }: Change, action: string, userId: string, metadata: Record<string, string>) {
  const actor: Actor = admin
  return recordAudit(db, { actor, action, entityType: 'users', entityId: userId, metadata, client })
}

function isRole(value: unknown): value is UserRole {
  return typeof value === 'string' && (roles as string[]).includes(value)
}
