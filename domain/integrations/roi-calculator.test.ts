import { describe, expect, it } from 'vitest'
import { parseBody } from './parse'
import {
  employeeRangeOf,
  parseRoiCalculationPost,
  parseRoiCalculatorEvent,
  roiCalculationPostSchema,
  roiCalculatorEventSchema,
  roiChangeFromEvent,
  roiChangeFromPost,
} from './roi-calculator'

const receivedAt = new Date('2026-11-23T15:10:00Z')
const inputs = { industry: 'hvac', employeeCount: '10-25', hourlyRate: 45, weeklyAdminHours: 30 }

describe('ROI calculator input', () => {
  it('keeps the inputs and tracking, and ignores the numbers the calculator computed', () => {
    const parsed = parseBody(
      roiCalculationPostSchema,
      {
        ...inputs,
        calculationId: 'calc-1',
        email: ' Pat@Cool-Air.example ',
        selectedTier: 'foundation',
        timeOnCalculator: 95,
        adjustmentsCount: 4,
        calculations: { annualROI: 999_999 },
      },
      'ROI calculation',
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const change = roiChangeFromPost(parsed.value, receivedAt)
    expect(change).toEqual({
      externalId: 'calc-1',
      email: 'pat@cool-air.example',
      inputs: { industry: 'HVAC', employeeCount: 'RANGE_10_25', hourlyRate: 45, weeklyAdminHours: 30 },
      assumedInputs: [],
      kept: [],
      selectedTier: 'FOUNDATION',
      timeOnCalculator: 95,
      adjustmentsCount: 4,
      reportRequested: false,
      occurredAt: receivedAt,
      person: { industry: 'hvac', employeeCount: '10-25' },
    })
  })

  it('names inputs outside what the calculation can mean', () => {
    const parsed = parseBody(
      roiCalculationPostSchema,
      { ...inputs, hourlyRate: 0, weeklyAdminHours: 200, industry: 'farming' },
      'ROI calculation',
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.map((error) => error.field).sort()).toEqual(['hourlyRate', 'industry', 'weeklyAdminHours'])
  })

  it('reads report.requested as a request with an email and no inputs', () => {
    const parsed = parseBody(
      roiCalculatorEventSchema,
      {
        id: 'evt-9',
        type: 'report.requested',
        calculationId: 'calc-1',
        email: 'pat@cool-air.example',
        marketingConsent: true,
      },
      'ROI calculator event',
    )
    expect(parsed.ok && roiChangeFromEvent(parsed.value, receivedAt)).toEqual({
      externalId: 'calc-1',
      email: 'pat@cool-air.example',
      inputs: undefined,
      assumedInputs: [],
      kept: [],
      selectedTier: undefined,
      timeOnCalculator: undefined,
      adjustmentsCount: undefined,
      reportRequested: true,
      occurredAt: receivedAt,
      person: { marketingConsent: true },
    })
    const withoutEmail = parseBody(
      roiCalculatorEventSchema,
      { id: 'evt-10', type: 'report.requested', calculationId: 'calc-1' },
      'ROI calculator event',
    )
    expect(withoutEmail).toEqual({ ok: false, errors: [{ field: 'email', message: 'is required' }] })
  })

  it('needs a calculation id in calculation.completed', () => {
    const parsed = parseBody(
      roiCalculatorEventSchema,
      { id: 'evt-11', type: 'calculation.completed', ...inputs },
      'ROI calculator event',
    )
    expect(parsed).toEqual({ ok: false, errors: [{ field: 'calculationId', message: 'is required' }] })
  })
})

describe('the calculator as seed 002 §11.3 prints it: { email, industry, employeeCount, calculations }', () => {
  it('assumes the §8 industry averages for the inputs it leaves out, and says so', () => {
    const parsed = parseRoiCalculationPost({
      email: 'pat@cool-air.example',
      industry: 'hvac',
      employeeCount: '5-10',
      calculations: { annualROI: { foundation: { value: 1, percentage: 2 } } },
    })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const change = roiChangeFromPost(parsed.value, receivedAt, parsed.kept)
    // HVAC in §8 (domain/industries): $55 an hour, 35 admin hours a week.
    expect(change.inputs).toEqual({
      industry: 'HVAC',
      employeeCount: 'RANGE_5_10',
      hourlyRate: 55,
      weeklyAdminHours: 35,
    })
    expect(change.assumedInputs).toEqual(['hourlyRate', 'weeklyAdminHours'])
    expect(change.kept).toEqual([])
  })

  it('reads inputs the calculator put in its own results (a §7.1 ROICalculation) before assuming', () => {
    const parsed = parseRoiCalculationPost({
      industry: 'plumbing',
      calculations: { hourlyRate: 48, weeklyAdminHours: 'lots', employeeCount: '10-25' },
    })
    const change = parsed.ok && roiChangeFromPost(parsed.value, receivedAt, parsed.kept)
    expect(change && change.inputs).toMatchObject({ hourlyRate: 48, employeeCount: 'RANGE_10_25' })
    expect(change && change.assumedInputs).toEqual(['weeklyAdminHours'])
    // An employee count only assumed is not told to the lead.
    const assumed = parseRoiCalculationPost({ industry: 'plumbing' })
    const assumedChange = assumed.ok && roiChangeFromPost(assumed.value, receivedAt)
    expect(assumedChange && assumedChange.assumedInputs).toEqual(['employeeCount', 'hourlyRate', 'weeklyAdminHours'])
    expect(assumedChange && assumedChange.person).toEqual({ industry: 'plumbing' })
  })

  it('takes an industry as the calculator spells it, and an unknown one as other, keeping the name', () => {
    const spelt = parseRoiCalculationPost({ industry: 'Property Management' })
    expect(spelt.ok && spelt.value.industry).toBe('property_management')
    const unknown = parseRoiCalculationPost({ industry: 'Landscaping', employeeCount: '11-50', gclid: 'x' })
    expect(unknown.ok && unknown.value).toEqual({ industry: 'other' })
    expect(unknown.ok && unknown.kept.map((kept) => [kept.field, kept.value])).toEqual([
      ['industry', 'Landscaping'],
      ['employeeCount', '11-50'],
      ['gclid', 'x'],
    ])
  })

  it('refuses an industry holding a NUL or a lone surrogate rather than keeping it as an unknown one', () => {
    const reason = 'must not contain a lone surrogate (text that is not valid Unicode)'
    expect(parseRoiCalculationPost({ industry: 'Land\ud800scaping' })).toEqual({
      ok: false,
      errors: [{ field: 'industry', message: reason }],
    })
    const event = { id: 'e', type: 'calculation.completed', calculationId: 'c', industry: 'hv\u0000ac' }
    expect(parseRoiCalculatorEvent(event)).toEqual({
      ok: false,
      errors: [{ field: 'industry', message: 'must not contain a NUL character (U+0000)' }],
    })
  })

  it('still refuses, naming the field, a missing industry or an address that is not one', () => {
    expect(parseRoiCalculationPost({ email: 'pat@cool-air.example' })).toEqual({
      ok: false,
      errors: [{ field: 'industry', message: 'is required' }],
    })
    expect(parseRoiCalculationPost({ industry: 'hvac', email: 'pat@' })).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    })
    expect(parseRoiCalculatorEvent({ id: 'e', type: 'report.requested', calculationId: 'c' })).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'is required' }],
    })
  })

  it('puts the §8 average employee count in the calculator ranges', () => {
    expect([1, 5, 9, 10, 18, 25, 50, 51].map(employeeRangeOf)).toEqual([
      'RANGE_1_5',
      'RANGE_5_10',
      'RANGE_5_10',
      'RANGE_10_25',
      'RANGE_10_25',
      'RANGE_25_50',
      'RANGE_25_50',
      'RANGE_50_PLUS',
    ])
  })
})
