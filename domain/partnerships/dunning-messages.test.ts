import { describe, expect, it } from 'vitest'
import { renderLocalTimes } from '../communication/local-time'
import { dunningWords, paymentLabel } from './dunning-messages'

const payment = {
  key: 'monthly-2',
  type: 'MONTHLY' as const,
  amount: 3_500,
  currency: 'usd',
  dueAtMs: Date.parse('2027-03-10T15:00:00Z'),
}

describe('the words of the overdue sequence', () => {
  it('names the payment, its amount and its due date', () => {
    expect(paymentLabel({ key: 'setup', type: 'SETUP' })).toBe('the setup fee')
    const words = dunningWords('overdue', payment, 'Northwind')
    // The client's words carry the due day as a marker rendered on their clock; the staff's summary is UTC.
    expect(renderLocalTimes(words.subject, 'America/Chicago')).toBe(
      'Overdue: the monthly fee for month 2 of $3,500 (due Wed 10 Mar)',
    )
    expect(words.summary).toBe('Payment overdue: the monthly fee for month 2 of $3,500 due 2027-03-10')
  })

  it('gives the due day of the client’s own clock, which may be the day before UTC’s', () => {
    const evening = { ...payment, dueAtMs: Date.parse('2027-03-10T03:00:00Z') }
    const words = dunningWords('heads-up', evening, 'Northwind')
    expect(renderLocalTimes(words.sms, 'America/Los_Angeles')).toBe(
      'Northwind: A friendly heads-up: the monthly fee for month 2 of $3,500 is due on Tue 9 Mar. ' +
        'Already paid? Thank you, ignore this. Reply STOP to opt out.',
    )
    expect(renderLocalTimes(words.text, 'Europe/Berlin')).toContain('is due on Wed 10 Mar.')
    expect(words.summary).toBe('Payment heads-up: the monthly fee for month 2 of $3,500 due 2027-03-10')
  })

  it('keeps an SMS within 320 characters and says how to opt out', () => {
    const sms = dunningWords('overdue-sms', payment, 'N'.repeat(400)).sms
    expect(sms.length).toBeLessThanOrEqual(320)
    // The name is shortened, never the marker of the due day.
    expect(renderLocalTimes(sms, 'UTC')).toMatch(/^N+: The monthly fee for month 2 of \$3,500 was due on Wed 10 Mar\./)
    expect(dunningWords('overdue-sms', payment, 'Northwind').sms).toMatch(/Reply STOP to opt out\.$/)
  })
})
