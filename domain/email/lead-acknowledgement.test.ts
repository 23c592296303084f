import { describe, expect, it } from 'vitest'
import { renderLeadAcknowledgement } from './lead-acknowledgement'

describe('renderLeadAcknowledgement', () => {
  it('writes to a Spanish-speaking HVAC owner in Spanish, about their industry', () => {
    const email = renderLeadAcknowledgement({
      firstName: 'Lucía',
      preferredLanguage: 'ES',
      source: 'VOICE_AGENT',
      industry: 'HVAC',
      companyName: null,
    })
    expect(email.subject).toBe('Gracias por contactar a AI KRE8TION Partners')
    expect(email.text).toMatch(/^Hola Lucía:/)
    expect(email.text).toContain('empresas de climatización como la suya')
  })

  it('greets without a name and escapes what the lead typed in the HTML part', () => {
    const email = renderLeadAcknowledgement({
      firstName: null,
      preferredLanguage: 'EN',
      source: 'WEBSITE',
      industry: null,
      companyName: '<b>Acme & Sons</b>',
    })
    expect(email.text).toMatch(/^Hi there,/)
    expect(email.text).toContain('how <b>Acme & Sons</b> works today')
    expect(email.html).toContain('&#60;b&#62;Acme &#38; Sons&#60;/b&#62;')
    expect(email.html).not.toContain('<b>Acme')
  })
})
