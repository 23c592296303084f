import { describe, expect, it } from 'vitest'
import { parseBody } from './parse'
import {
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
