import { describe, expect, it } from 'vitest'
import type { Industry } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { nurtureSequences, type NurtureSequenceName } from '../nurture/sequences'
import { calculateRoi } from '../roi/roi-calculator'
import { renderableNurtureSteps, renderNurtureEmail, type NurtureEmailInput } from './nurture-emails'

const links = {
  unsubscribeUrl: 'https://crm.example.com/unsubscribe/bGVhZA.c2lnbmF0dXJl',
  roiCalculatorUrl: 'https://www.example.com/roi-calculator',
  bookingUrl: 'https://cal.com/durable-crm/discovery',
  reportUrl: 'https://crm.example.com/roi-calculations/calc_1/report.pdf',
}
const roi = calculateRoi({ industry: 'HVAC', employeeCount: 'RANGE_10_25', hourlyRate: 55, weeklyAdminHours: 30 })

function input(
  overrides: Partial<NurtureEmailInput> & Pick<NurtureEmailInput, 'sequence' | 'step'>,
): NurtureEmailInput {
  return {
    language: 'EN',
    firstName: 'Dana',
    companyName: 'Whitfield HVAC',
    industry: 'HVAC',
    links,
    transcriptSummary: null,
    roi: null,
    ...overrides,
  }
}

const allSteps = (Object.keys(nurtureSequences) as NurtureSequenceName[]).flatMap((sequence) =>
  nurtureSequences[sequence].map((definition) => ({ sequence, step: definition.step })),
)

describe('renderNurtureEmail: every step of every sequence', () => {
  it('has an email for exactly the steps domain/nurture/sequences.ts defines', () => {
    for (const sequence of Object.keys(nurtureSequences) as NurtureSequenceName[]) {
      expect(renderableNurtureSteps(sequence).sort()).toEqual(
        nurtureSequences[sequence].map((step) => step.step).sort(),
      )
    }
  })

  it.each(allSteps)('$sequence/$step in English and Spanish, each with the unsubscribe link', ({ sequence, step }) => {
    const english = renderNurtureEmail(input({ sequence, step, roi, transcriptSummary: 'Dispatch is the bottleneck.' }))
    const spanish = renderNurtureEmail(
      input({ sequence, step, language: 'ES', roi, transcriptSummary: 'El despacho es el cuello de botella.' }),
    )
    for (const email of [english, spanish]) {
      expect(email.subject.length).toBeGreaterThan(5)
      expect(email.text).toContain(links.unsubscribeUrl)
      expect(email.html).toContain(`href="${links.unsubscribeUrl}"`)
    }
    expect(english.text).toMatch(/^Hi Dana,/)
    expect(english.text).toContain('Unsubscribe: ')
    expect(spanish.text).toMatch(/^Hola Dana:/)
    expect(spanish.text).toContain('Darse de baja: ')
    expect(spanish.subject).not.toBe(english.subject)
    expect(spanish.text).not.toContain('The AI KRE8TION Partners team')
  })

  it('gives every step of a sequence its own subject', () => {
    for (const sequence of Object.keys(nurtureSequences) as NurtureSequenceName[]) {
      for (const language of ['EN', 'ES'] as const) {
        const subjects = nurtureSequences[sequence].map(
          ({ step }) => renderNurtureEmail(input({ sequence, step, language, roi })).subject,
        )
        expect(new Set(subjects).size, `${sequence} ${language}`).toBe(subjects.length)
      }
    }
  })

  it('refuses a step it does not know', () => {
    expect(() => renderNurtureEmail(input({ sequence: 'roi-calculator', step: 'thank-you' }))).toThrow(
      /No email for nurture step "thank-you"/,
    )
  })
})

describe('renderNurtureEmail: content', () => {
  it('thank-you carries the conversation summary, escaped in HTML', () => {
    const summary = 'You asked about <dispatch> & quoting for 12 technicians.'
    const email = renderNurtureEmail(
      input({ sequence: 'voice-with-email', step: 'thank-you', transcriptSummary: summary }),
    )
    expect(email.text).toContain(summary)
    expect(email.html).toContain('You asked about &#60;dispatch&#62; &#38; quoting for 12 technicians.')
    expect(email.html).not.toContain('<dispatch>')
    const withoutSummary = renderNurtureEmail(input({ sequence: 'voice-with-email', step: 'thank-you' }))
    expect(withoutSummary.text).toContain('A member of our team is reviewing the conversation.')
  })

  it('roi-link points to the calculator and lists the industry use cases, in the person language', () => {
    const profile = industryProfile('PROPERTY_MANAGEMENT')
    const english = renderNurtureEmail(
      input({ sequence: 'voice-with-email', step: 'roi-link', industry: 'PROPERTY_MANAGEMENT' }),
    )
    expect(english.text).toContain(`Calculate your ROI: ${links.roiCalculatorUrl}`)
    for (const useCase of profile.useCases) expect(english.text).toContain(`- ${useCase.en}`)
    const spanish = renderNurtureEmail(
      input({ sequence: 'voice-with-email', step: 'roi-link', industry: 'PROPERTY_MANAGEMENT', language: 'ES' }),
    )
    for (const useCase of profile.useCases) expect(spanish.text).toContain(`- ${useCase.es}`)
    expect(spanish.text).toContain(`Calcule su ROI: ${links.roiCalculatorUrl}`)
  })

  it.each(['HVAC', 'REAL_ESTATE', 'ECOMMERCE', 'OTHER', null] as (Industry | null)[])(
    'case-study tells the %s case study',
    (industry) => {
      const { caseStudy } = industryProfile(industry)
      for (const sequence of ['voice-with-email', 'roi-calculator'] as const) {
        const email = renderNurtureEmail(input({ sequence, step: 'case-study', industry }))
        expect(email.subject).toBe(`Case study: ${caseStudy.title.en}`)
        expect(email.text).toContain(caseStudy.summary.en)
        expect(email.text).toContain(caseStudy.result.en)
        const spanish = renderNurtureEmail(input({ sequence, step: 'case-study', industry, language: 'ES' }))
        expect(spanish.text).toContain(caseStudy.result.es)
      }
    },
  )

  it('booking-cta links to the booking page and names the recommended systems', () => {
    const email = renderNurtureEmail(
      input({ sequence: 'roi-calculator', step: 'booking-cta', industry: 'CONSTRUCTION' }),
    )
    expect(email.text).toContain(`Book your discovery call: ${links.bookingUrl}`)
    for (const system of industryProfile('CONSTRUCTION').recommendedSystems)
      expect(email.text).toContain(system.name.en)
    expect(email.subject).toBe('30 minutes to map the first AI system for Whitfield HVAC')
  })

  it('report lists the three tiers with the calculator numbers and links the PDF online', () => {
    const email = renderNurtureEmail(input({ sequence: 'roi-calculator', step: 'report', roi }))
    const money = (value: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value)
    const hours = (value: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value)
    expect(email.text).toContain(
      `- Foundation: about ${hours(roi.weeklyHoursSaved.foundation)} hours saved a week, ${money(roi.annualROI.foundation.value)} net return in the first year, paid back in ${hours(roi.paybackPeriod.foundation)} weeks`,
    )
    expect(email.text).toContain(`- Discovery: about ${hours(roi.weeklyHoursSaved.discovery)} hours`)
    expect(email.text).toContain(`- Architect: about ${hours(roi.weeklyHoursSaved.architect)} hours`)
    expect(email.text).toContain('attached as a PDF')
    expect(email.text).toContain(`Open your report online: ${links.reportUrl}`)
    const withoutLink = renderNurtureEmail(
      input({ sequence: 'roi-calculator', step: 'report', roi, links: { ...links, reportUrl: null } }),
    )
    expect(withoutLink.text).not.toContain('Open your report online')
  })

  it('final-push quotes the fastest payback from the calculation', () => {
    const fastest = Math.min(roi.paybackPeriod.discovery, roi.paybackPeriod.foundation, roi.paybackPeriod.architect)
    const email = renderNurtureEmail(input({ sequence: 'roi-calculator', step: 'final-push', roi, language: 'ES' }))
    expect(email.text).toContain(
      `en tan solo ${new Intl.NumberFormat('es-US', { maximumFractionDigits: 1 }).format(fastest)} semanas`,
    )
    expect(email.subject).toBe('¿Listo para conversar?')
  })

  it('greets without a name, speaks of "your business" without a company, and escapes a company name', () => {
    const anonymous = renderNurtureEmail(
      input({ sequence: 'voice-with-email', step: 'roi-link', firstName: null, companyName: null }),
    )
    expect(anonymous.text).toMatch(/^Hi there,/)
    expect(anonymous.subject).toBe('What could AI systems save your business?')
    const spanish = renderNurtureEmail(
      input({ sequence: 'voice-with-email', step: 'roi-link', firstName: null, companyName: '  ', language: 'ES' }),
    )
    expect(spanish.text).toMatch(/^Hola:/)
    expect(spanish.subject).toBe('¿Cuánto podrían ahorrar los sistemas de IA a su negocio?')
    const tricky = renderNurtureEmail(
      input({
        sequence: 'roi-calculator',
        step: 'final-push',
        companyName: 'Smith & "Sons" <Ltd>',
        firstName: '<b>Al</b>',
      }),
    )
    expect(tricky.text).toContain('Smith & "Sons" <Ltd>')
    expect(tricky.html).toContain('Smith &#38; &#34;Sons&#34; &#60;Ltd&#62;')
    expect(tricky.html).toContain('Hi &#60;b&#62;Al&#60;/b&#62;,')
    expect(tricky.html).not.toMatch(/<b>|<Ltd>/)
  })
})
