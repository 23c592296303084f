import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../support/database'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})

afterAll(async () => {
  await database?.drop()
})

describe('the audit log', () => {
  it('accepts new rows but refuses to change or remove one, even through raw SQL', async () => {
    const row = await database.db.auditLog.create({
      data: { actorType: 'SYSTEM', action: 'users.delete', entityType: 'users', entityId: 'u1' },
      select: { id: true },
    })

    await expect(
      database.db.auditLog.update({ where: { id: row.id }, data: { action: 'nothing happened' } }),
    ).rejects.toThrow(/cannot be updated or deleted/)
    await expect(database.db.$executeRaw`DELETE FROM "AuditLog" WHERE id = ${row.id}`).rejects.toThrow(
      /cannot be updated or deleted/,
    )
    expect(await database.db.auditLog.findUnique({ where: { id: row.id }, select: { action: true } })).toEqual({
      action: 'users.delete',
    })
  })
})
