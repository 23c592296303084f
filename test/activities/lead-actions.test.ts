import { ApplicationFailure } from '@temporalio/common'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApplyLeadActionInput } from '../../activities/lead-lifecycle-contract'
import { createUser, type TestUser } from '../support/actors'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness
let manager: TestUser

beforeAll(async () => {
  harness = await startActivityHarness()
  manager = await createUser(harness.db, { role: 'SALES_MANAGER', name: 'Morgan Manager' })
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

function apply(
  input: Omit<ApplyLeadActionInput, 'actor' | 'now'> & Partial<Pick<ApplyLeadActionInput, 'actor' | 'now'>>,
) {
  return runActivity(harness.activities.applyLeadAction, {
    actor: { userId: manager.id, name: manager.name },
    now,
    ...input,
  })
}

async function leadRow(id: string) {
  return harness.db.lead.findUniqueOrThrow({
    where: { id },
    select: {
      status: true,
      qualificationStage: true,
      contactedAt: true,
      disqualifiedAt: true,
      disqualifiedReason: true,
      marketingQualifiedAt: true,
      salesQualifiedAt: true,
      nurturePausedAt: true,
    },
  })
}

describe('applyLeadAction', () => {
  it('marks a new lead contacted, with who did it on the timeline and in the audit log; a retry writes nothing more', async () => {
    const lead = await createLead(harness.db)

    await apply({ leadId: lead.id, action: 'contacted' })
    await apply({ leadId: lead.id, action: 'contacted' })

    expect(await leadRow(lead.id)).toMatchObject({ status: 'CONTACTED', contactedAt: new Date(now) })
    expect(await harness.db.activity.findMany({ where: { leadId: lead.id } })).toMatchObject([
      {
        type: 'SYSTEM_EVENT',
        subject: 'Marked contacted',
        description: 'By Morgan Manager',
        userId: manager.id,
        completedAt: new Date(now),
      },
    ])
    expect(await harness.db.auditLog.findMany({ where: { entityId: lead.id } })).toMatchObject([
      { actorType: 'USER', actorId: manager.id, action: 'leads.contacted', entityType: 'leads', outcome: 'SUCCESS' },
    ])
  })

  it('qualifies by hand: SQL and QUALIFIED, keeping the first qualification times', async () => {
    const lead = await createLead(harness.db, {
      qualificationStage: 'MQL',
      marketingQualifiedAt: new Date('2030-03-01T10:00:00Z'),
    })

    await apply({ leadId: lead.id, action: 'qualified' })

    expect(await leadRow(lead.id)).toMatchObject({
      status: 'QUALIFIED',
      qualificationStage: 'SQL',
      marketingQualifiedAt: new Date('2030-03-01T10:00:00Z'),
      salesQualifiedAt: new Date(now),
    })
  })

  it('disqualifies with the reason, by an API key (no user), and then refuses further actions on the closed lead', async () => {
    const lead = await createLead(harness.db)

    await apply({
      leadId: lead.id,
      action: 'disqualified',
      reason: '  Not a fit: 300 employees  ',
      actor: { userId: null, name: 'Landing page' },
    })
    const refused = await apply({ leadId: lead.id, action: 'qualified', now: '2030-03-05T16:00:00.000Z' }).catch(
      (error: unknown) => error,
    )

    expect(await leadRow(lead.id)).toMatchObject({
      status: 'UNQUALIFIED',
      disqualifiedAt: new Date(now),
      disqualifiedReason: 'Not a fit: 300 employees',
    })
    expect(await harness.db.activity.findMany({ where: { leadId: lead.id } })).toMatchObject([
      { subject: 'Disqualified', description: 'By Landing page: Not a fit: 300 employees', userId: null },
    ])
    expect(await harness.db.auditLog.findMany({ where: { entityId: lead.id } })).toMatchObject([
      {
        actorType: 'API_KEY',
        actorId: null,
        action: 'leads.disqualified',
        metadata: { actorName: 'Landing page', reason: 'Not a fit: 300 employees' },
      },
    ])
    expect(refused).toBeInstanceOf(ApplicationFailure)
    expect(refused).toMatchObject({ type: 'LeadClosed', nonRetryable: true })
  })

  it('refuses a disqualification without a reason', async () => {
    const lead = await createLead(harness.db)

    const refused = await apply({ leadId: lead.id, action: 'disqualified', reason: ' ' }).catch(
      (error: unknown) => error,
    )

    expect(refused).toMatchObject({ type: 'InvalidInput', nonRetryable: true })
    expect(await leadRow(lead.id)).toMatchObject({ status: 'NEW' })
  })

  it('pauses and resumes nurture', async () => {
    const lead = await createLead(harness.db)

    await apply({ leadId: lead.id, action: 'nurture-paused' })
    const paused = await leadRow(lead.id)
    await apply({ leadId: lead.id, action: 'nurture-resumed', now: '2030-03-06T09:00:00.000Z' })

    expect(paused.nurturePausedAt).toEqual(new Date(now))
    expect((await leadRow(lead.id)).nurturePausedAt).toBeNull()
    expect(
      (await harness.db.activity.findMany({ where: { leadId: lead.id }, orderBy: { completedAt: 'asc' } })).map(
        (a) => a.subject,
      ),
    ).toEqual(['Nurture paused', 'Nurture resumed'])
  })

  it('fails for good when the lead does not exist', async () => {
    expect(await apply({ leadId: 'missing-lead', action: 'contacted' }).catch((error: unknown) => error)).toMatchObject(
      {
        type: 'LeadNotFound',
        nonRetryable: true,
      },
    )
  })
})
