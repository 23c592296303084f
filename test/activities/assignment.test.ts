import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { roundRobinLockKey } from '../../activities/assignment'
import { createLeadStartActivities } from '../../activities/lead-start'
import { createUser } from '../support/actors'
import { statementCountingDatabase } from '../support/database'
import { createEngagedLead } from '../support/engaged-lead'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

// Every test starts from a database of its own: who counts as an active Sales Rep is what these tests are about.
beforeEach(async () => {
  harness = await startActivityHarness()
})

afterEach(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

function assign(leadId: string, at = now) {
  return runActivity(harness.activities.assignLeadOwner, { leadId, now: at })
}

describe('assignLeadOwner', () => {
  it('leaves the lead unassigned when no active Sales Rep exists (managers and inactive reps do not count)', async () => {
    await createUser(harness.db, { role: 'SALES_MANAGER' })
    await createUser(harness.db, { role: 'SALES_REP', active: false })
    const lead = await createLead(harness.db)

    expect(await assign(lead.id)).toEqual({ ownerId: null })
    expect(await harness.db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { assignedToId: true } })).toEqual(
      {
        assignedToId: null,
      },
    )
  })

  it('deals leads round-robin: the rep who waited longest gets the next one', async () => {
    const reps = await Promise.all([1, 2, 3].map(() => createUser(harness.db, { role: 'SALES_REP' })))
    const inOrder = reps.map((rep) => rep.id).sort()
    const leads = []
    for (let index = 0; index < 7; index += 1) leads.push(await createLead(harness.db))

    const owners = []
    for (const [index, lead] of leads.entries()) {
      owners.push((await assign(lead.id, new Date(Date.parse(now) + index * 1000).toISOString())).ownerId)
    }

    expect(owners).toEqual([...inOrder, ...inOrder, inOrder[0]])
    const timeline = await harness.db.activity.findMany({ where: { leadId: leads[0]!.id } })
    const first = reps.find((rep) => rep.id === inOrder[0])!
    expect(timeline).toMatchObject([{ type: 'SYSTEM_EVENT', subject: `Assigned to ${first.name}` }])
  })

  it('keeps an owner already set, and a repeated call (a retry) answers the same and changes nothing', async () => {
    const owner = await createUser(harness.db, { role: 'SALES_REP' })
    await createUser(harness.db, { role: 'SALES_REP' })
    const lead = await createLead(harness.db, { assignedToId: owner.id })
    const fresh = await createLead(harness.db)

    expect(await assign(lead.id)).toEqual({ ownerId: owner.id })
    const assigned = await assign(fresh.id)
    const queueBefore = await harness.db.user.findMany({
      select: { id: true, lastLeadAssignedAt: true },
      orderBy: { id: 'asc' },
    })
    const retried = await assign(fresh.id)

    expect(assigned.ownerId).not.toBeNull()
    // The retry of an attempt whose result was lost must not say anything different.
    expect(retried).toEqual(assigned)
    expect(
      await harness.db.user.findMany({ select: { id: true, lastLeadAssignedAt: true }, orderBy: { id: 'asc' } }),
    ).toEqual(queueBefore)
    expect(await harness.db.activity.count({ where: { leadId: fresh.id } })).toBe(1)
  })

  it('stays fair when many leads arrive at once: every rep gets the same number', async () => {
    const reps = await Promise.all([1, 2, 3].map(() => createUser(harness.db, { role: 'SALES_REP' })))
    const leads = await Promise.all(Array.from({ length: reps.length * 4 }, () => createLead(harness.db)))

    // All at the same workflow instant, as a burst of captures would be.
    const results = await Promise.all(leads.map((lead) => assign(lead.id)))

    const perRep = new Map<string, number>()
    for (const result of results) perRep.set(result.ownerId!, (perRep.get(result.ownerId!) ?? 0) + 1)
    expect([...perRep.keys()].sort()).toEqual(reps.map((rep) => rep.id).sort())
    expect([...perRep.values()]).toEqual(reps.map(() => 4))
    // The queue advanced once per assignment: the stamps are all distinct.
    const stamps = await harness.db.user.findMany({
      where: { role: 'SALES_REP', active: true },
      select: { lastLeadAssignedAt: true },
    })
    expect(new Set(stamps.map((row) => row.lastLeadAssignedAt?.getTime())).size).toBe(reps.length)
  })

  describe('takes the global round-robin lock only when there is something to rotate', () => {
    /** Holds the round-robin lock from another session until the returned release is called. */
    async function holdRoundRobinLock() {
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      let locked!: () => void
      const isLocked = new Promise<void>((resolve) => (locked = resolve))
      const holder = harness.db.$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${roundRobinLockKey}))`
          locked()
          await released
        },
        { timeout: 60_000 },
      )
      await isLocked
      return async () => {
        release()
        await holder
      }
    }

    /** What the assignment answered within `ms`, or 'waiting' if it was still waiting then. */
    async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | 'waiting'> {
      return Promise.race([promise, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))])
    }

    it('no active Sales Rep: answers at once while another assignment holds the lock', async () => {
      await createUser(harness.db, { role: 'SALES_REP', active: false })
      const lead = await createLead(harness.db)
      const release = await holdRoundRobinLock()
      try {
        expect(await settledWithin(assign(lead.id), 3_000)).toEqual({ ownerId: null })
      } finally {
        await release()
      }
    })

    it('one active Sales Rep: assigned at once while another assignment holds the lock', async () => {
      const rep = await createUser(harness.db, { role: 'SALES_REP' })
      const lead = await createLead(harness.db)
      const release = await holdRoundRobinLock()
      try {
        expect(await settledWithin(assign(lead.id), 3_000)).toEqual({ ownerId: rep.id })
      } finally {
        await release()
      }
    })

    it('several active Sales Reps: waits for the lock, so the rotation stays exact', async () => {
      await createUser(harness.db, { role: 'SALES_REP' })
      await createUser(harness.db, { role: 'SALES_REP' })
      const lead = await createLead(harness.db)
      const release = await holdRoundRobinLock()
      const assigned = assign(lead.id)
      try {
        expect(await settledWithin(assigned, 1_000)).toBe('waiting')
      } finally {
        await release()
      }
      expect((await assigned).ownerId).not.toBeNull()
    })
  })
})

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
      // The snapshot comes from the transaction's own read: nothing is read after the commit (decision 0063).
      expect(counted.statements.at(-1)).toBe('COMMIT')
      expect(transaction.filter((sql) => /^SELECT "public"\."Lead"\./.test(sql))).toHaveLength(1)
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

  it('writes the plan the run expects with the score, in the same statement (v7, decision 0065)', async () => {
    const lead = await createEngagedLead(harness.db, { sessionAt: new Date('2030-03-05T14:00:00Z') })
    const upcomingSteps = { plannedAt: now, phase: 'open' as const, paused: false, steps: [], sequences: [] }
    const projection = {
      workflowStatus: 'RUNNING' as const,
      nextStep: 'Alert the owner: lead still New after 24 hours',
      nextStepAt: '2030-03-06T14:00:00.000Z',
      upcomingSteps,
    }
    const counted = statementCountingDatabase(harness.database.url)
    try {
      const { startLead } = createLeadStartActivities({ ...harness.dependencies, db: counted.db })
      await runActivity(startLead, { leadId: lead.id, now, projection })
      const leadUpdates = counted.statements.filter((sql) => /^UPDATE "public"\."Lead"/.test(sql))
      expect(leadUpdates).toHaveLength(1)
      expect(leadUpdates[0]).toMatch(/"nextStep" = .*"leadScore" = /)
    } finally {
      await counted.close()
    }
    expect(
      await harness.db.lead.findUniqueOrThrow({
        where: { id: lead.id },
        select: { workflowStatus: true, nextStep: true, nextStepAt: true, upcomingSteps: true, leadScore: true },
      }),
    ).toEqual({
      workflowStatus: 'RUNNING',
      nextStep: 'Alert the owner: lead still New after 24 hours',
      nextStepAt: new Date('2030-03-06T14:00:00.000Z'),
      upcomingSteps,
      // As in the test above: industry 20 + employees 15 + voice 20 + ROI with report 15 + two sessions 6.
      leadScore: 76,
    })
  })
})
