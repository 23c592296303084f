import { expect, it } from 'vitest'
import { actionsSeenInActivity, checklistPassedBefore } from './checklist'

const at = '2026-03-02T09:00:00.000Z'
const owner = 'user-sarah'
const actions = (...args: Parameters<typeof actionsSeenInActivity>) =>
  actionsSeenInActivity(...args).map((seen) => seen.action)

it('ticks the actions the system can see from what is logged, and no others', () => {
  expect(actions({ type: 'EMAIL', direction: 'OUTBOUND', completedAt: at, scheduledAt: null }, 'CONTACTED')).toEqual([
    'initial_email',
  ])
  // A reply from the client is not our outreach.
  expect(actions({ type: 'EMAIL', direction: 'INBOUND', completedAt: at, scheduledAt: null }, 'CONTACTED')).toEqual([])
  expect(actions({ type: 'CALL', completedAt: at, scheduledAt: null }, 'NEW_LEAD')).toEqual(['follow_up_call_attempt'])
  expect(actions({ type: 'MEETING', completedAt: null, scheduledAt: at }, 'CONTACTED')).toEqual(['schedule_discovery'])
  expect(actions({ type: 'MEETING', completedAt: at, scheduledAt: at }, 'DISCOVERY_CALL')).toEqual([
    'complete_discovery',
  ])
  expect(actions({ type: 'MEETING', completedAt: at, scheduledAt: at }, 'NEGOTIATION')).toEqual([])
  expect(actions({ type: 'NOTE', completedAt: at, scheduledAt: null }, 'CONTACTED')).toEqual([])
})

const created = '2026-02-27T15:00:00.000Z'
const seeded = (leftAt: (passed: string) => string) => ({ createdAt: created, leftAt, ownerId: owner })
/** A deal that left every stage it passed at the same moment. */
const leftAllAt = seeded(() => at)

it('counts a deal found in Proposal Sent as having done the actions of the three stages before it', () => {
  expect(checklistPassedBefore('PROPOSAL_SENT', leftAllAt).map((entry) => entry.action)).toEqual([
    'assign_owner',
    'review_lead_data',
    'initial_email',
    'follow_up_call_attempt',
    'schedule_discovery',
    'complete_discovery',
    'identify_tier',
  ])
  expect(checklistPassedBefore('CLOSED_WON', leftAllAt)).toHaveLength(12)
})

it('gives a deal its owner when it was created, as its run would have ticked it, even in New Lead', () => {
  const assigned = { action: 'assign_owner', doneAt: created, byUserId: null, how: 'Owner assigned' }
  expect(checklistPassedBefore('NEW_LEAD', leftAllAt)).toEqual([assigned])
  expect(checklistPassedBefore('NEGOTIATION', leftAllAt)[0]).toEqual(assigned)
})

it('dates each passed stage’s other actions when the deal left that stage, marked done by its owner', () => {
  const left = { NEW_LEAD: '2026-03-01T10:00:00.000Z', CONTACTED: '2026-03-03T10:00:00.000Z' } as Record<string, string>
  expect(
    checklistPassedBefore(
      'DISCOVERY_CALL',
      seeded((passed) => left[passed]!),
    ).map((entry) => [entry.action, entry.doneAt, entry.byUserId, entry.how]),
  ).toEqual([
    ['assign_owner', created, null, 'Owner assigned'],
    ['review_lead_data', '2026-03-01T10:00:00.000Z', owner, 'Marked done'],
    ['initial_email', '2026-03-03T10:00:00.000Z', owner, 'Marked done'],
    ['follow_up_call_attempt', '2026-03-03T10:00:00.000Z', owner, 'Marked done'],
  ])
})
