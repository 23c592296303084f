import { describe, expect, it } from 'vitest'
import { costPerLeadBySource, monthRuns, monthShare, monthsTouched, type MonthSpend } from './cost-per-lead'
import { dollarsToCents, parseMarketingSpendSheet } from './marketing-spend-input'

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const range = (from: string, to: string) => ({ fromMs: day(from), toMs: day(to) })

describe('a month’s spend spread over its days', () => {
  it.each([
    // [month, from, to (exclusive), share by hand]
    ['2026-11', '2026-11-01', '2026-12-01', 1], // all 30 days
    ['2026-11', '2026-11-21', '2026-12-01', 10 / 30],
    ['2026-11', '2026-11-24', '2026-12-08', 7 / 30], // 24th–30th
    ['2026-12', '2026-11-24', '2026-12-08', 7 / 31], // 1st–7th
    ['2028-02', '2028-02-01', '2028-02-15', 14 / 29], // a leap February
    ['2026-10', '2026-11-01', '2026-12-01', 0],
  ])('%s over [%s, %s) is %d of it', (month, from, to, share) => {
    expect(monthShare(month, range(from, to), 'UTC')).toBeCloseTo(share, 12)
  })

  it('names every month a period touches', () => {
    expect(monthsTouched(range('2026-11-24', '2027-01-02'), 'UTC')).toEqual(['2026-11', '2026-12', '2027-01'])
    expect(monthsTouched(range('2026-11-01', '2026-12-01'), 'UTC')).toEqual(['2026-11'])
    expect(monthsTouched(range('2026-11-01', '2026-11-01'), 'UTC')).toEqual([])
  })

  it('reads months on the period’s wall clock', () => {
    // Berlin’s November: 2026-10-31T23:00Z (CET, UTC+1) to 2026-11-30T23:00Z; it touches no UTC hour of October’s
    // Berlin month, and all of its own.
    const berlinNovember = { fromMs: Date.parse('2026-10-31T23:00:00Z'), toMs: Date.parse('2026-11-30T23:00:00Z') }
    expect(monthsTouched(berlinNovember, 'Europe/Berlin')).toEqual(['2026-11'])
    expect(monthShare('2026-11', berlinNovember, 'Europe/Berlin')).toBe(1)
    expect(monthShare('2026-10', berlinNovember, 'Europe/Berlin')).toBe(0)
    // The same instants read as UTC months touch October for an hour.
    expect(monthsTouched(berlinNovember, 'UTC')).toEqual(['2026-10', '2026-11'])
    // Chicago’s November is 30 days and 1 hour (the clocks go back on the 1st): its first 10 local days, from
    // 2026-11-01T05:00Z (CDT) to 2026-11-11T06:00Z (CST), are 241 of its 721 hours.
    const firstTenDays = { fromMs: Date.parse('2026-11-01T05:00:00Z'), toMs: Date.parse('2026-11-11T06:00:00Z') }
    expect(monthShare('2026-11', firstTenDays, 'America/Chicago')).toBeCloseTo(241 / 721, 12)
  })
})

describe('cost per lead by source', () => {
  const nov: MonthSpend = { source: 'PAID_ADS', month: '2026-11', amountCents: 300_000 } // $3,000
  const dec: MonthSpend = { source: 'PAID_ADS', month: '2026-12', amountCents: 310_000 } // $3,100

  it.each([
    {
      name: 'a whole month: $3,000 ÷ 12 leads = $250',
      spends: [nov],
      leads: 12,
      period: range('2026-11-01', '2026-12-01'),
      spendCents: 300_000,
      costPerLeadCents: 25_000,
      missingMonths: [],
    },
    {
      name: 'the last 10 of November’s 30 days: $1,000 ÷ 4 leads = $250',
      spends: [nov],
      leads: 4,
      period: range('2026-11-21', '2026-12-01'),
      spendCents: 100_000,
      costPerLeadCents: 25_000,
      missingMonths: [],
    },
    {
      name: 'a week on each side of a month end: 7/30 × $3,000 + 7/31 × $3,100 = $1,400 ÷ 7 leads = $200',
      spends: [nov, dec],
      leads: 7,
      period: range('2026-11-24', '2026-12-08'),
      spendCents: 140_000,
      costPerLeadCents: 20_000,
      missingMonths: [],
    },
    {
      name: 'December not entered: only November’s $700 is known, the cost per lead is not',
      spends: [nov],
      leads: 7,
      period: range('2026-11-24', '2026-12-08'),
      spendCents: 70_000,
      costPerLeadCents: null,
      missingMonths: ['2026-12'],
    },
    {
      name: '$1,000 ÷ 3 leads = $333.33 (to the cent)',
      spends: [{ ...nov, amountCents: 100_000 }],
      leads: 3,
      period: range('2026-11-01', '2026-12-01'),
      spendCents: 100_000,
      costPerLeadCents: 33_333,
      missingMonths: [],
    },
    {
      name: 'spend and no leads: no cost per lead',
      spends: [nov],
      leads: 0,
      period: range('2026-11-01', '2026-12-01'),
      spendCents: 300_000,
      costPerLeadCents: null,
      missingMonths: [],
    },
    {
      name: 'nothing spent, entered as 0: leads cost $0',
      spends: [{ ...nov, amountCents: 0 }],
      leads: 5,
      period: range('2026-11-01', '2026-12-01'),
      spendCents: 0,
      costPerLeadCents: 0,
      missingMonths: [],
    },
    {
      name: 'leads and no spend entered: unknown, not free',
      spends: [],
      leads: 5,
      period: range('2026-11-01', '2026-12-01'),
      spendCents: 0,
      costPerLeadCents: null,
      missingMonths: ['2026-11'],
    },
    {
      name: 'a leap February’s first 14 of 29 days: 14/29 × $2,900 = $1,400 ÷ 5 leads = $280',
      spends: [{ source: 'PAID_ADS', month: '2028-02', amountCents: 290_000 }],
      leads: 5,
      period: range('2028-02-01', '2028-02-15'),
      spendCents: 140_000,
      costPerLeadCents: 28_000,
      missingMonths: [],
    },
  ])('$name', ({ spends, leads, period, spendCents, costPerLeadCents, missingMonths }) => {
    const rows = costPerLeadBySource(spends, leads > 0 ? [{ source: 'PAID_ADS', leads }] : [], period, 'UTC')
    expect(rows).toEqual([{ source: 'PAID_ADS', leads, spendCents, costPerLeadCents, missingMonths }])
  })

  it('lists each source with leads or spend, the highest spend first, and ignores spend outside the period', () => {
    const rows = costPerLeadBySource(
      [
        { source: 'PAID_ADS', month: '2026-11', amountCents: 300_000 },
        { source: 'INDUSTRY_EVENT', month: '2026-11', amountCents: 450_000 },
        { source: 'LINKEDIN_OUTREACH', month: '2026-10', amountCents: 99_000 },
      ],
      [
        { source: 'REFERRAL', leads: 6 },
        { source: 'PAID_ADS', leads: 10 },
        { source: 'INDUSTRY_EVENT', leads: 3 },
      ],
      range('2026-11-01', '2026-12-01'),
      'UTC',
    )
    expect(rows.map((row) => [row.source, row.spendCents, row.costPerLeadCents])).toEqual([
      ['INDUSTRY_EVENT', 450_000, 150_000], // $4,500 ÷ 3
      ['PAID_ADS', 300_000, 30_000], // $3,000 ÷ 10
      ['REFERRAL', 0, null], // no spend entered for November
    ])
  })
})

describe('the months with no spend entered, as the table names them', () => {
  it('joins consecutive months into runs, across a year, and keeps a lone month alone', () => {
    expect(monthRuns(['2026-05', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-08', '2026-08'])).toBe(
      '2025-12 to 2026-05, 2026-08',
    )
    expect(monthRuns(['2026-03'])).toBe('2026-03')
    expect(monthRuns([])).toBe('')
  })
})

describe('a spend as a person enters it', () => {
  it.each([
    ['1250', { ok: true, cents: 125_000 }],
    ['1,250.50', { ok: true, cents: 125_050 }],
    ['$80', { ok: true, cents: 8_000 }],
    ['0.5', { ok: true, cents: 50 }],
    ['0', { ok: true, cents: 0 }],
    ['-5', { ok: false, message: 'must not be negative' }],
    ['12.345', { ok: false, message: 'must be a whole number of cents (at most two decimals)' }],
    ['twelve', { ok: false, message: 'must be an amount in dollars, like 1250.00' }],
    ['10000000.01', { ok: false, message: 'must be at most $10000000' }],
  ])('%s', (text, expected) => {
    expect(dollarsToCents(text)).toEqual(expected)
  })

  it('an empty field is no entry', () => {
    expect(dollarsToCents('  ')).toBeNull()
  })

  it.each([
    [{ month: '2026-13', amounts: { PAID_ADS: 1 } }, 'month', 'must be a month like 2026-11'],
    [{ month: '2026-11', amounts: { BILLBOARDS: 1 } }, 'amounts.BILLBOARDS', 'is not a lead source'],
    [{ month: '2026-11', amounts: { PAID_ADS: -1 } }, 'amounts.PAID_ADS', 'must not be negative'],
    [{ month: '2026-11', amounts: { PAID_ADS: 1.5 } }, 'amounts.PAID_ADS', 'must be a whole number of cents'],
    [{ month: '2026-11', amounts: { PAID_ADS: '100' } }, 'amounts.PAID_ADS', 'must be a number of cents'],
    [{ amounts: {} }, 'month', 'is required'],
  ])('refuses %j naming %s', (input, field, message) => {
    const parsed = parseMarketingSpendSheet(input)
    expect(parsed.ok).toBe(false)
    const fields = parsed.ok ? [] : parsed.fields
    expect(fields.map((entry) => entry.field)).toEqual([field])
    expect(fields[0]?.message).toMatch(new RegExp(`^${message}`))
  })

  it('reads a good sheet: a number sets, null removes, a left-out source is untouched', () => {
    expect(parseMarketingSpendSheet({ month: '2026-11', amounts: { PAID_ADS: 300_000, REFERRAL: null } })).toEqual({
      ok: true,
      sheet: { month: '2026-11', amounts: { PAID_ADS: 300_000, REFERRAL: null } },
    })
  })
})
