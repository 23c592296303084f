import { describe, expect, it } from 'vitest'
import { enumWords } from './enum-words'

describe('enumWords', () => {
  it.each([
    ['CLOSED_WON', 'Closed won'],
    ['closed_won', 'Closed won'],
    ['GRADUATED', 'Graduated'],
    ['CO_CREATE', 'Co-create'],
    ['IT_MANAGER', 'IT manager'],
    ['it_manager', 'IT manager'],
    ['HVAC', 'HVAC'],
    ['CALCOM', 'Cal.com'],
    ['ROI_CALCULATOR', 'ROI calculator'],
    ['VOICE_AGENT', 'Voice agent'],
    ['linkedin_outreach', 'LinkedIn outreach'],
    ['es', 'Spanish'],
    ['1-5', '1-5'],
    ['50+', '50+'],
    ['true', 'Yes'],
  ])('reads %s as %s', (value, expected) => {
    expect(enumWords(value)).toBe(expected)
  })
})
