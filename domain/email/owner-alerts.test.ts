import { describe, expect, it } from 'vitest'
import type { LeadNotificationKind } from '../../activities/lead-lifecycle-contract'
import { renderOwnerAlert } from './owner-alerts'

const lead = { name: 'Dana Whitfield', companyName: 'Whitfield HVAC', score: 84, source: 'VOICE_AGENT' }
const leadUrl = 'https://crm.example.com/leads/cl_lead_1'
const kinds: LeadNotificationKind[] = ['LEAD_ASSIGNED', 'LEAD_NEW_OVERDUE', 'LEAD_HIGH_SCORE', 'LEAD_QUALIFIED']

describe('renderOwnerAlert', () => {
  it.each(kinds)('%s names the lead, its score and source, and links to it in text and HTML', (kind) => {
    const alert = renderOwnerAlert({ kind, lead, detail: null, leadUrl })
    expect(alert.title).toContain('Dana Whitfield (Whitfield HVAC)')
    expect(alert.subject).toBe(`[Durable CRM] ${alert.title}`)
    expect(alert.body).toContain('Score 84/100 · Source: voice agent')
    expect(alert.text).toContain(`Open the lead: ${leadUrl}`)
    expect(alert.html).toContain(`<a href="${leadUrl}">Open the lead</a>`)
  })

  it('gives each kind its own title', () => {
    const titles = kinds.map((kind) => renderOwnerAlert({ kind, lead, detail: null, leadUrl }).title)
    expect(new Set(titles).size).toBe(kinds.length)
    expect(titles).toEqual([
      'New lead assigned to you: Dana Whitfield (Whitfield HVAC)',
      'Follow up with Dana Whitfield (Whitfield HVAC): still new after 24 hours',
      'High-value lead: Dana Whitfield (Whitfield HVAC)',
      'Lead qualified: Dana Whitfield (Whitfield HVAC)',
    ])
  })

  it('carries the detail (the qualification trigger) into the notification and the email', () => {
    const alert = renderOwnerAlert({ kind: 'LEAD_QUALIFIED', lead, detail: 'Lead score > 70 → MQL', leadUrl })
    expect(alert.body).toContain('Lead score > 70 → MQL')
    expect(alert.text).toContain('Lead score > 70 → MQL')
    expect(alert.html).toContain('Lead score &#62; 70 → MQL')
  })

  it('escapes what the lead typed in the HTML and leaves out a missing company', () => {
    const alert = renderOwnerAlert({
      kind: 'LEAD_ASSIGNED',
      lead: { name: '<script>alert(1)</script>', companyName: null, score: 12, source: 'WEBSITE' },
      detail: null,
      leadUrl: 'https://crm.example.com/leads/x?a=1&b=2',
    })
    expect(alert.title).toBe('New lead assigned to you: <script>alert(1)</script>')
    expect(alert.html).not.toContain('<script>')
    expect(alert.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;')
    expect(alert.html).toContain('href="https://crm.example.com/leads/x?a=1&#38;b=2"')
  })
})
