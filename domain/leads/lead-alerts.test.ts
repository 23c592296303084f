import { describe, expect, it } from 'vitest'
import { assignedAlertDue, qualifiedAlertDue } from './lead-alerts'

describe('the lead-assigned alert', () => {
  it.each([
    { before: null, after: 'rep-1', due: true, why: 'assigned by this run (or by its lost first attempt)' },
    { before: 'rep-1', after: 'rep-1', due: false, why: 'the owner it already had' },
    { before: null, after: null, due: false, why: 'nobody to take it' },
    { before: 'rep-1', after: 'rep-2', due: true, why: 'a new owner' },
  ])('$before → $after: $due ($why)', ({ before, after, due }) => {
    expect(assignedAlertDue(before, after)).toBe(due)
  })
})

describe('the lead-qualified alert', () => {
  const trigger = 'Lead score > 70 → MQL'
  it.each([
    { before: 'NONE', after: 'MQL', expected: { stage: 'MQL', trigger } },
    { before: 'NONE', after: 'SQL', expected: { stage: 'SQL', trigger } },
    { before: 'MQL', after: 'SQL', expected: { stage: 'SQL', trigger } },
    { before: 'MQL', after: 'MQL', expected: null },
    { before: 'SQL', after: 'SQL', expected: null },
    { before: 'SQL', after: 'MQL', expected: null },
    { before: 'NONE', after: 'NONE', expected: null },
  ] as const)('$before → $after', ({ before, after, expected }) => {
    expect(qualifiedAlertDue(before, { qualificationStage: after, qualificationTrigger: trigger })).toEqual(expected)
  })

  it('names the stage when no trigger is known', () => {
    expect(qualifiedAlertDue('NONE', { qualificationStage: 'MQL', qualificationTrigger: null })).toEqual({
      stage: 'MQL',
      trigger: 'Qualified as MQL',
    })
  })
})
