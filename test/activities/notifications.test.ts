import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotifyOwnerInput } from '../../activities/lead-lifecycle-contract'
import { createUser } from '../support/actors'
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

function notify(input: Omit<NotifyOwnerInput, 'now'>) {
  return runActivity(harness.activities.notifyOwner, { ...input, now })
}

// The tests share one database and run in order: the first one needs a database without Sales Managers.
describe('notifyOwner', () => {
  it('tells nobody, and says so, when the lead has no owner and there is no active Sales Manager', async () => {
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
})
