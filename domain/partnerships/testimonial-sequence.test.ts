import { describe, expect, it } from 'vitest'
import { testimonialSchedule } from './testimonial-sequence'

const day = 24 * 60 * 60 * 1000

describe('the testimonial request sequence (§9.3 "Approaching graduation")', () => {
  it('asks two weeks and one week before the final milestone, and on its day', () => {
    const finalDueAtMs = 1_000 * day
    expect(
      testimonialSchedule(finalDueAtMs).map(({ email, dueAtMs }) => [email.step, (dueAtMs - finalDueAtMs) / day]),
    ).toEqual([
      ['request', -14],
      ['reminder', -7],
      ['last-call', 0],
    ])
  })
})
