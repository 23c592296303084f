import { describe, expect, it } from 'vitest'
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
    expect(words.subject).toBe('Overdue: the monthly fee for month 2 of $3,500 (due 2027-03-10)')
    expect(words.summary).toBe('Payment overdue: the monthly fee for month 2 of $3,500 due 2027-03-10')
  })

  it('keeps an SMS within 320 characters and says how to opt out', () => {
    const sms = dunningWords('overdue-sms', payment, 'N'.repeat(400)).sms
    expect(sms.length).toBeLessThanOrEqual(320)
    expect(dunningWords('overdue-sms', payment, 'Northwind').sms).toMatch(/Reply STOP to opt out\.$/)
  })
})
