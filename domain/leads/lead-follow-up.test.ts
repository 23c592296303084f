import { describe, expect, it } from 'vitest'
import { nextFollowUpReminderAt } from './lead-follow-up'

const day = 24 * 60 * 60 * 1000
const touched = Date.parse('2026-12-01T09:00:00Z')

describe('nextFollowUpReminderAt', () => {
  it.each([
    // status, now (days after the touch), reminder (days after the touch)
    ['CONTACTED', 0, 3],
    ['CONTACTED', 1, 3],
    ['CONTACTED', 2.99, 3],
    // Exactly at the reminder: that one is due now, so the next is a period later.
    ['CONTACTED', 3, 6],
    ['CONTACTED', 4, 6],
    ['CONTACTED', 10, 12],
    ['QUALIFIED', 0, 7],
    ['QUALIFIED', 6, 7],
    ['QUALIFIED', 7.5, 14],
    ['QUALIFIED', 20, 21],
  ])('a %s lead touched %s days ago is reminded at day %s', (status, nowDays, reminderDays) => {
    expect(nextFollowUpReminderAt(status, touched, touched + nowDays * day)).toBe(touched + reminderDays * day)
  })

  it('never reminds before a touch that is still ahead (a meeting logged for later)', () => {
    expect(nextFollowUpReminderAt('CONTACTED', touched, touched - 2 * day)).toBe(touched + 3 * day)
  })

  it.each(['NEW', 'UNQUALIFIED', 'CONVERTED'])('a %s lead has no follow-up reminder', (status) => {
    expect(nextFollowUpReminderAt(status, touched, touched + 5 * day)).toBeNull()
  })
})
