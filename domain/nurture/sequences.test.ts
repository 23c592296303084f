import { describe, expect, it } from 'vitest'
import { nurtureStepTitle } from './sequences'

describe('the title of a nurture step', () => {
  it.each([
    ['roi-calculator', 'report', 'ROI calculator follow-up: ROI report PDF'],
    ['voice-with-email', 'thank-you', 'Voice agent follow-up: Thank-you email with transcript summary'],
    // A step a newer version dropped still reads by its key.
    ['roi-calculator', 'retired-step', 'ROI calculator follow-up: retired-step'],
  ] as const)('names %s/%s “%s”', (sequence, step, title) => {
    expect(nurtureStepTitle(sequence, step)).toBe(title)
  })
})
