import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestionTransactionOptions } from '../../services/ingestion/ingestion-dependencies'
import { resolvePerson } from '../../services/ingestion/person'
import { createTestDatabase, type TestDatabase } from '../support/database'

let database: TestDatabase

beforeAll(async () => {
  database = await createTestDatabase()
})

afterAll(async () => {
  await database?.drop()
})

describe('resolvePerson', () => {
  it('takes the lead a form capture inserted at the same moment instead of failing on the unique address', async () => {
    const { db } = database
    const email = 'race@northwind-hvac.example'
    // The capture's single INSERT (decision 0058), held uncommitted: it takes no person lock, so a voice session's
    // resolvePerson gets past its own lock and its lookup (which cannot see the row) and meets the row in its insert.
    let commitCapture!: () => void
    let captureInserted!: () => void
    const inserted = new Promise<void>((resolve) => (captureInserted = resolve))
    const capture = db.$transaction(async (tx) => {
      const lead = await tx.lead.create({ data: { email, firstName: 'Ana', source: 'WEBSITE' }, select: { id: true } })
      captureInserted()
      await new Promise<void>((resolve) => (commitCapture = resolve))
      return lead
    }, ingestionTransactionOptions)
    await inserted

    const voiceSession = db.$transaction(
      (tx) =>
        resolvePerson(tx, {
          email,
          source: 'VOICE_AGENT',
          person: { firstName: 'Anabel', phone: '+1 555 010 1234' },
        }),
      ingestionTransactionOptions,
    )
    await waitUntilAStatementWaitsOnALock(db)
    commitCapture()

    const captured = await capture
    const resolved = await voiceSession
    expect(resolved).toMatchObject({ kind: 'lead', created: false, lead: { id: captured.id, source: 'WEBSITE' } })
    // One lead: the capture's first touch and name kept, the gap (the phone) filled by the later source.
    expect(
      await db.lead.findMany({ where: { email }, select: { id: true, firstName: true, phone: true, source: true } }),
    ).toEqual([{ id: captured.id, firstName: 'Ana', phone: '+1 555 010 1234', source: 'WEBSITE' }])
  })
})

async function waitUntilAStatementWaitsOnALock(db: TestDatabase['db']) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [{ waiting }] = await db.$queryRaw<[{ waiting: number }]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`
    if (waiting > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('the voice session never waited on the capture’s uncommitted row')
}
