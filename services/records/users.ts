import { z } from 'zod'
import { userRoles } from '../../domain/records/record-vocabulary'
import type { Database, Prisma } from '../../lib/db'
import { hashPassword } from '../../lib/passwords'
import { recordAudit } from '../auth/audit'
import { endSessionsOfUser } from '../auth/sessions'
import { defineResource, type ResourceContext } from './definition'
import { ResourceProblem } from './field-errors'
import { apiEnum, iso, presentKeys, text } from './fields'
import { emailAddress } from '../../domain/email/address'

// Never the password hash.
const select = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  deactivatedAt: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.UserSelect

type UserRow = Prisma.UserGetPayload<{ select: typeof select }>

const password = z.string().min(12, 'must be at least 12 characters').max(200)

export const userCreateSchema = z
  .object({
    email: emailAddress,
    name: text(200),
    role: apiEnum(userRoles.apiNames),
    password,
  })
  .strict()

export const userUpdateSchema = z
  .object({
    name: text(200).optional(),
    role: apiEnum(userRoles.apiNames).optional(),
    active: z.boolean().optional(),
    password: password.optional(),
  })
  .strict()

type UserUpdate = z.infer<typeof userUpdateSchema>

function audit(context: ResourceContext, action: string, userId: string, metadata?: Prisma.InputJsonValue) {
  return recordAudit(context.db, {
    actor: context.actor,
    action: `users.${action}`,
    entityType: 'users',
    entityId: userId,
    metadata,
    client: context.client,
  })
}

/** The CRM must keep someone who can manage users: the last active Admin cannot be demoted, deactivated or deleted. */
async function keepAnAdmin(db: Database, userId: string, change: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, active: true } })
  if (user.role !== 'ADMIN' || !user.active) return
  const otherAdmins = await db.user.count({ where: { role: 'ADMIN', active: true, id: { not: userId } } })
  if (otherAdmins === 0) {
    throw new ResourceProblem(409, `The last active Admin cannot be ${change}`, [
      {
        field: change === 'demoted' ? 'role' : change === 'deactivated' ? 'active' : '(record)',
        message: 'would leave no active Admin',
      },
    ])
  }
}

async function updateUser(context: ResourceContext, id: string, input: UserUpdate): Promise<UserRow> {
  const { db } = context
  const before = await db.user.findUniqueOrThrow({ where: { id }, select })
  const newRole = input.role === undefined ? undefined : userRoles.byApiName[input.role]
  const roleChanges = newRole !== undefined && newRole !== before.role
  const deactivates = input.active === false && before.active
  const reactivates = input.active === true && !before.active
  if (roleChanges && newRole !== 'ADMIN') await keepAnAdmin(db, id, 'demoted')
  if (deactivates) await keepAnAdmin(db, id, 'deactivated')

  const user = await db.user.update({
    where: { id },
    data: {
      name: input.name,
      role: newRole,
      active: input.active,
      deactivatedAt: deactivates ? new Date() : reactivates ? null : undefined,
      passwordHash: input.password === undefined ? undefined : await hashPassword(input.password),
    },
    select,
  })
  // Ending the sessions here, not at the next request, is what makes the change immediate for every device.
  if (deactivates || input.password !== undefined) await endSessionsOfUser(db, id)

  const fields = presentKeys(input)
  if (fields.length > 0) await audit(context, 'update', id, { fields })
  if (roleChanges) {
    await audit(context, 'change-role', id, {
      from: userRoles.apiNameOf[before.role],
      to: userRoles.apiNameOf[user.role],
    })
  }
  if (deactivates) await audit(context, 'deactivate', id)
  if (reactivates) await audit(context, 'reactivate', id)
  if (input.password !== undefined) await audit(context, 'change-password', id)
  return user
}

export const users = defineResource({
  resource: 'users',
  path: 'users',
  noun: 'user',
  model: (db) => db.user,
  select,
  represent: (user: UserRow) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: userRoles.apiNameOf[user.role],
    active: user.active,
    deactivatedAt: iso(user.deactivatedAt),
    lastSignInAt: iso(user.lastSignInAt),
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
  }),
  filters: {
    role: apiEnum(userRoles.apiNames).optional(),
    active: z.enum(['true', 'false']).optional(),
  },
  where: (filters) => ({
    role:
      filters.role === undefined ? undefined : userRoles.byApiName[filters.role as keyof typeof userRoles.byApiName],
    active: filters.active === undefined ? undefined : filters.active === 'true',
  }),
  createSchema: userCreateSchema,
  async create(context, input: z.infer<typeof userCreateSchema>) {
    const user = await context.db.user.create({
      data: {
        email: input.email,
        name: input.name,
        role: userRoles.byApiName[input.role],
        passwordHash: await hashPassword(input.password),
      },
      select,
    })
    await audit(context, 'create', user.id, { role: input.role })
    return user
  },
  updateSchema: userUpdateSchema,
  update: updateUser,
  blockingRelations: [
    { name: 'apiKeysCreated', kind: 'many' },
    { name: 'leads', kind: 'many' },
    { name: 'opportunities', kind: 'many' },
    { name: 'partnerships', kind: 'many' },
    { name: 'activities', kind: 'many' },
  ],
  beforeDelete: ({ db }, id) => keepAnAdmin(db, id, 'deleted'),
})
