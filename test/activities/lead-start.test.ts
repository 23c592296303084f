import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLeadStartActivities } from '../../activities/lead-start'
import { createUser } from '../support/actors'
import { statementCountingDatabase } from '../support/database'
import { createEngagedLead } from '../support/engaged-lead'
import { runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

describe('startLead', () => {
  it('scores and assigns in one transaction, takes the round-robin lock last, and answers the same on a retry', async () => {
    const reps = await Promise.all([1, 2].map(() => createUser(harness.db, { role: 'SALES_REP' })))
    // Neither rep has had a lead: the queue starts with the smaller id.
    const firstInQueue = reps.map((rep) => rep.id).sort()[0]!
    const lead = await createEngagedLead(harness.db, { sessionAt: new Date('2030-03-05T14:00:00Z') })
    const counted = statementCountingDatabase(harness.database.url)
    try {
      const { startLead } = createLeadStartActivities({ ...harness.dependencies, db: counted.db })
      const started = await runActivity(startLead, { leadId: lead.id, now })

      // industry 20 + employees 15 + voice 20 + ROI with report 15 + two sessions 6 (as in scoring.test.ts).
      expect(started).toMatchObject({ ownerId: firstInQueue, scoring: { score: 76, qualificationStage: 'MQL' } })
      expect(started.snapshot).toMatchObject({ ownerId: firstInQueue, score: 76, qualificationStage: 'MQL' })
      const transaction = counted.statements.slice(0, counted.statements.indexOf('COMMIT') + 1)
      expect(transaction.filter((sql) => sql === 'BEGIN')).toHaveLength(1)
      expect(counted.statements.filter((sql) => sql === 'BEGIN')).toHaveLength(1)
      const scoreWritten = transaction.findIndex((sql) => /^UPDATE "public"\."Lead" SET "leadScore"/.test(sql))
      const lockTaken = transaction.findIndex((sql) => sql.includes('pg_advisory_xact_lock'))
      expect(scoreWritten).toBeGreaterThan(0)
      expect(lockTaken).toBeGreaterThan(scoreWritten)

      const timeline = await harness.db.activity.findMany({
        where: { leadId: lead.id, type: 'SYSTEM_EVENT' },
        orderBy: { id: 'asc' },
        select: { subject: true },
      })
      const owner = reps.find((rep) => rep.id === firstInQueue)!
      expect(timeline.map((entry) => entry.subject)).toEqual([
        `Assigned to ${owner.name}`,
        'Score 0 → 76: cold → hot',
        'Qualified as MQL',
      ])

      // A retry after a lost result: the same answer, nothing written twice, nobody else assigned.
      expect(await runActivity(startLead, { leadId: lead.id, now })).toEqual(started)
      expect(await harness.db.activity.count({ where: { leadId: lead.id, type: 'SYSTEM_EVENT' } })).toBe(3)
    } finally {
      await counted.close()
    }
  })
})
