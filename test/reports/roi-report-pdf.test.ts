import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { industryProfile, localize } from '../../domain/industries/industry-profiles'
import { calculateRoi, type RoiInputs } from '../../domain/roi/roi-calculator'
import { loadRoiReportInput } from '../../lib/reports/roi-report-input'
import { renderRoiReportPdf, type RoiReportInput } from '../../lib/reports/roi-report-pdf'
import { Industry } from '../../prisma/generated/enums'
import { launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { parsePdf, renderPdfPageInChromium } from '../support/pdf-render'

const bookingUrl = 'https://cal.com/durable-crm/discovery'
const createdAt = new Date('2026-11-20T15:00:00Z')
// Plumbing's automation factor is 1.1: Discovery 8.25 h clamps to 8, Foundation 16.5 h, Architect 26.4 h.
const plumbing: RoiInputs = { industry: 'PLUMBING', employeeCount: 'RANGE_10_25', hourlyRate: 45, weeklyAdminHours: 30 }

function reportInput(overrides: Partial<RoiReportInput> = {}): RoiReportInput {
  const inputs = overrides.inputs ?? plumbing
  return {
    calculationId: 'calc_report_test',
    createdAt,
    language: 'EN',
    recipient: { firstName: 'Rosa', companyName: 'Northwind Plumbing' },
    inputs,
    result: calculateRoi(inputs),
    selectedTier: 'FOUNDATION',
    bookingUrl,
    ...overrides,
  }
}

describe('the ROI report PDF', () => {
  it('shows the inputs and, per tier, every figure worked out by hand, with the personal header', async () => {
    const pdf = await parsePdf(await renderRoiReportPdf(reportInput()))

    expect(pdf.pageCount).toBe(2)
    const [first] = pdf.pages
    expect(first).toContain('Your ROI report')
    expect(first).toContain('Prepared for Rosa, Northwind Plumbing')
    expect(first).toContain('Calculated on November 20, 2026')
    expect(first).toContain(
      'INDUSTRY Plumbing TEAM SIZE 10–25 employees HOURLY RATE $45 per hour ADMIN HOURS 30.0 hours a week',
    )
    // The rows as a reader sees them, worked out by hand from §7.1 and each tier's contract (seed 002 §2.3 setup fee +
    // monthly fee × the months its §5.3 weeks touch): $4,000 + $1,500 × 2 = $7,000; $9,500 + $3,500 × 3 = $20,000;
    // $30,000 + $7,500 × 6 = $75,000.
    // Discovery: 8.0 h × $45 = $360; × 52 = $18,720 − $7,000 = $11,720, 167%; $7,000 ÷ $360 = 19.4 weeks.
    expect(first).toContain('Discovery 8.0 $360 $11,720 167% 19.4 weeks $7,000')
    // Foundation: 16.5 h × $45 = $742.50; × 52 = $38,610 − $20,000 = $18,610, 93%; $20,000 ÷ $742.50 = 26.9 weeks.
    expect(first).toContain('Foundation Your pick 16.5 $743 $18,610 93% 26.9 weeks $20,000')
    // Architect: 26.4 h × $45 = $1,188; × 52 = $61,776 − $75,000 = −$13,224, −18%; $75,000 ÷ $1,188 = 63.1 weeks.
    expect(first).toContain('Architect 26.4 $1,188 -$13,224 -18% 63.1 weeks $75,000')
    // The chart's bars: a year of value per tier (weekly value × 52, above).
    for (const yearOfValue of ['$18,720', '$38,610', '$61,776']) expect(first).toContain(yearOfValue)
    expect(first).toContain('Value created in a year vs. first-year cost')
    expect(first).toContain('Page 1 of 2')
  })

  it('marks the inputs the person did not give as the industry average, in both languages', async () => {
    const entered = await parsePdf(await renderRoiReportPdf(reportInput()))
    expect(entered.pages[0]).not.toContain('Not entered')

    const assumed = await parsePdf(
      await renderRoiReportPdf(reportInput({ assumedInputs: ['hourlyRate', 'weeklyAdminHours'] })),
    )
    const [first] = assumed.pages
    expect(first).toContain('TEAM SIZE 10–25 employees HOURLY RATE $45 * per hour ADMIN HOURS 30.0 * hours a week')
    expect(first).toContain('* Not entered: the industry average was used.')
    expect(assumed.pageCount).toBe(2)

    const spanish = await parsePdf(
      await renderRoiReportPdf(reportInput({ language: 'ES', assumedInputs: ['employeeCount'] })),
    )
    expect(spanish.pages[0]).toContain('10–25 * empleados')
    expect(spanish.pages[0]).toContain('* No indicado: se usó el promedio del sector.')
  })

  it('shows the industry use cases, systems and case study, the timeline per tier and the booking link', async () => {
    const pdf = await parsePdf(await renderRoiReportPdf(reportInput()))

    const second = pdf.pages[1]!
    const profile = industryProfile('PLUMBING')
    expect(second).toContain('What this looks like in Plumbing')
    for (const useCase of profile.useCases) expect(second).toContain(localize(useCase, 'EN'))
    for (const system of profile.recommendedSystems) {
      expect(second).toContain(localize(system.name, 'EN'))
      expect(second).toContain(`about ${system.typicalHoursSaved} h saved a week`)
    }
    expect(second).toContain(localize(profile.caseStudy.result, 'EN'))
    expect(second).toContain('Implementation timeline')
    expect(second).toMatch(
      /Discovery 8 weeks · 1 system Foundation 12 weeks · 3 systems Architect 24 weeks · 6 systems/,
    )
    expect(second).toContain('Next step: a free discovery call')
    expect(second).toContain(bookingUrl)
    // The printed address and the button both open the booking page.
    expect(pdf.links[1]).toEqual([bookingUrl, bookingUrl])
    expect(second).toContain('How we calculate')
    expect(second).toContain('Page 2 of 2')
  })

  it('speaks Spanish to a Spanish-speaking lead, numbers and dates included', async () => {
    const pdf = await parsePdf(await renderRoiReportPdf(reportInput({ language: 'ES', selectedTier: null })))

    const [first, second] = pdf.pages as [string, string]
    expect(first).toContain('Su informe de ROI')
    expect(first).toContain('Preparado para Rosa, Northwind Plumbing')
    expect(first).toContain('Calculado el 20 de noviembre de 2026')
    expect(first).toContain('TAMAÑO DEL EQUIPO 10–25 empleados')
    expect(first).toContain('Discovery Descubrimiento 8.0 $360 $11,720 167% 19.4 semanas $7,000')
    expect(first).not.toContain('Su elección')
    expect(second).toContain('Cómo se ve en Plomería')
    for (const useCase of industryProfile('PLUMBING').useCases) expect(second).toContain(localize(useCase, 'ES'))
    expect(second).toContain('Foundation Fundamentos 12 semanas · 3 sistemas')
    expect(second).toContain('Agende su llamada')
    expect(second).toContain('Página 2 de 2')
    expect(pdf.info.Language).toBe('es-US')
  })

  it('addresses a reader without a name or company as "you"', async () => {
    const pdf = await parsePdf(
      await renderRoiReportPdf(reportInput({ recipient: { firstName: null, companyName: '  ' } })),
    )
    expect(pdf.pages[0]).toContain('Prepared for you')
  })

  it('spells names in other Latin alphabets plainly and leaves out what the fonts cannot draw', async () => {
    const plainly = await parsePdf(
      await renderRoiReportPdf(reportInput({ recipient: { firstName: 'Łukasz', companyName: 'Dvořák Heating' } })),
    )
    expect(plainly.pages[0]).toContain('Prepared for Lukasz, Dvorák Heating')
    const leftOut = await parsePdf(
      await renderRoiReportPdf(reportInput({ recipient: { firstName: '李雷', companyName: 'Northwind Plumbing' } })),
    )
    expect(leftOut.pages[0]).toContain('Prepared for Northwind Plumbing Calculated on')
  })

  it('gives the same bytes for the same calculation, dated by the calculation itself', async () => {
    const first = await renderRoiReportPdf(reportInput())
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const second = await renderRoiReportPdf(reportInput())

    expect(Buffer.compare(first, second)).toBe(0)
    const { info } = await parsePdf(first)
    expect(info.CreationDate).toBe('D:20261120150000Z')
    expect(info.ModDate).toBe('D:20261120150000Z')
    expect(info.Title).toBe('Your ROI report · AI KRE8TION Partners')
    const later = await renderRoiReportPdf(reportInput({ createdAt: new Date('2026-11-21T09:30:00Z') }))
    expect(Buffer.compare(first, later)).not.toBe(0)
  })

  it('fits every industry in both languages on two pages, nothing running into the footer', async () => {
    for (const industry of Object.values(Industry)) {
      for (const language of ['EN', 'ES'] as const) {
        const inputs: RoiInputs = { ...plumbing, industry, hourlyRate: 987.65, weeklyAdminHours: 168 }
        const pdf = await parsePdf(
          await renderRoiReportPdf(
            reportInput({
              language,
              inputs,
              result: calculateRoi(inputs),
              recipient: {
                firstName: 'Maximiliano Alejandro',
                companyName: 'Servicios Profesionales Integrales de Construcción del Noroeste S.A. de C.V.',
              },
              selectedTier: 'ARCHITECT',
            }),
          ),
        )
        expect(pdf.pageCount, `${industry} ${language}`).toBe(2)
        pdf.items.forEach((items, index) => {
          const footer = language === 'EN' ? `Page ${index + 1} of 2` : `Página ${index + 1} de 2`
          const body = items.filter((item) => item.top < 750)
          // The footer rule is at 750 pt; body text ends above it with room to spare.
          expect(Math.max(...body.map((item) => item.top)), `${industry} ${language} page ${index + 1}`).toBeLessThan(
            742,
          )
          expect(items.some((item) => item.text === footer)).toBe(true)
        })
        // A long name is set smaller to stay on its one line, never cut short or wrapped over the date below.
        const preparedFor = pdf.items[0]!.filter((item) => item.text.startsWith('Prepar'))
        expect(preparedFor).toHaveLength(1)
        expect(preparedFor[0]!.text).toContain(
          'Maximiliano Alejandro, Servicios Profesionales Integrales de Construcción del Noroeste S.A. de C.V.',
        )
        expect(pdf.pages.join(' '), `${industry} ${language}`).not.toContain('…')
        expect(pdf.pages[0]).toContain('$987.65')
      }
    }
  })
})

describe('the ROI report never cuts a value short', () => {
  // The longest industry names and the largest figures the calculator allows (168 admin hours a week at
  // $987.65 an hour): every value appears whole, and nothing ends in an ellipsis.
  const large: RoiInputs = {
    industry: 'PROPERTY_MANAGEMENT',
    employeeCount: 'RANGE_50_PLUS',
    hourlyRate: 987.65,
    weeklyAdminHours: 168,
  }
  // By hand: 168 h × 25% / 50% / 80% × 1.05 (property management) is above every tier's range, so each saves its
  // §7.1 maximum: 8, 18 and 30 h. × $987.65 = $7,901.20, $17,777.70, $29,629.50 a week; × 52 − the contract
  // ($7,000, $20,000, $75,000) = $403,862.40 (5,769%), $904,440.40 (4,522%), $1,465,734 (1,954%); paid back in
  // 7,000 ÷ 7,901.20 = 0.9, 20,000 ÷ 17,777.70 = 1.1 and 75,000 ÷ 29,629.50 = 2.5 weeks.
  const largeFigures = [
    ...['8.0', '$7,901', '$403,862', '5,769%', '0.9 weeks', '$7,000'],
    ...['18.0', '$17,778', '$904,440', '4,522%', '1.1 weeks', '$20,000'],
    ...['30.0', '$29,630', '$1,465,734', '1,954%', '2.5 weeks', '$75,000'],
  ]
  for (const [language, industryName, weeks] of [
    ['EN', 'Property Management', 'weeks'],
    ['ES', 'Administración de propiedades', 'semanas'],
  ] as const) {
    it(`shows "${industryName}" and every large figure in full (${language})`, async () => {
      const result = calculateRoi(large)
      const pdf = await parsePdf(
        await renderRoiReportPdf(reportInput({ language, inputs: large, result, selectedTier: 'ARCHITECT' })),
      )
      const text = pdf.pages.join(' ')
      expect(text).not.toContain('…')
      expect(text).toContain(industryName)
      expect(text).toContain('$987.65')
      expect(text).toContain('168.0')
      for (const figure of largeFigures) expect(text, figure).toContain(figure.replace('weeks', weeks))
    })
  }
})

describe('the ROI report in a real browser', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('renders both pages with pdf.js in Chromium: the header band, the table and chart, the timeline and call to action', async () => {
    const pdf = await renderRoiReportPdf(reportInput())
    const probes = { headerBand: [300, 20] as [number, number], leftMargin: [20, 500] as [number, number] }

    const first = await renderPdfPageInChromium(browser, pdf, { page: 1, name: 'roi-report-en-page-1', probes })
    expect(first.width).toBe(918)
    expect(first.inkedShare).toBeGreaterThan(0.15)
    expect(first.inkedShare).toBeLessThan(0.7)
    expect(first.distinctColours).toBeGreaterThan(20)
    expect(first.colours.headerBand).toEqual([31, 42, 68])
    expect(first.colours.leftMargin).toEqual([255, 255, 255])

    const second = await renderPdfPageInChromium(browser, pdf, { page: 2, name: 'roi-report-en-page-2', probes })
    expect(second.inkedShare).toBeGreaterThan(0.1)
    expect(second.distinctColours).toBeGreaterThan(20)
    expect(second.colours.headerBand).toEqual([255, 255, 255])
  })

  it('renders the report with the largest figures and the longest industry name, to be looked at', async () => {
    const inputs: RoiInputs = {
      industry: 'PROPERTY_MANAGEMENT',
      employeeCount: 'RANGE_50_PLUS',
      hourlyRate: 987.65,
      weeklyAdminHours: 168,
    }
    for (const language of ['EN', 'ES'] as const) {
      const pdf = await renderRoiReportPdf(reportInput({ language, inputs, result: calculateRoi(inputs) }))
      const rendered = await renderPdfPageInChromium(browser, pdf, {
        page: 1,
        name: `roi-report-large-${language.toLowerCase()}-page-1`,
      })
      expect(rendered.inkedShare).toBeGreaterThan(0.1)
    }
  })

  it('renders the Spanish report too', async () => {
    const pdf = await renderRoiReportPdf(reportInput({ language: 'ES' }))
    for (const page of [1, 2]) {
      const rendered = await renderPdfPageInChromium(browser, pdf, { page, name: `roi-report-es-page-${page}` })
      expect(rendered.inkedShare).toBeGreaterThan(0.1)
      expect(rendered.distinctColours).toBeGreaterThan(20)
    }
  })
})

describe('loadRoiReportInput', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase()
  })

  afterAll(async () => {
    await database?.drop()
  })

  async function storedCalculation(data: {
    calculations: object
    leadId?: string
    contactId?: string
    selectedTier?: 'DISCOVERY' | null
  }) {
    return database.db.rOICalculation.create({
      data: {
        industry: plumbing.industry,
        employeeCount: plumbing.employeeCount,
        hourlyRate: '45.00',
        weeklyAdminHours: 30,
        createdAt,
        ...data,
      },
      select: { id: true },
    })
  }

  it('reads the inputs, the stored figures, the lead and its language', async () => {
    const lead = await database.db.lead.create({
      data: {
        email: 'rosa@northwind.example',
        firstName: 'Rosa',
        companyName: 'Northwind Plumbing',
        source: 'ROI_CALCULATOR',
        preferredLanguage: 'ES',
      },
      select: { id: true },
    })
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { firstYearCost, ...section71 } = calculateRoi(plumbing)
    const calculation = await storedCalculation({ calculations: section71, leadId: lead.id, selectedTier: 'DISCOVERY' })

    const input = await loadRoiReportInput(database.db, calculation.id, bookingUrl)

    expect(input).toEqual({
      calculationId: calculation.id,
      createdAt,
      language: 'ES',
      recipient: { firstName: 'Rosa', companyName: 'Northwind Plumbing' },
      inputs: plumbing,
      assumedInputs: [],
      // Not stored with §7.1's figures: each tier's contract value ($4,000 + $1,500 × 2; $9,500 + $3,500 × 3;
      // $30,000 + $7,500 × 6).
      result: { ...section71, firstYearCost: { discovery: 7_000, foundation: 20_000, architect: 75_000 } },
      selectedTier: 'DISCOVERY',
      bookingUrl,
    })
  })

  it('shows the figures stored with the calculation, and recomputes only what is unreadable', async () => {
    const stored = { ...calculateRoi(plumbing), assumedInputs: ['hourlyRate'] }
    stored.weeklyValueCreated.discovery = 999.99
    const kept = await storedCalculation({ calculations: stored })
    const keptInput = await loadRoiReportInput(database.db, kept.id, bookingUrl)
    expect(keptInput?.result.weeklyValueCreated.discovery).toBe(999.99)
    expect(keptInput?.assumedInputs).toEqual(['hourlyRate'])

    const unreadable = await storedCalculation({ calculations: { weeklyHoursSaved: 'lots' } })
    const input = await loadRoiReportInput(database.db, unreadable.id, bookingUrl)
    expect(input?.result).toEqual(calculateRoi(plumbing))
    expect(input?.language).toBe('EN')
    expect(input?.recipient).toEqual({ firstName: null, companyName: null })
  })

  it('addresses a converted lead through its contact and company', async () => {
    const company = await database.db.company.create({
      data: {
        name: 'Bayside Mechanical',
        industry: 'HVAC',
        employeeCount: 'RANGE_10_25',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
      },
      select: { id: true },
    })
    const contact = await database.db.contact.create({
      data: {
        companyId: company.id,
        firstName: 'Jordan',
        lastName: 'Reyes',
        email: 'jordan@bayside.example',
        preferredLanguage: 'ES',
      },
      select: { id: true },
    })
    const calculation = await storedCalculation({ calculations: calculateRoi(plumbing), contactId: contact.id })

    const input = await loadRoiReportInput(database.db, calculation.id, bookingUrl)

    expect(input?.recipient).toEqual({ firstName: 'Jordan', companyName: 'Bayside Mechanical' })
    expect(input?.language).toBe('ES')
  })

  it('answers null for an unknown calculation', async () => {
    expect(await loadRoiReportInput(database.db, 'no-such-calculation', bookingUrl)).toBeNull()
  })
})
