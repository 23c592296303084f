import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seed } from '../../prisma/seed'
import { generateSeedData, type SeedData } from '../../prisma/seed-data'
import { startSeededWorkflows } from '../../prisma/seed-workflows'
import { leadStatusQuery, leadWorkflowId, type LeadWorkflowStatus } from '../../workflows/lead-messages'
import { signedInUser } from '../support/actors'
import { postJson } from '../support/web'
import { startCrmStack, type CrmStack } from '../support/stack'

// `npm run seed` makes a demo that is alive: every open lead has its running workflow in the state its data says,
// and seeding sends nothing about the past. Real activities, real PostgreSQL, real SMTP inbox.

const hour = 60 * 60 * 1000
const day = 24 * hour

let stack: CrmStack
let data: SeedData
let seededAt: Date
/** What the system looked like right after seeding, before any test moves time on (tests run shuffled). */
let atSeeding: {
  emails: number
  outboxMessageIds: string[]
  notifications: number
  statuses: Map<string, LeadWorkflowStatus>
  partnershipStatusChanges: { partnershipId: string; toStatus: string; at: Date }[]
  dealStageTransitions: { opportunityId: string; toStage: string; enteredAt: Date; idempotencyKey: string }[]
  pausedAt: Map<string, Date | null>
}

beforeAll(async () => {
  stack = await startCrmStack('seeded-records', { temporalServer: 'time-skipping' })
  seededAt = new Date(await stack.env.currentTimeMs())
  data = generateSeedData(seededAt, stack.config)
  await seed(stack.database.db, data)
  await startSeededWorkflows(stack.env.client, stack.database.db, {
    taskQueue: stack.taskQueue,
    seededAt,
    leadIds: data.leads.map((lead) => lead.id!),
    opportunityIds: data.opportunities.map((deal) => deal.id!),
    partnershipIds: data.partnerships.map((partnership) => partnership.id!),
    voiceSessionIds: data.voiceSessions.map((session) => session.id!),
  })
  await waitForOpenLeadsToRun()
  await waitForOpenDealsToRun()
  await waitForRunningPartnershipsToRun()
  const statuses = new Map<string, LeadWorkflowStatus>()
  for (const lead of openLeads()) {
    statuses.set(lead.id!, await stack.env.client.workflow.getHandle(leadWorkflowId(lead.id!)).query(leadStatusQuery))
  }
  atSeeding = {
    emails: stack.inbox.received.length,
    outboxMessageIds: (await stack.database.db.outboxMessage.findMany({ select: { id: true } })).map((row) => row.id),
    notifications: await stack.database.db.notification.count(),
    statuses,
    partnershipStatusChanges: await stack.database.db.partnershipStatusChange.findMany({
      select: { partnershipId: true, toStatus: true, at: true },
      orderBy: [{ partnershipId: 'asc' }, { at: 'asc' }],
    }),
    dealStageTransitions: await stack.database.db.dealStageTransition.findMany({
      select: { opportunityId: true, toStage: true, enteredAt: true, idempotencyKey: true },
      orderBy: [{ opportunityId: 'asc' }, { enteredAt: 'asc' }],
    }),
    pausedAt: new Map(
      (await stack.database.db.partnership.findMany({ select: { id: true, pausedAt: true } })).map((row) => [
        row.id,
        row.pausedAt,
      ]),
    ),
  }
}, 600_000)

afterAll(async () => {
  await stack?.close()
})

const openStatuses = ['NEW', 'CONTACTED', 'QUALIFIED'] as const
const openLeads = () => data.leads.filter((lead) => (openStatuses as readonly string[]).includes(lead.status!))

/** Until every open lead's workflow has written its projection (it names itself there). */
async function waitForOpenLeadsToRun() {
  const expected = openLeads().length
  const deadline = Date.now() + 480_000
  for (;;) {
    const running = await stack.database.db.lead.count({
      where: { status: { in: [...openStatuses] }, workflowId: { not: null }, workflowStatus: 'RUNNING' },
    })
    if (running === expected) return
    if (Date.now() > deadline) throw new Error(`Only ${running} of ${expected} open leads have a running workflow`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const openDeals = () => data.opportunities.filter((deal) => !String(deal.stage).startsWith('CLOSED'))

/** Until every open deal's workflow has written its projection. */
async function waitForOpenDealsToRun() {
  const expected = openDeals().length
  const deadline = Date.now() + 240_000
  for (;;) {
    const running = await stack.database.db.opportunity.count({
      where: { workflowId: { not: null }, workflowStatus: 'RUNNING' },
    })
    if (running === expected) return
    if (Date.now() > deadline) throw new Error(`Only ${running} of ${expected} open deals have a running workflow`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const runningPartnerships = () =>
  data.partnerships.filter((partnership) => !['GRADUATED', 'CHURNED'].includes(String(partnership.status)))

/** Until every partnership that has not ended has its workflow running and its first health recorded. */
async function waitForRunningPartnershipsToRun() {
  const expected = runningPartnerships().length
  // The run's own first score, beside the history the data gave it.
  const seeded = data.partnershipHealthSnapshots.map((snapshot) => snapshot.idempotencyKey!)
  const deadline = Date.now() + 240_000
  for (;;) {
    const running = await stack.database.db.partnership.count({
      where: { workflowStatus: 'RUNNING', healthSnapshots: { some: { idempotencyKey: { notIn: seeded } } } },
    })
    if (running === expected) return
    if (Date.now() > deadline) throw new Error(`Only ${running} of ${expected} partnerships have a running workflow`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const createdAtOf = (lead: SeedData['leads'][number]) => new Date(lead.createdAt as Date).getTime()

describe('seeded records are alive', () => {
  it('shows each month’s spend as entered on its first day, not at the seed’s run', async () => {
    const rows = await stack.database.db.marketingSpend.findMany({ select: { month: true, updatedAt: true } })
    expect(rows.length).toBe(data.marketingSpends.length)
    // 14:00 UTC on the 1st, or the seeding instant itself when that is earlier (seeded on a 1st before 14:00).
    const enteredAt = (month: string) => new Date(Math.min(Date.parse(`${month}-01T14:00:00.000Z`), seededAt.getTime()))
    for (const row of rows) expect(row.updatedAt, row.month).toEqual(enteredAt(row.month))
  })

  it('writes each voice session on the timeline as the voice agent webhook writes one', async () => {
    const entries = await stack.database.db.activity.findMany({
      where: { type: 'VOICE_SESSION' },
      select: { subject: true, description: true },
    })
    expect(entries.length).toBeGreaterThan(10)
    for (const { subject, description } of entries) {
      expect(subject).toMatch(/^Voice agent conversation \((1 question|([2-9]|\d\d+) questions), \d+ min\)$/)
      expect(description).toMatch(/^Language: (English|Spanish)\nTopics: pricing/)
    }
  })

  it('gives every open lead a running workflow, and no closed lead one', async () => {
    expect(openLeads().length).toBeGreaterThan(20)
    for (const lead of openLeads()) {
      const description = await stack.env.client.workflow.getHandle(leadWorkflowId(lead.id!)).describe()
      expect(description.status.name, lead.id).toBe('RUNNING')
    }
    const closed = await stack.database.db.lead.count({
      where: { status: { in: ['CONVERTED', 'UNQUALIFIED'] }, workflowId: { not: null } },
    })
    expect(closed).toBe(0)
  })

  it('gives every open deal a running workflow with its next step and timers, and no closed deal one', async () => {
    expect(openDeals().length).toBeGreaterThan(5)
    const rows = await stack.database.db.opportunity.findMany({
      select: { id: true, stage: true, workflowStatus: true, nextStep: true, upcomingSteps: true },
    })
    for (const row of rows) {
      if (row.stage === 'CLOSED_WON' || row.stage === 'CLOSED_LOST') {
        expect(row.workflowStatus, row.id).toBe('NOT_STARTED')
        continue
      }
      expect(row.workflowStatus, row.id).toBe('RUNNING')
      expect(row.nextStep, row.id).toBeTruthy()
      // Whatever its clocks say, a live deal has something ahead: at least its stalled check.
      expect((row.upcomingSteps as { steps: unknown[] }).steps.length, row.id).toBeGreaterThan(0)
    }
  })

  it('gives every partnership that has not ended a running workflow, its plan from its start date', async () => {
    expect(runningPartnerships().length).toBeGreaterThan(3)
    const rows = await stack.database.db.partnership.findMany({
      select: {
        id: true,
        status: true,
        workflowStatus: true,
        startDate: true,
        milestones: { select: { dueAt: true } },
      },
    })
    for (const row of rows) {
      const ended = row.status === 'GRADUATED' || row.status === 'CHURNED'
      expect(row.workflowStatus, row.id).toBe(ended ? 'NOT_STARTED' : 'RUNNING')
      // The first milestone of every tier is week 4: 28 days after the start.
      const first = Math.min(...row.milestones.map((m) => m.dueAt.getTime()))
      expect(first - row.startDate.getTime(), row.id).toBe(28 * 24 * 60 * 60 * 1000)
    }
  })

  it('goes on from the status history the data gives a partnership: no first status again at the seed’s time', async () => {
    const seededHistory = data.partnerships.flatMap((partnership) =>
      data.partnershipStatusChanges
        .filter((change) => change.partnershipId === partnership.id)
        .map((change) => ({ partnershipId: change.partnershipId, toStatus: change.toStatus, at: new Date(change.at) })),
    )
    const byPartnership = (rows: { partnershipId: string }[]) =>
      rows.toSorted((a, b) => a.partnershipId.localeCompare(b.partnershipId))
    expect(atSeeding.partnershipStatusChanges).toEqual(byPartnership(seededHistory))
    // The paused one stays paused since its day, 8 days before seeding, not since its run started.
    const paused = data.partnerships.find((partnership) => partnership.status === 'PAUSED')!
    expect(atSeeding.pausedAt.get(paused.id!)).toEqual(new Date(seededAt.getTime() - 8 * day))
  })

  it('goes on from the stage history the data gives a deal: no “Deal created” again at the seed’s time', async () => {
    const seededHistory = data.dealStageTransitions
      .map((row) => ({
        opportunityId: row.opportunityId,
        toStage: row.toStage,
        enteredAt: new Date(row.enteredAt),
        idempotencyKey: row.idempotencyKey,
      }))
      .toSorted(
        (a, b) => a.opportunityId.localeCompare(b.opportunityId) || a.enteredAt.getTime() - b.enteredAt.getTime(),
      )
    expect(atSeeding.dealStageTransitions).toEqual(seededHistory)
    expect(seededHistory.length).toBeGreaterThan(data.opportunities.length)
  })

  it('keeps the owner the data gives a deal since its creation: its run does not tick it again at the seed’s time', async () => {
    const rows = await stack.database.db.opportunity.findMany({
      select: { id: true, stage: true, createdAt: true, checklist: true },
    })
    expect(rows.filter((row) => row.stage === 'NEW_LEAD').length).toBeGreaterThan(0)
    for (const row of rows) {
      const assigned = (row.checklist as { action: string }[]).filter((entry) => entry.action === 'assign_owner')
      expect(assigned, row.id).toEqual([
        { action: 'assign_owner', doneAt: row.createdAt.toISOString(), byUserId: null, how: 'Owner assigned' },
      ])
    }
  })

  it('goes on from the health history the data gives a partnership: its chart has a past, its run the same band', async () => {
    for (const partnership of runningPartnerships()) {
      const seeded = data.partnershipHealthSnapshots.filter((snapshot) => snapshot.partnershipId === partnership.id)
      const recorded = await stack.database.db.partnershipHealthSnapshot.findMany({
        where: { partnershipId: partnership.id! },
        orderBy: { at: 'asc' },
        select: { band: true, idempotencyKey: true, at: true, components: true },
      })
      expect(recorded.length, partnership.id).toBeGreaterThanOrEqual(2)
      expect(recorded.slice(0, seeded.length).map((row) => row.idempotencyKey)).toEqual(
        seeded.map((snapshot) => snapshot.idempotencyKey),
      )
      // The run's first score, numbered after the seeded ones, in the band the last of them left.
      const first = recorded[seeded.length]!
      expect(first.idempotencyKey).toBe(`partnership-${partnership.id}/health/${seeded.length + 1}`)
      expect(first.band, partnership.id).toBe(seeded.at(-1)!.band)
      // It counts the meetings the seed recorded as the seed's last score did.
      const engagement = (row: { components: unknown }) => (row.components as { engagement: number | null }).engagement
      expect(engagement(first), partnership.id).toBe(engagement(seeded.at(-1)!))
    }
  })

  it('sends no email and raises no alert about anything that happened before seeding', async () => {
    expect(atSeeding).toMatchObject({ emails: 0, notifications: 0 })
    // The outbox holds the history's sent emails and nothing a run wrote.
    expect(atSeeding.outboxMessageIds.toSorted()).toEqual(data.outboxMessages.map((row) => row.id!).toSorted())
  })

  it('shows the ROI report the history emailed as sent in the lead’s sequence, not as a step skipped', async () => {
    const withCalculation = openLeads().flatMap((lead) => {
      const calculation = data.roiCalculations.find((row) => row.leadId === lead.id)
      return calculation ? [{ lead, calculation }] : []
    })
    const emailed = withCalculation.filter(({ calculation }) => calculation.reportSentAt)
    expect(emailed.length).toBeGreaterThan(0)
    expect(emailed.length).toBeLessThan(withCalculation.length)
    for (const { lead, calculation } of withCalculation) {
      const sequence = atSeeding.statuses.get(lead.id!)!.sequences?.find((row) => row.sequence === 'roi-calculator')
      const report = sequence?.steps.find((step) => step.step === 'report')
      expect(report?.state, lead.id).toBe(calculation.reportSentAt ? 'sent' : 'skipped')
      if (calculation.reportSentAt) {
        expect(report?.sentAt, lead.id).toBe(new Date(calculation.reportSentAt).toISOString())
      }
    }
  })

  it('puts each lead where its data says: a New lead counts down to its 24-hour alert, older ones are past it', async () => {
    const fresh = openLeads().filter((lead) => lead.status === 'NEW')
    expect(fresh.length).toBeGreaterThan(0)
    for (const lead of fresh) {
      const status = atSeeding.statuses.get(lead.id!)!
      // §9.2: 24 hours after capture, computed here from the seeded creation time.
      expect(status.upcomingSteps?.find((step) => step.kind === 'reminder')?.dueAt, lead.id).toBe(
        new Date(createdAtOf(lead) + day).toISOString(),
      )
      expect(status.acknowledgement, lead.id).toBeNull()
    }
    const contacted = openLeads().filter(
      (lead) => lead.status === 'CONTACTED' && createdAtOf(lead) < seededAt.getTime() - 3 * day,
    )
    expect(contacted.length).toBeGreaterThan(0)
    for (const lead of contacted) {
      const status = atSeeding.statuses.get(lead.id!)!
      expect(
        status.upcomingSteps?.some((step) => step.key === 'reminder/new-overdue'),
        lead.id,
      ).toBe(false)
      expect(status.acknowledgement, lead.id).toBeNull()
    }
  })

  it('gives every open lead a step ahead: a Contacted or Qualified one its follow-up reminder (decision 0089)', async () => {
    for (const lead of openLeads()) {
      const status = atSeeding.statuses.get(lead.id!)!
      const ahead = status.upcomingSteps?.filter((step) => Date.parse(step.dueAt) > seededAt.getTime()) ?? []
      expect(ahead.length, lead.id).toBeGreaterThan(0)
      if (lead.status === 'CONTACTED' || lead.status === 'QUALIFIED') {
        const followUp = ahead.find((step) => step.key === 'reminder/follow-up')
        // Within one quiet period (3 days Contacted, 7 days Qualified) of seeding: never about the past.
        const periodMs = (lead.status === 'CONTACTED' ? 3 : 7) * day
        expect(Date.parse(followUp?.dueAt ?? '') - seededAt.getTime(), lead.id).toBeLessThanOrEqual(periodMs)
      }
    }
  })

  it('resumes nurture where the timeline leaves it: steps due before seeding are history, later ones are timers', async () => {
    const withVoice = openLeads().filter((lead) => {
      const session = data.voiceSessions.find((candidate) => candidate.leadId === lead.id)
      return session && new Date(session.endedAt as Date).getTime() > seededAt.getTime() - 6 * day
    })
    expect(withVoice.length).toBeGreaterThan(0)
    for (const lead of withVoice) {
      const firstEnded = data.voiceSessions
        .filter((session) => session.leadId === lead.id)
        .map((session) => new Date(session.endedAt as Date).getTime())
        .sort((a, b) => a - b)[0]!
      const status = atSeeding.statuses.get(lead.id!)!
      const sequence = status.sequences?.find((candidate) => candidate.sequence === 'voice-with-email')
      expect(sequence, lead.id).toBeDefined()
      // §9.1 offsets from the session's end: immediately, +2 h, +24 h, +72 h, +7 d. The thank-you went when the session
      // ended (the history's outbox says so); later steps due before seeding are skipped, not sent late.
      const offsets = [0, 2 * hour, 24 * hour, 72 * hour, 7 * day]
      expect(
        sequence!.steps.map((step) => step.state),
        lead.id,
      ).toEqual(
        offsets.map((offset) =>
          offset === 0 ? 'sent' : firstEnded + offset <= seededAt.getTime() ? 'skipped' : 'scheduled',
        ),
      )
    }
  })

  it('keeps the timers going: a New lead’s 24-hour alert fires when its time comes', async () => {
    const fresh = openLeads().filter((lead) => lead.status === 'NEW')
    await stack.env.sleep(day + hour)
    const alerts = await stack.database.db.notification.findMany({
      where: { kind: 'LEAD_NEW_OVERDUE' },
      select: { leadId: true },
    })
    expect(new Set(alerts.map((alert) => alert.leadId))).toEqual(new Set(fresh.map((lead) => lead.id)))
  })
})

describe('the first action on a lead that has no workflow', () => {
  it('starts its run without a late acknowledgement or alert, and the lead then names its run', async () => {
    const { db } = stack.database
    const manager = await signedInUser(db, 'SALES_MANAGER')
    const owner = await signedInUser(db, 'SALES_REP')
    const imported = await db.lead.create({
      data: {
        email: 'imported-lead@harbor-plumbing.example',
        firstName: 'Imani',
        companyName: 'Harbor Plumbing',
        industry: 'PLUMBING',
        source: 'WEBSITE',
        status: 'NEW',
        assignedToId: owner.id,
        createdAt: new Date(seededAt.getTime() - 3 * day),
      },
      select: { id: true },
    })
    const notificationsBefore = await db.notification.count({ where: { leadId: imported.id } })

    const response = await postJson(
      `${stack.web.baseUrl}/api/leads/${imported.id}/contacted`,
      {},
      { ...manager.headers, origin: stack.web.baseUrl },
    )
    expect(response.status).toBe(200)
    await stack.env.sleep(hour)

    const row = await db.lead.findUniqueOrThrow({
      where: { id: imported.id },
      select: { workflowId: true, status: true },
    })
    expect(row).toEqual({ workflowId: leadWorkflowId(imported.id), status: 'CONTACTED' })
    expect(stack.inbox.to('imported-lead@harbor-plumbing.example')).toEqual([])
    expect(await db.notification.count({ where: { leadId: imported.id } })).toBe(notificationsBefore)
    const page = await fetch(`${stack.web.baseUrl}/api/leads/${imported.id}`, { headers: manager.headers })
    const body = (await page.json()) as { workflow?: { id?: string } | null }
    expect(body.workflow?.id).toBe(leadWorkflowId(imported.id))
  })
})
