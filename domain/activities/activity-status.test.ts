import { describe, expect, it } from 'vitest'
import { activityStatus } from './activity-status'

const at = new Date('2026-12-06T12:00:00Z')

describe('activityStatus', () => {
  it.each([
    ['TASK', null, at, 'open'],
    ['TASK', at, at, 'done'],
    ['MEETING', null, at, 'scheduled'],
    ['MEETING', at, at, 'done'],
    ['CALL', null, at, 'scheduled'],
    ['CALL', at, null, 'done'],
    // Written when it happened: no time planned, nothing to mark done.
    ['NOTE', null, null, 'done'],
    ['SYSTEM_EVENT', null, null, 'done'],
    ['EMAIL', null, null, 'done'],
    ['VOICE_SESSION', null, null, 'done'],
  ] as const)('%s completed %s, planned for %s: %s', (type, completedAt, scheduledAt, expected) => {
    expect(activityStatus({ type, completedAt, scheduledAt })).toBe(expected)
  })
})
