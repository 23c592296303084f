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

  it('refuses an unknown source, naming only it', () => {
    const result = parseLeadSubmission({ email: 'a@b.co', source: 'billboard', timezone: 'Mars/Olympus', gclid: 'x' })
    expect(result).toEqual({ ok: false, errors: [{ field: 'source', message: expect.any(String) }] })
  })

  it('keeps, with the reason, fields it does not know and optional values that do not fit; the lead stands', () => {
    const result = parseLeadSubmission({
      email: 'a@b.co',
      source: 'paid_ads',
      firstName: 'Ana',
      timezone: 'Mars/Olympus',
      industry: 'landscaping',
      leadScore: 99,
      gclid: 'Cj0KCQiA',
    })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.submission).toEqual({ email: 'a@b.co', source: 'paid_ads', firstName: 'Ana' })
    expect(Object.fromEntries(result.kept.map((kept) => [kept.field, [kept.value, kept.reason]]))).toEqual({
      gclid: ['Cj0KCQiA', 'is not a lead field'],
      leadScore: [99, 'is not a lead field'],
      industry: ['landscaping', expect.stringContaining('hvac')],
      timezone: ['Mars/Olympus', expect.any(String)],
    })
  })

  it('refuses a missing or invalid email even when everything else fits', () => {
    expect(parseLeadSubmission({ email: 'not-an-address', source: 'website', gclid: 'x' })).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    })
  })

  it('takes the default source of a route for a missing or unknown one, keeping what was sent', () => {
    const unknown = parseLeadSubmission({ email: 'a@b.co', source: 'landing_page' }, { defaultSource: 'website' })
    expect(unknown).toEqual({
      ok: true,
      submission: { email: 'a@b.co', source: 'website' },
      kept: [{ field: 'source', value: 'landing_page', reason: 'is not a known lead source' }],
    })
    expect(parseLeadSubmission({ email: 'a@b.co' }, { defaultSource: 'website' })).toEqual({
      ok: true,
      submission: { email: 'a@b.co', source: 'website' },
      kept: [],
    })
  })

  it('refuses a source holding a NUL or a lone surrogate even where a default source applies', () => {
    expect(parseLeadSubmission({ email: 'a@b.co', source: 'web\u0000site' }, { defaultSource: 'website' })).toEqual({
      ok: false,
      errors: [{ field: 'source', message: 'must not contain a NUL character (U+0000)' }],
    })
    const nested = parseLeadSubmission({ email: 'a@b.co', source: ['\udc00'] }, { defaultSource: 'website' })
    expect(nested.ok).toBe(false)
  })

  it('takes a landing page as a path or an absolute URL, as given', () => {
    for (const landingPage of ['/hvac', '/es/roi?utm_source=google#top', 'https://aikre8tion.example/hvac']) {
      const result = parseLeadSubmission({ email: 'a@b.co', source: 'website', landingPage })
      expect(result.ok && result.submission.landingPage).toBe(landingPage)
      expect(result.ok && result.kept).toEqual([])
    }
    for (const landingPage of ['hvac', '//evil.example/x', 'javascript:alert(1)', '/two words']) {
      const result = parseLeadSubmission({ email: 'a@b.co', source: 'website', landingPage })
      expect(result.ok && result.kept.map((kept) => kept.field)).toEqual(['landingPage'])
    }
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
    // Anything but true is no consent (opt-in): the value is kept aside, the lead is captured without consent.
    const wrong = parseLeadSubmission({ email: 'a@b.co', source: 'website', marketingConsent: 'yes' })
    expect(wrong.ok && wrong.submission.marketingConsent).toBeUndefined()
    expect(wrong.ok && wrong.kept.map((kept) => kept.field)).toEqual(['marketingConsent'])
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
