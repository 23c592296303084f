import { describe, expect, it } from 'vitest'
import { renderLeadAcknowledgement } from './lead-acknowledgement'

const unsubscribeUrl = 'https://crm.example.com/unsubscribe/bGVhZC0x.sig?x=1&y=2'

describe('renderLeadAcknowledgement', () => {
  it('writes to a Spanish-speaking HVAC owner in Spanish, about their industry', () => {
    const email = renderLeadAcknowledgement({
      firstName: 'Lucía',
      preferredLanguage: 'ES',
      source: 'VOICE_AGENT',
      industry: 'HVAC',
      companyName: null,
      unsubscribeUrl,
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
      unsubscribeUrl,
    })
    expect(email.text).toMatch(/^Hi there,/)
    expect(email.text).toContain('how <b>Acme & Sons</b> works today')
    expect(email.html).toContain('&#60;b&#62;Acme &#38; Sons&#60;/b&#62;')
    expect(email.html).not.toContain('<b>Acme')
  })

  it.each([
    ['EN', 'Unsubscribe', 'You receive this email because you contacted AI KRE8TION Partners'],
    ['ES', 'Darse de baja', 'Recibe este correo porque contactó a AI KRE8TION Partners'],
  ] as const)('ends, like every email, with why it was sent and the unsubscribe link (%s)', (language, label, why) => {
    const email = renderLeadAcknowledgement({
      firstName: 'Ana',
      preferredLanguage: language,
      source: 'WEBSITE',
      industry: null,
      companyName: null,
      unsubscribeUrl,
    })
    expect(email.text).toMatch(
      new RegExp(`\\n\\n--\\n\\n${why}[^\\n]*\\n${label}: ${unsubscribeUrl.replace(/[.?]/g, '\\$&')}$`),
    )
    expect(email.html).toContain(`<a href="https://crm.example.com/unsubscribe/bGVhZC0x.sig?x=1&#38;y=2">${label}</a>`)
  })
})
