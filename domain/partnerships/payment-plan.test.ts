import { describe, expect, it } from 'vitest'
import { tierContract } from '../tiers/contract-value'
import { dunningSteps, paymentPlan } from './payment-plan'

const start = Date.parse('2027-01-31T15:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()

describe('what a won deal bills', () => {
  it('Foundation: the $9,500 setup fee at kickoff and $3,500 a month in advance for 3 months', () => {
    // tierContract: 12 weeks bill ceil(12 × 12 / 52) = 3 months.
    expect(
      paymentPlan(tierContract('FOUNDATION'), start).map((p) => [p.key, p.type, p.amount, iso(p.dueAtMs)]),
    ).toEqual([
      ['setup', 'SETUP', 9_500, '2027-01-31T15:00:00.000Z'],
      ['monthly-1', 'MONTHLY', 3_500, '2027-01-31T15:00:00.000Z'],
      // 31 February does not exist: the last day of the month.
      ['monthly-2', 'MONTHLY', 3_500, '2027-02-28T15:00:00.000Z'],
      ['monthly-3', 'MONTHLY', 3_500, '2027-03-31T15:00:00.000Z'],
    ])
  })

  it('the setup fees of §13: $4,000, $9,500 and $30,000; six monthly fees for Architect', () => {
    expect(paymentPlan(tierContract('DISCOVERY'), start)[0]!.amount).toBe(4_000)
    expect(paymentPlan(tierContract('ARCHITECT'), start)[0]!.amount).toBe(30_000)
    expect(paymentPlan(tierContract('ARCHITECT'), start).filter((p) => p.type === 'MONTHLY')).toHaveLength(6)
  })

  it('a deal with no monthly fee bills its setup fee alone', () => {
    expect(paymentPlan({ setupFee: 4_000, monthlyFee: 0, estimatedMonths: 12 }, start)).toHaveLength(1)
  })
})

describe('the overdue reminder sequence', () => {
  const payment = {
    key: 'monthly-2',
    type: 'MONTHLY' as const,
    amount: 3_500,
    dueAtMs: Date.parse('2027-03-10T15:00:00Z'),
  }

  it('heads-up 3 days before, on the day, then email, SMS, call task and managers at 3, 7, 10 and 14 days', () => {
    expect(dunningSteps(payment, 0).map((s) => [s.step, s.channel, iso(s.dueAtMs), s.key])).toEqual([
      ['heads-up', 'email', '2027-03-07T15:00:00.000Z', 'payment/monthly-2/heads-up'],
      ['due-today', 'email', '2027-03-10T15:00:00.000Z', 'payment/monthly-2/due-today'],
      ['overdue', 'email', '2027-03-13T15:00:00.000Z', 'payment/monthly-2/overdue'],
      ['overdue-sms', 'sms', '2027-03-17T15:00:00.000Z', 'payment/monthly-2/overdue-sms'],
      ['call-task', 'owner-call-task', '2027-03-20T15:00:00.000Z', 'payment/monthly-2/call-task'],
      ['escalation', 'managers', '2027-03-24T15:00:00.000Z', 'payment/monthly-2/escalation'],
    ])
  })

  it('leaves out what fell due before the sequence began', () => {
    expect(dunningSteps(payment, Date.parse('2027-03-12T00:00:00Z')).map((s) => s.step)).toEqual([
      'overdue',
      'overdue-sms',
      'call-task',
      'escalation',
    ])
  })
})
