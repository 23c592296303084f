import { describe, expect, it } from 'vitest'
import { leadDataFromSubmission, parseLeadSubmission } from './lead-input'

describe('parseLeadSubmission', () => {
  it('accepts the fields of seed 002 §3.2 and normalises the email', () => {
    const result = parseLeadSubmission({
      email: ' Owner@Example.COM ',
      source: 'voice_agent',
      sourceDetail: 'Voice Agent - Spanish',
      industry: 'real_estate',
      employeeCount: '5-10',
      preferredLanguage: 'es',
      timezone: 'America/Mexico_City',
      aiMaturityIndicators: ['uses ChatGPT'],
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(leadDataFromSubmission(result.submission)).toMatchObject({
      email: 'owner@example.com',
      source: 'VOICE_AGENT',
      industry: 'REAL_ESTATE',
      employeeCount: 'RANGE_5_10',
      preferredLanguage: 'ES',
      timezone: 'America/Mexico_City',
    })
  })

  it('requires email and source', () => {
    expect(parseLeadSubmission({})).toEqual({
      ok: false,
      errors: [
        { field: 'email', message: 'is required' },
        { field: 'source', message: 'is required' },
      ],
    })
  })

  it('names unknown fields, unknown enum values and a bad time zone', () => {
    const result = parseLeadSubmission({
      email: 'a@b.co',
      source: 'billboard',
      timezone: 'Mars/Olympus',
      leadScore: 99,
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((error) => error.field).sort()).toEqual(['leadScore', 'source', 'timezone'])
    expect(result.errors.find((error) => error.field === 'leadScore')?.message).toBe('is not a lead field')
  })

  it('rejects a body that is not an object', () => {
    expect(parseLeadSubmission([{ email: 'a@b.co' }])).toEqual({
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object' }],
    })
  })
})
