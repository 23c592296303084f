import { describe, expect, it } from 'vitest'
import { leadDataFromSubmission, leadGapsFilledBy, parseLeadSubmission } from './lead-input'

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

describe('marketing consent', () => {
  it('is an optional boolean kept out of the lead columns (it lives in CommunicationPreference)', () => {
    const result = parseLeadSubmission({ email: 'a@b.co', source: 'website', marketingConsent: true })
    expect(result.ok && result.submission.marketingConsent).toBe(true)
    expect(result.ok && 'marketingConsent' in leadDataFromSubmission(result.submission)).toBe(false)
    const wrong = parseLeadSubmission({ email: 'a@b.co', source: 'website', marketingConsent: 'yes' })
    expect(wrong.ok ? [] : wrong.errors.map((error) => error.field)).toEqual(['marketingConsent'])
  })
})

describe('leadGapsFilledBy', () => {
  it('fills only empty columns about the person and never touches the first touch', () => {
    const current = {
      firstName: 'Rosa',
      lastName: null,
      companyName: null,
      industry: 'PLUMBING',
      aiMaturityIndicators: [],
      utmSource: null,
      timezone: null,
    }
    expect(
      leadGapsFilledBy(current, {
        firstName: 'Rosalind',
        lastName: 'Martínez',
        companyName: 'Northwind Plumbing',
        industry: 'hvac',
        aiMaturityIndicators: ['uses ChatGPT'],
        utmSource: 'newsletter',
        referrer: 'https://news.example',
        timezone: 'America/Chicago',
      }),
    ).toEqual({
      lastName: 'Martínez',
      companyName: 'Northwind Plumbing',
      aiMaturityIndicators: ['uses ChatGPT'],
      timezone: 'America/Chicago',
    })
  })
})
