import { describe, expect, it } from 'vitest'
import type { Industry } from '../../prisma/generated/enums'
import { industryProfile } from '../industries/industry-profiles'
import { nurtureSequences, type NurtureSequenceName } from '../nurture/sequences'
import type { RoiCalculationResult } from '../roi/roi-calculator'
import { renderableNurtureSteps, renderNurtureEmail, type NurtureEmailInput } from './nurture-emails'

const links = {
  unsubscribeUrl: 'https://crm.example.com/unsubscribe/bGVhZA.c2lnbmF0dXJl',
  roiCalculatorUrl: 'https://www.example.com/roi-calculator',
  bookingUrl: 'https://cal.com/durable-crm/discovery',
  reportUrl: 'https://crm.example.com/roi-calculations/calc_1/report.pdf',
}
// §7.1 for an HVAC team (automation factor 1.1) at 30 admin hours and $55, by hand: 8.25 h (held to Discovery's 8),
// 16.5 h, 26.4 h; × $55 = $440, $907.50, $1,452 a week; × 52 − each tier's contract ($7,000, $20,000, $75,000) =
// $15,880, $27,190, $504; paid back in 7,000 ÷ 440 = 15.9, 20,000 ÷ 907.50 = 22.0, 75,000 ÷ 1,452 = 51.7 weeks.
const roi: RoiCalculationResult = {
  weeklyHoursSaved: { discovery: 8, foundation: 16.5, architect: 26.4 },
  weeklyValueCreated: { discovery: 440, foundation: 907.5, architect: 1452 },
  annualROI: {
    discovery: { value: 15880, percentage: 226.86 },
    foundation: { value: 27190, percentage: 135.95 },
    architect: { value: 504, percentage: 0.67 },
  },
  paybackPeriod: { discovery: 15.9, foundation: 22, architect: 51.7 },
  firstYearCost: { discovery: 7000, foundation: 20000, architect: 75000 },
}

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
    expect(email.text).toContain(
      '- Foundation: about 16.5 hours saved a week, $27,190 net return in the first year, paid back in 22 weeks',
    )
    expect(email.text).toContain('- Discovery: about 8 hours saved a week, $15,880 net return')
    expect(email.text).toContain('- Architect: about 26.4 hours saved a week, $504 net return')
    expect(email.text).toContain('attached as a PDF')
    expect(email.text).toContain(`Open your report online: ${links.reportUrl}`)
    const withoutLink = renderNurtureEmail(
      input({ sequence: 'roi-calculator', step: 'report', roi, links: { ...links, reportUrl: null } }),
    )
    expect(withoutLink.text).not.toContain('Open your report online')
  })

  it('final-push quotes the fastest payback from the calculation', () => {
    const email = renderNurtureEmail(input({ sequence: 'roi-calculator', step: 'final-push', roi, language: 'ES' }))
    // The fastest of 15.9, 22 and 51.7 weeks.
    expect(email.text).toContain('en tan solo 15.9 semanas')
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
