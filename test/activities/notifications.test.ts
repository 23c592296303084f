import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import type { LegacyLeadNotifyOwnerInput, NotifyOwnerInput } from '../../activities/notification-contract'
import { createUser } from '../support/actors'
import { createDealWithPartnership } from '../support/deal-records'
import { testAppBaseUrl } from '../support/temporal'
import { createLead, runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

let harness: ActivityHarness

beforeAll(async () => {
  harness = await startActivityHarness()
})

afterAll(async () => {
  await harness?.close()
})

const now = '2030-03-05T15:00:00.000Z'

// Most cases use the lead-only input running workflows scheduled before the entity reference; it still works.
function notify(input: Omit<NotifyOwnerInput, 'now'> | Omit<LegacyLeadNotifyOwnerInput, 'now'>) {
  return runActivity(harness.activities.notifyOwner, { ...input, now })
}

describe('notifyOwner', () => {
  it('tells nobody, and says so, when the lead has no owner and there is no active Sales Manager', async () => {
    // The tests share one database and run in any order: managers other tests made active step aside here.
    await harness.db.user.updateMany({ where: { role: 'SALES_MANAGER' }, data: { active: false } })
    await createUser(harness.db, { role: 'SALES_MANAGER', active: false })
    const lead = await createLead(harness.db)

    expect(
      await notify({ leadId: lead.id, kind: 'LEAD_NEW_OVERDUE', idempotencyKey: `lead-${lead.id}/new-overdue` }),
    ).toEqual({
      notified: false,
      recipients: 0,
    })
    expect(await harness.db.notification.count({ where: { leadId: lead.id } })).toBe(0)
  })

  it('notifies the owner in the app and by email, once per alert key even when retried', async () => {
    const owner = await createUser(harness.db, { role: 'SALES_REP' })
    const lead = await createLead(harness.db, {
      firstName: 'Sam',
      lastName: 'Rivera',
      companyName: 'Rivera HVAC',
      leadScore: 84,
      source: 'VOICE_AGENT',
      assignedToId: owner.id,
    })
    const input = {
      leadId: lead.id,
      kind: 'LEAD_HIGH_SCORE' as const,
      idempotencyKey: `lead-${lead.id}/high-score`,
      detail: 'Score rose above 80',
    }

    const first = await notify(input)
    const retried = await notify(input)

    expect(first).toEqual({ notified: true, recipients: 1 })
    expect(retried).toEqual(first)
    const notifications = await harness.db.notification.findMany({ where: { leadId: lead.id } })
    expect(notifications).toMatchObject([
      {
        idempotencyKey: `lead-${lead.id}/high-score:${owner.id}`,
        userId: owner.id,
        kind: 'LEAD_HIGH_SCORE',
        title: 'High-value lead: Sam Rivera (Rivera HVAC)',
        link: `/leads/${lead.id}`,
        readAt: null,
        createdAt: new Date(now),
      },
    ])
    expect(notifications[0]!.body).toContain('Score rose above 80')
    const emails = harness.inbox.to(owner.email)
    expect(emails).toHaveLength(1)
    expect(emails[0]!.parsed.subject).toBe('[Durable CRM] High-value lead: Sam Rivera (Rivera HVAC)')
    expect(emails[0]!.parsed.text).toContain(`${testAppBaseUrl}/leads/${lead.id}`)
    expect(
      await harness.db.outboxMessage.findUniqueOrThrow({
        where: { idempotencyKey: `lead-${lead.id}/high-score/email/${owner.id}` },
      }),
    ).toMatchObject({ status: 'SENT', toAddress: owner.email, template: 'owner-alert:LEAD_HIGH_SCORE' })
    // The email goes to staff: it is not one of the lead's own messages (nor counted by their frequency cap).
    expect(await harness.db.outboxMessage.count({ where: { leadId: lead.id } })).toBe(0)
  })

  it('notifies every active Sales Manager while the lead is unassigned, or its owner has left', async () => {
    const managers = await Promise.all([1, 2].map(() => createUser(harness.db, { role: 'SALES_MANAGER' })))
    const formerRep = await createUser(harness.db, { role: 'SALES_REP', active: false })
    const unassigned = await createLead(harness.db, { firstName: 'Kim' })
    const orphaned = await createLead(harness.db, { firstName: 'Lee', assignedToId: formerRep.id })

    const results = [
      await notify({
        leadId: unassigned.id,
        kind: 'LEAD_NEW_OVERDUE',
        idempotencyKey: `lead-${unassigned.id}/new-overdue`,
      }),
      await notify({ leadId: orphaned.id, kind: 'LEAD_QUALIFIED', idempotencyKey: `lead-${orphaned.id}/qualified` }),
    ]

    expect(results).toEqual([
      { notified: true, recipients: 2 },
      { notified: true, recipients: 2 },
    ])
    for (const manager of managers) {
      expect(await harness.db.notification.count({ where: { userId: manager.id } })).toBe(2)
      expect(
        harness.inbox
          .to(manager.email)
          .map((email) => email.parsed.subject)
          .sort(),
      ).toEqual(['[Durable CRM] Follow up with Kim: still new after 24 hours', '[Durable CRM] Lead qualified: Lee'])
    }
    expect(await harness.db.notification.count({ where: { userId: formerRep.id } })).toBe(0)
  })

  it('prints no score for a lead not scored yet (the assignment alert), and the score once computed, even 0', async () => {
    const owner = await createUser(harness.db, { role: 'SALES_REP' })
    const unscored = await createLead(harness.db, { firstName: 'Noor', source: 'WEBSITE', assignedToId: owner.id })
    const scoredZero = await createLead(harness.db, {
      firstName: 'Zed',
      source: 'WEBSITE',
      assignedToId: owner.id,
      leadScore: 0,
      scoringFactors: [{ factor: 'industryMatch', weight: 20, value: 0, contribution: 0 }],
    })
    for (const lead of [unscored, scoredZero]) {
      await notify({ leadId: lead.id, kind: 'LEAD_ASSIGNED', idempotencyKey: `lead-${lead.id}/assigned/${owner.id}` })
    }

    const [noScore] = await harness.db.notification.findMany({ where: { leadId: unscored.id } })
    expect(noScore!.body).toBe('Source: website · Please reach out within one business day.')
    const emails = harness.inbox.to(owner.email)
    const unscoredEmail = emails.find((email) => email.parsed.subject?.includes('Noor'))!
    expect(unscoredEmail.parsed.text).not.toMatch(/score|\/100/i)
    expect(unscoredEmail.parsed.html).not.toMatch(/score|\/100/i)

    const [zero] = await harness.db.notification.findMany({ where: { leadId: scoredZero.id } })
    expect(zero!.body).toContain('Score 0/100 · Source: website')
    expect(emails.find((email) => email.parsed.subject?.includes('Zed'))!.parsed.text).toContain('Score 0/100')
  })

  it('sends MQL and SQL alerts with their own subjects, the trigger and the next step', async () => {
    const owner = await createUser(harness.db, { role: 'SALES_REP' })
    const mqlLead = await createLead(harness.db, {
      firstName: 'Maya',
      assignedToId: owner.id,
      leadScore: 74,
      scoringFactors: [{ factor: 'industryMatch', weight: 20, value: 100, contribution: 20 }],
      qualificationStage: 'MQL',
    })
    const sqlLead = await createLead(harness.db, {
      firstName: 'Sol',
      assignedToId: owner.id,
      leadScore: 58,
      scoringFactors: [{ factor: 'industryMatch', weight: 20, value: 100, contribution: 20 }],
      qualificationStage: 'SQL',
      status: 'QUALIFIED',
    })
    await notify({
      leadId: mqlLead.id,
      kind: 'LEAD_QUALIFIED',
      idempotencyKey: `lead-${mqlLead.id}/qualified/MQL`,
      detail: 'Lead score > 70 → MQL',
    })
    await notify({
      leadId: sqlLead.id,
      kind: 'LEAD_QUALIFIED',
      idempotencyKey: `lead-${sqlLead.id}/qualified/SQL`,
      detail: 'Calendar booking + lead score > 50 → SQL',
    })

    const bySubject = Object.fromEntries(harness.inbox.to(owner.email).map((email) => [email.parsed.subject, email]))
    const mql = bySubject['[Durable CRM] Marketing-qualified lead (MQL): Maya']
    const sql = bySubject['[Durable CRM] Sales-qualified lead (SQL): Sol']
    expect(mql?.parsed.text).toContain('Stage: MQL, marketing qualified. Trigger: Lead score > 70 → MQL.')
    expect(mql?.parsed.text).toContain('Next: reach out to confirm their needs, budget and timeline')
    expect(sql?.parsed.text).toContain(
      'Stage: SQL, sales qualified (the lead is now Qualified). Trigger: Calendar booking + lead score > 50 → SQL.',
    )
    expect(sql?.parsed.text).toContain('Next: prepare for the booked call')
    const titles = await harness.db.notification.findMany({
      where: { leadId: { in: [mqlLead.id, sqlLead.id] } },
      orderBy: { title: 'asc' },
      select: { title: true },
    })
    expect(titles.map((notification) => notification.title)).toEqual([
      'Marketing-qualified lead (MQL): Maya',
      'Sales-qualified lead (SQL): Sol',
    ])
  })

  describe('for any record: a lead, a deal or a partnership', () => {
    function dealAndPartnership(ownerId: string | null) {
      return createDealWithPartnership(harness.db, {
        companyName: `Northwind Plumbing ${randomUUID().slice(0, 8)}`,
        ownerId,
        startDate: new Date(now),
        targetEndDate: new Date('2030-05-28T15:00:00.000Z'),
      })
    }

    it('links a deal alert to the deal and a partnership alert to the partnership, in the app and by email', async () => {
      const owner = await createUser(harness.db, { role: 'SALES_REP' })
      const { company, deal, partnership } = await dealAndPartnership(owner.id)

      const dealInput = {
        entity: { type: 'deal', id: deal.id },
        kind: 'DEAL_ASSIGNED',
        idempotencyKey: `deal-${deal.id}/assigned/${owner.id}`,
      } as const
      expect(await notify(dealInput)).toEqual({ notified: true, recipients: 1 })
      expect(await notify(dealInput)).toEqual({ notified: true, recipients: 1 })
      await notify({
        entity: { type: 'partnership', id: partnership.id },
        kind: 'PARTNERSHIP_ASSIGNED',
        idempotencyKey: `partnership-${partnership.id}/assigned/${owner.id}`,
      })

      expect(
        await harness.db.notification.findMany({
          where: { userId: owner.id },
          orderBy: { kind: 'asc' },
          select: { kind: true, leadId: true, opportunityId: true, partnershipId: true, link: true, title: true },
        }),
      ).toEqual([
        {
          kind: 'DEAL_ASSIGNED',
          leadId: null,
          opportunityId: deal.id,
          partnershipId: null,
          link: `/opportunities/${deal.id}`,
          title: 'Deal assigned to you: Northwind — Foundation',
        },
        {
          kind: 'PARTNERSHIP_ASSIGNED',
          leadId: null,
          opportunityId: null,
          partnershipId: partnership.id,
          link: `/partnerships/${partnership.id}`,
          title: `Partnership assigned to you: ${company.name}`,
        },
      ])
      const emails = harness.inbox.to(owner.email)
      expect(emails.map((email) => email.parsed.subject).sort()).toEqual([
        '[Durable CRM] Deal assigned to you: Northwind — Foundation',
        `[Durable CRM] Partnership assigned to you: ${company.name}`,
      ])
      expect(emails.map((email) => email.parsed.text).join('\n')).toContain(
        `${testAppBaseUrl}/opportunities/${deal.id}`,
      )
    })

    it('takes a lead by entity reference as well', async () => {
      const owner = await createUser(harness.db, { role: 'SALES_REP' })
      const lead = await createLead(harness.db, { firstName: 'Noa', assignedToId: owner.id })
      await notify({
        entity: { type: 'lead', id: lead.id },
        kind: 'LEAD_ASSIGNED',
        idempotencyKey: `lead-${lead.id}/assigned/${owner.id}`,
      })
      expect(
        await harness.db.notification.findMany({ where: { userId: owner.id }, select: { leadId: true, link: true } }),
      ).toEqual([{ leadId: lead.id, link: `/leads/${lead.id}` }])
    })

    it('refuses for good an alert that does not fit its record (a lead alert about a deal)', async () => {
      const { deal } = await dealAndPartnership(null)
      const failure = await notify({
        entity: { type: 'deal', id: deal.id },
        kind: 'LEAD_ASSIGNED',
        idempotencyKey: `deal-${deal.id}/wrong`,
      }).catch((error: unknown) => error)
      expect(failure).toMatchObject({ type: 'InvalidInput', nonRetryable: true })
    })
  })
})
