// §9.3 "Approaching graduation → Testimonial request sequence": three emails to the client, dated from the tier's
// final milestone (graduation for Foundation, the independence check for Discovery, the sixth system for Architect).
// Pure; the partnership workflow sends them (decision 0035).

const dayMs = 24 * 60 * 60 * 1000

export type TestimonialStep = 'request' | 'reminder' | 'last-call'

export interface TestimonialEmail {
  step: TestimonialStep
  /** Days from the final milestone's due date (negative: before it). */
  offsetDays: number
  subject: string
  text: string
}

/**
 * Two weeks before: the request, as the partnership turns Completing (the results are fresh, the team still meets
 * weekly). One week before: a reminder. On the day itself: the last call. Each is sent once; the sequence stops when
 * the testimonial is in, and sends nothing while paused (a pause moves the final milestone and the steps with it)
 * or once the partnership has ended.
 */
export const testimonialSequence: readonly TestimonialEmail[] = [
  {
    step: 'request',
    offsetDays: -14,
    subject: 'Would you share a few words about our partnership?',
    text:
      'Your graduation is two weeks away. If the systems we built together have made a difference, a short ' +
      'testimonial (two or three sentences) would help other businesses like yours find us. Just reply to this email.',
  },
  {
    step: 'reminder',
    offsetDays: -7,
    subject: 'A short testimonial before you graduate?',
    text:
      'A week to go before your graduation. If you have a minute, reply with a sentence or two about what changed ' +
      'for your team: the hours saved, what you now run yourselves.',
  },
  {
    step: 'last-call',
    offsetDays: 0,
    subject: 'Last call: your words about our work together',
    text:
      'Today is your graduation milestone. This is the last time we ask: if you would share a testimonial, reply to ' +
      'this email. Thank you for the partnership either way.',
  },
]

/** When each step is due for a final milestone due at `finalDueAtMs`. */
export function testimonialSchedule(finalDueAtMs: number): { email: TestimonialEmail; dueAtMs: number }[] {
  return testimonialSequence.map((email) => ({ email, dueAtMs: finalDueAtMs + email.offsetDays * dayMs }))
}
