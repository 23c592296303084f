import { describe, expect, it } from 'vitest'
import { monthlyPaymentsToExtend, shiftPaymentsForPause, stepsAhead, stepStillDue } from './payment-dunning'

const day = 24 * 60 * 60 * 1000
const due = Date.parse('2027-03-10T15:00:00Z')
const iso = (ms: number) => new Date(ms).toISOString()
const unpaid = { key: 'monthly-2', dueAtMs: due, paidAtMs: null }

describe('the overdue sequence speaks only while the payment is unpaid', () => {
  it('the CRM sends every step; with Stripe’s reminder emails on, only the SMS, the call task and the managers', () => {
    expect(stepsAhead(unpaid, 0, 'crm').map((s) => s.step)).toEqual([
      'heads-up',
      'due-today',
      'overdue',
      'overdue-sms',
      'call-task',
      'escalation',
    ])
    expect(stepsAhead(unpaid, 0, 'stripe').map((s) => [s.step, s.channel])).toEqual([
      ['overdue-sms', 'sms'],
      ['call-task', 'owner-call-task'],
      ['escalation', 'managers'],
    ])
  })

  it('looks only after the instant given: the step due exactly then is behind', () => {
    // due-today is at `due`: after it, the overdue email (day 3) comes next.
    expect(stepsAhead(unpaid, due, 'crm')[0]!.step).toBe('overdue')
    expect(stepsAhead(unpaid, due - 1, 'crm')[0]!.step).toBe('due-today')
  })

  it('a paid payment has no step ahead', () => {
    expect(stepsAhead({ ...unpaid, paidAtMs: due - 5 * day }, 0, 'crm')).toEqual([])
  })

  it('a payment arriving in the same instant a step is due silences it, and so does one after it fell due', () => {
    const step = { dueAtMs: due }
    expect(stepStillDue(unpaid, step, due)).toBe(true)
    expect(stepStillDue(unpaid, step, due - 1)).toBe(false)
    expect(stepStillDue({ ...unpaid, paidAtMs: due }, step, due)).toBe(false)
    // The step waited (the worker was away) and the payment arrived meanwhile: never sent after it.
    expect(stepStillDue({ ...unpaid, paidAtMs: due + 1 }, step, due + 5)).toBe(false)
  })
})

describe('pause and extend move the payments', () => {
  const payments = [
    { key: 'setup', dueAtMs: due - 40 * day, paidAtMs: due - 40 * day },
    { key: 'monthly-1', dueAtMs: due - 10 * day, paidAtMs: null },
    { key: 'monthly-2', dueAtMs: due, paidAtMs: null },
    { key: 'monthly-3', dueAtMs: due + 31 * day, paidAtMs: null },
  ]

  it('pause: unpaid payments not yet due at the pause are due later by the paused time; the rest stay', () => {
    const shifted = shiftPaymentsForPause(payments, due - 5 * day, 20 * day)
    expect(shifted.map((p) => [p.key, Math.round((p.dueAtMs - due) / day)])).toEqual([
      ['setup', -40],
      ['monthly-1', -10],
      ['monthly-2', 20],
      ['monthly-3', 51],
    ])
  })

  it('extend: every month that begins before the new end is billed, continuing the months', () => {
    // monthly-3 is due 2027-04-10; by hand: May 10 and June 10 begin before an end of 2027-06-20, July 10 not.
    const added = monthlyPaymentsToExtend(payments, 3_500, Date.parse('2027-06-20T00:00:00Z'))
    expect(added.map((p) => [p.key, p.type, p.amount, iso(p.dueAtMs)])).toEqual([
      ['monthly-4', 'MONTHLY', 3_500, '2027-05-10T15:00:00.000Z'],
      ['monthly-5', 'MONTHLY', 3_500, '2027-06-10T15:00:00.000Z'],
    ])
  })

  it('extend: nothing more for a partnership without a monthly fee, or an end before the next month', () => {
    expect(monthlyPaymentsToExtend(payments, 0, Date.parse('2028-01-01T00:00:00Z'))).toEqual([])
    expect(monthlyPaymentsToExtend(payments, 3_500, Date.parse('2027-05-10T15:00:00Z'))).toEqual([])
    expect(monthlyPaymentsToExtend([payments[0]!], 3_500, Date.parse('2028-01-01T00:00:00Z'))).toEqual([])
  })
})
