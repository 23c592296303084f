import { describe, expect, it } from 'vitest'
import { enumWords, enumWordsInline } from './enum-words'

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
    ['ECOMMERCE', 'E-commerce'],
  ])('reads %s as %s', (value, expected) => {
    expect(enumWords(value)).toBe(expected)
  })
})

describe('enumWordsInline', () => {
  it.each([
    ['VOICE_AGENT', 'voice agent'],
    ['PROPERTY_MANAGEMENT', 'property management'],
    ['ROI_CALCULATOR', 'ROI calculator'],
    ['HVAC', 'HVAC'],
    ['CO_CREATE', 'co-create'],
    ['ECOMMERCE', 'e-commerce'],
    ['es', 'Spanish'],
    ['calcom', 'Cal.com'],
    ['roi', 'ROI'],
    ['real_estate', 'real estate'],
    ['false', 'no'],
    ['1-5', '1-5'],
  ])('reads %s as %s inside a sentence', (value, expected) => {
    expect(enumWordsInline(value)).toBe(expected)
  })
})
