import { describe, expect, it } from 'vitest'
import { parseChangeTaskInput, parseLogActivityInput } from './activity-input'

const now = new Date('2026-12-02T12:00:00Z')

describe('logging work: what a request must say', () => {
  it('takes a call as done now, on the one record it names', () => {
    expect(parseLogActivityInput({ type: 'call', subject: ' Intro call ', leadId: 'L1' }, now)).toEqual({
      ok: true,
      request: {
        type: 'CALL',
        subject: 'Intro call',
        description: null,
        outcome: null,
        direction: null,
        target: { kind: 'lead', id: 'L1' },
        scheduledAt: null,
        completedAt: now,
        ownerId: null,
      },
    })
  })

  it('takes a meeting in the future as scheduled, one in the past as done', () => {
    const future = parseLogActivityInput(
      { type: 'meeting', subject: 'Demo', contactId: 'C1', occurredAt: '2026-12-04T09:00:00Z' },
      now,
    )
    expect(future).toMatchObject({
      ok: true,
      request: { scheduledAt: new Date('2026-12-04T09:00:00Z'), completedAt: null },
    })
    const past = parseLogActivityInput(
      { type: 'meeting', subject: 'Demo', contactId: 'C1', occurredAt: '2026-12-01T09:00:00Z' },
      now,
    )
    expect(past).toMatchObject({
      ok: true,
      request: { scheduledAt: null, completedAt: new Date('2026-12-01T09:00:00Z') },
    })
  })

  it('keeps a task open with its due time as scheduledAt', () => {
    expect(
      parseLogActivityInput(
        {
          type: 'task',
          subject: 'Send proposal',
          opportunityId: 'D1',
          dueAt: '2026-12-03T10:00:00+01:00',
          ownerId: 'U2',
        },
        now,
      ),
    ).toMatchObject({
      ok: true,
      request: {
        type: 'TASK',
        target: { kind: 'deal', id: 'D1' },
        scheduledAt: new Date('2026-12-03T09:00:00Z'),
        completedAt: null,
        ownerId: 'U2',
      },
    })
  })

  it.each([
    [
      { type: 'call', subject: 'x' },
      [{ field: 'leadId', message: 'is required: name one of leadId, opportunityId, companyId, contactId' }],
    ],
    [{ type: 'task', subject: 'x', companyId: 'C' }, [{ field: 'dueAt', message: 'is required for a task' }]],
    [
      { type: 'note', subject: 'x', companyId: 'C', ownerId: 'U' },
      [{ field: 'ownerId', message: 'is only for a task' }],
    ],
    [
      { type: 'call', subject: 'x', companyId: 'C', occurredAt: '2026-12-02T13:00:00Z' },
      [{ field: 'occurredAt', message: 'must not be in the future for a call' }],
    ],
    [
      { type: 'note', subject: 'x', leadId: 'L', contactId: 'C' },
      [{ field: 'contactId', message: 'must not be given with leadId: an activity is about one record' }],
    ],
    [
      { type: 'call', subject: 'x'.repeat(201), leadId: 'L' },
      [{ field: 'subject', message: 'must be at most 200 characters' }],
    ],
    ['call', [{ field: '(body)', message: 'must be a JSON object' }]],
  ])('refuses %j naming the field', (body, errors) => {
    expect(parseLogActivityInput(body, now)).toEqual({ ok: false, errors })
  })
})

describe('changing a task', () => {
  it('completes, moves or hands on, and needs one of them', () => {
    expect(parseChangeTaskInput({ completed: true })).toEqual({
      ok: true,
      request: { complete: true, dueAt: null, ownerId: null, outcome: null },
    })
    expect(parseChangeTaskInput({ dueAt: '2026-12-05T09:00:00Z' })).toMatchObject({
      ok: true,
      request: { complete: false, dueAt: new Date('2026-12-05T09:00:00Z') },
    })
    expect(parseChangeTaskInput({ outcome: 'x' })).toEqual({
      ok: false,
      errors: [{ field: '(body)', message: 'must give completed, dueAt or ownerId' }],
    })
    expect(parseChangeTaskInput({ completed: false })).toMatchObject({ ok: false, errors: [{ field: 'completed' }] })
  })
})
