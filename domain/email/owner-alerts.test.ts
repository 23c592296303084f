import { describe, expect, it } from 'vitest'
import type { LeadNotificationKind } from '../../activities/lead-lifecycle-contract'
import { renderOwnerAlert, stageOfTrigger } from './owner-alerts'

const lead = { name: 'Dana Whitfield', companyName: 'Whitfield HVAC', score: 84, source: 'VOICE_AGENT' }
const leadUrl = 'https://crm.example.com/leads/cl_lead_1'
const kinds: LeadNotificationKind[] = [
  'LEAD_ASSIGNED',
  'LEAD_NEW_OVERDUE',
  'LEAD_HIGH_SCORE',
  'LEAD_QUALIFIED',
  'LEAD_FOLLOW_UP_DUE',
]

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
      'Time to follow up with Dana Whitfield (Whitfield HVAC)',
    ])
  })

  it('carries the detail into the notification and the email', () => {
    const alert = renderOwnerAlert({ kind: 'LEAD_HIGH_SCORE', lead, detail: 'Lead score > 80', leadUrl })
    expect(alert.body).toContain('Lead score > 80')
    expect(alert.text).toContain('Lead score > 80')
    expect(alert.html).toContain('Lead score &#62; 80')
  })

  it('never prints a score that was not computed: an unscored lead has no score line, a scored 0 has one', () => {
    const unscored = { ...lead, score: null }
    for (const kind of kinds) {
      const alert = renderOwnerAlert({ kind, lead: unscored, detail: null, leadUrl })
      for (const part of [alert.title, alert.body, alert.text, alert.html]) expect(part).not.toMatch(/score \d|\/100/i)
      expect(alert.body).toContain('Source: voice agent')
    }
    const assigned = renderOwnerAlert({ kind: 'LEAD_ASSIGNED', lead: unscored, detail: null, leadUrl })
    expect(assigned.body).toBe('Source: voice agent · Please reach out within one business day.')
    expect(
      renderOwnerAlert({ kind: 'LEAD_ASSIGNED', lead: { ...lead, score: 0 }, detail: null, leadUrl }).body,
    ).toContain('Score 0/100 · Source: voice agent')
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

describe('MQL and SQL alerts (seed 002 §3.3)', () => {
  const qualified = (stage: 'MQL' | 'SQL', trigger: string) =>
    renderOwnerAlert({ kind: 'LEAD_QUALIFIED', lead, detail: trigger, qualification: { stage, trigger }, leadUrl })

  it('knows the stage of each §3.3 trigger, in the seed’s own words', () => {
    expect(stageOfTrigger('Lead score > 70 → MQL')).toBe('MQL')
    expect(stageOfTrigger('Voice agent > 5 questions + ROI calc → MQL')).toBe('MQL')
    expect(stageOfTrigger('Calendar booking + lead score > 50 → SQL')).toBe('SQL')
    expect(stageOfTrigger('Referral with industry match → SQL')).toBe('SQL')
    expect(stageOfTrigger('Something else')).toBeNull()
    expect(stageOfTrigger(null)).toBeNull()
  })

  it('gives MQL and SQL their own subjects, naming the stage', () => {
    const mql = qualified('MQL', 'Lead score > 70 → MQL')
    const sql = qualified('SQL', 'Calendar booking + lead score > 50 → SQL')
    expect(mql.subject).toBe('[Durable CRM] Marketing-qualified lead (MQL): Dana Whitfield (Whitfield HVAC)')
    expect(sql.subject).toBe('[Durable CRM] Sales-qualified lead (SQL): Dana Whitfield (Whitfield HVAC)')
    expect(mql.title).toBe('Marketing-qualified lead (MQL): Dana Whitfield (Whitfield HVAC)')
  })

  it.each([
    [
      'MQL',
      'Lead score > 70 → MQL',
      'Stage: MQL, marketing qualified. Trigger: Lead score > 70 → MQL. Their lead score passed 70.',
      'Next: reach out to confirm their needs, budget and timeline, and offer a discovery call.',
    ],
    [
      'MQL',
      'Voice agent > 5 questions + ROI calc → MQL',
      'Trigger: Voice agent > 5 questions + ROI calc → MQL. They asked the voice agent more than 5 questions and completed the ROI calculator.',
      'Next: read their conversation and ROI figures on the lead page',
    ],
    [
      'SQL',
      'Calendar booking + lead score > 50 → SQL',
      'Stage: SQL, sales qualified (the lead is now Qualified). Trigger: Calendar booking + lead score > 50 → SQL. They booked a call and their lead score is above 50.',
      'Next: prepare for the booked call',
    ],
    [
      'SQL',
      'Referral with industry match → SQL',
      'Trigger: Referral with industry match → SQL. They were referred to us and work in an industry we serve.',
      'Next: reach out today to book a discovery call; after it, convert the lead to an opportunity or disqualify it with a reason.',
    ],
  ] as const)('%s via "%s" says the stage, the trigger and what to do next', (stage, trigger, why, next) => {
    const alert = qualified(stage, trigger)
    for (const part of [alert.body, alert.text]) {
      expect(part).toContain(why)
      expect(part).toContain(next)
      // The trigger is said once, in its sentence.
      expect(part.split(trigger)).toHaveLength(2)
    }
    expect(alert.body).toContain('Score 84/100 · Source: voice agent')
    expect(alert.text).toContain(`Open the lead: ${leadUrl}`)
  })

  it('MQL asks to qualify towards a call; SQL asks to hold the conversation and convert or disqualify', () => {
    const mql = qualified('MQL', 'Lead score > 70 → MQL').text
    const sql = qualified('SQL', 'Referral with industry match → SQL').text
    expect(mql).toContain('makes them sales qualified (SQL)')
    expect(mql).not.toMatch(/convert/)
    expect(sql).toMatch(/convert the lead to an opportunity or disqualify it/)
  })
})
