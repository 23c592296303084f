import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendThroughOutbox } from '../../activities/outbox'
import { buildProposal, type ProposalDeal } from '../../domain/deals/proposal'
import { calculateRoi } from '../../domain/roi/roi-calculator'
import { parseAttachmentReference, proposalAttachment } from '../../lib/email-attachments'
import { loadProposal } from '../../lib/reports/proposal-input'
import { loadProposalEmail } from '../../lib/reports/proposal-email'
import { renderProposalPdf } from '../../lib/reports/proposal-pdf'
import { runActivity, startActivityHarness, type ActivityHarness } from '../activities/activity-harness'
import { launchBrowser } from '../support/browser'
import { parsePdf, renderPdfPageInChromium } from '../support/pdf-render'

// The proposal of §13.1 as a person reads it: the text pdf.js finds in the PDF, figures worked out by hand from
// the seed's tiers (§2.3 setup fees, §5.3 weeks and systems, §5.1 phases) and the deal's own numbers.

const preparedAt = new Date('2026-12-02T10:00:00Z')

const tiers = {
  // Fees: §2.3's setup fees and our monthly price list; contract value = setup + monthly × months, by hand.
  DISCOVERY: { setupFee: 4_000, monthlyFee: 1_500, estimatedMonths: 2, contractValue: '$7,000', weeks: 8, systems: 1 },
  FOUNDATION: {
    setupFee: 9_500,
    monthlyFee: 3_500,
    estimatedMonths: 3,
    contractValue: '$20,000',
    weeks: 12,
    systems: 3,
  },
  ARCHITECT: {
    setupFee: 30_000,
    monthlyFee: 7_500,
    estimatedMonths: 6,
    contractValue: '$75,000',
    weeks: 24,
    systems: 6,
  },
} as const

function deal(overrides: Partial<ProposalDeal> = {}): ProposalDeal {
  const tier = overrides.tier ?? 'FOUNDATION'
  const { setupFee, monthlyFee, estimatedMonths } = tiers[tier]
  return {
    opportunityId: 'opp_pdf_test',
    tier,
    setupFee,
    monthlyFee,
    estimatedMonths,
    projection: { hoursSaved: 16.5, weeklyValue: 742.5, roiPercentage: 101.18, paybackWeeks: 25.8 },
    implementationStart: new Date('2027-01-04T00:00:00Z'),
    proposedSystems: [
      {
        name: 'Dispatch AI',
        category: 'SCHEDULING_DISPATCH',
        complexity: 'MEDIUM',
        estimatedHours: 6,
        description: 'Books jobs and assigns the nearest technician.',
      },
      {
        name: 'Quote builder',
        category: 'QUOTE_GENERATION',
        complexity: 'SIMPLE',
        estimatedHours: 4.5,
        description: null,
      },
    ],
    company: { name: 'Northwind Plumbing', industry: 'PLUMBING' },
    contact: { firstName: 'Rosa', lastName: 'Díaz' },
    owner: { name: 'Sam Rep', email: 'sam@kre8tion.example' },
    language: 'EN',
    roiCalculation: null,
    preparedAt,
    ...overrides,
  }
}

const render = async (overrides: Partial<ProposalDeal> = {}) =>
  parsePdf(await renderProposalPdf(buildProposal(deal(overrides))))

describe('the proposal PDF, per tier and language', () => {
  it.each(['DISCOVERY', 'FOUNDATION', 'ARCHITECT'] as const)(
    '%s in English: tier, fees, return, systems and the §5 timeline',
    async (tier) => {
      const expected = tiers[tier]
      const pdf = await render({ tier })
      const text = pdf.pages.join(' ')
      expect(pdf.pageCount).toBe(2)
      expect(pdf.pages[0]).toContain('Partnership proposal')
      expect(pdf.pages[0]).toContain('Prepared for Rosa Díaz, Northwind Plumbing Prepared on December 2, 2026')
      expect(pdf.pages[0]).toContain('Your contact: Sam Rep · sam@kre8tion.example')
      expect(pdf.pages[0]).toContain(
        `${expected.weeks} weeks · ${expected.systems} ${expected.systems === 1 ? 'system' : 'systems'}`,
      )
      const money = (amount: number) => `$${amount.toLocaleString('en-US')}`
      expect(pdf.pages[0]).toContain(
        `SETUP FEE ${money(expected.setupFee)} MONTHLY FEE ${money(expected.monthlyFee)} per month MONTHS ${expected.estimatedMonths} ${expected.estimatedMonths} months CONTRACT VALUE ${expected.contractValue}`,
      )
      // 742.50 a week shows as $743; × 52 = $38,610.
      expect(pdf.pages[0]).toContain(
        'HOURS SAVED 16.5 a week VALUE CREATED $743 a week VALUE CREATED $38,610 a year (52 weeks) ROI 101% first year PAYBACK 25.8 weeks',
      )
      expect(pdf.pages[1]).toContain(
        'Dispatch AI Books jobs and assigns the nearest technician. Scheduling & Dispatch Medium 6.0 h',
      )
      expect(pdf.pages[1]).toContain('Quote builder Quote Generation Simple 4.5 h')
      expect(pdf.pages[1]).toContain('Together: about 10.5 hours saved a week')
      // §5.1's phases, Deploy running to the tier's last week.
      expect(pdf.pages[1]).toMatch(
        new RegExp(
          `Onboarding Week 1 .*Discover Weeks 1–2 .*Co-Create Weeks 3–6 .*Deploy Weeks 7–${expected.weeks} .*Independent After week ${expected.weeks}`,
        ),
      )
      expect(text).toContain('Page 2 of 2')
    },
  )

  it('states what each tier leaves to choose, and its §5.3 milestones dated from the implementation start', async () => {
    const discovery = (await render({ tier: 'DISCOVERY' })).pages[1]!
    // Two systems for a one-system tier: says which comes first rather than dropping one.
    expect(discovery).toContain(
      'The Discovery partnership includes 1 system; 2 are proposed above. In the Discover phase (weeks 1–2) we choose the 1 to build first.',
    )
    // Kickoff Monday 4 January 2027: week 4 ends 31 January, week 8 ends 28 February.
    expect(discovery).toContain('Week 4 System live by January 31, 2027 Week 8 Independence check by February 28, 2027')

    const foundation = (await render({ tier: 'FOUNDATION' })).pages[1]!
    expect(foundation).toContain(
      'The Foundation partnership includes 3 systems; 2 are proposed above. We choose the last one with you in the Discover phase (weeks 1–2).',
    )
    // Week 12 ends 4 January + 83 days = 28 March 2027.
    expect(foundation).toContain('Week 12 Third system live + graduation by March 28, 2027')

    const architect = (await render({ tier: 'ARCHITECT', implementationStart: null })).pages[1]!
    expect(architect).toContain(
      'Week 4 First system live Week 8 Second system live Week 12 Third system live Week 16 Fourth system live Week 20 Fifth system live Week 24 Sixth system live Monthly: ROI review',
    )
    expect(architect).toContain('We choose the other 4 with you')
    expect(architect).not.toContain(' by ')
  })

  it.each(['DISCOVERY', 'FOUNDATION', 'ARCHITECT'] as const)('%s in Spanish', async (tier) => {
    const expected = tiers[tier]
    const pdf = await render({ tier, language: 'ES' })
    const [first, second] = pdf.pages as [string, string]
    expect(first).toContain('Propuesta de colaboración')
    expect(first).toContain('Preparada para Rosa Díaz, Northwind Plumbing Preparada el 2 de diciembre de 2026')
    expect(first).toContain(
      `${expected.weeks} semanas · ${expected.systems} ${expected.systems === 1 ? 'sistema' : 'sistemas'}`,
    )
    expect(first).toContain(`VALOR DEL CONTRATO ${expected.contractValue}`)
    expect(first).toContain(`${expected.estimatedMonths} meses de cuota mensual`)
    expect(first).toContain('HORAS AHORRADAS 16.5 por semana VALOR CREADO $743 por semana VALOR CREADO $38,610 al año')
    expect(second).toContain('Sistemas propuestos')
    expect(second).toContain('Agenda y despacho Media 6.0 h')
    expect(second).toMatch(
      new RegExp(`Implementar Semanas 7–${expected.weeks} .*Independiente Después de la semana ${expected.weeks}`),
    )
    expect(second).toContain('Siguientes pasos')
    expect(second).toContain('Página 2 de 2')
    expect(pdf.info.Language).toBe('es-US')
  })

  it('without figures anywhere, prints none: the tier’s typical hours (§7.1) instead', async () => {
    const pdf = await render({
      tier: 'ARCHITECT',
      projection: { hoursSaved: null, weeklyValue: null, roiPercentage: null, paybackWeeks: null },
      proposedSystems: [],
    })
    expect(pdf.pages[0]).toContain(
      'Projected return Architect partners typically save 20–30 hours a week. We work out your own figures with you in the walkthrough.',
    )
    expect(pdf.pages[0]).not.toContain('HOURS SAVED')
    expect(pdf.pages[1]).toContain(
      'The Architect partnership includes 6 systems. We choose them with you in the Discover phase (weeks 1–2).',
    )
    expect(pdf.pages[1]).not.toContain('Together: about')
  })

  it('flows a long list of systems onto further pages, column heads repeated, nothing under the footer', async () => {
    const description =
      'Reads every incoming request, answers the common questions in the customer’s language and books the visit.'
    const pdf = await render({
      tier: 'ARCHITECT',
      language: 'ES',
      proposedSystems: Array.from({ length: 9 }, (_, index) => ({
        name: `Sistema ${index + 1}`,
        category: 'CUSTOMER_COMMUNICATIONS' as const,
        complexity: 'COMPLEX' as const,
        estimatedHours: 2.5,
        description,
      })),
      company: {
        name: 'Servicios Profesionales Integrales de Construcción del Noroeste S.A. de C.V.',
        industry: 'CONSTRUCTION',
      },
    })
    expect(pdf.pageCount).toBe(3)
    for (let index = 1; index <= 9; index += 1) expect(pdf.pages.join(' ')).toContain(`Sistema ${index} `)
    // 9 × 2.5
    expect(pdf.pages.join(' ')).toContain('En conjunto: unas 22.5 horas ahorradas por semana')
    pdf.items.forEach((items, index) => {
      const body = items.filter((item) => item.top < 750)
      expect(Math.max(...body.map((item) => item.top)), `page ${index + 1}`).toBeLessThan(742)
      expect(items.some((item) => item.text === `Página ${index + 1} de 3`)).toBe(true)
    })
  })

  it('gives the same bytes for the same deal and date, dated by the proposal, not the clock', async () => {
    const first = await renderProposalPdf(buildProposal(deal()))
    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const second = await renderProposalPdf(buildProposal(deal()))
    expect(Buffer.compare(first, second)).toBe(0)
    const { info } = await parsePdf(first)
    expect(info.CreationDate).toBe('D:20261202100000Z')
    expect(info.Title).toBe('Partnership proposal · AI KRE8TION Partners')
  })
})

describe('the proposal PDF, looked at in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('draws the header band, the tier panel, the contract value and the timeline (screenshots in test/.artifacts)', async () => {
    const pdf = await renderProposalPdf(buildProposal(deal()))
    const first = await renderPdfPageInChromium(browser, pdf, {
      page: 1,
      name: 'proposal-foundation-en-1',
      // Points: the navy band at the top, the tier's navy panel, the teal contract value cell.
      probes: { band: [20, 20], tierPanel: [60, 240], contractValue: [540, 420] },
    })
    expect(first.colours.band).toEqual([0x1f, 0x2a, 0x44])
    expect(first.colours.tierPanel).toEqual([0x1f, 0x2a, 0x44])
    expect(first.colours.contractValue).toEqual([0x0f, 0x76, 0x6e])
    expect(first.distinctColours).toBeGreaterThan(20)
    const second = await renderPdfPageInChromium(browser, pdf, { page: 2, name: 'proposal-foundation-en-2' })
    expect(second.inkedShare).toBeGreaterThan(0.05)
    const spanish = await renderProposalPdf(
      buildProposal(
        deal({
          tier: 'ARCHITECT',
          language: 'ES',
          proposedSystems: Array.from({ length: 7 }, (_, index) => ({
            name: `Sistema ${index + 1}`,
            category: 'INVOICE_PROCESSING' as const,
            complexity: 'COMPLEX' as const,
            estimatedHours: 3,
            description: 'Lee cada factura, la concilia con la orden de trabajo y avisa de lo que no cuadra.',
          })),
        }),
      ),
    )
    const { pageCount } = await parsePdf(spanish)
    for (let page = 1; page <= pageCount; page += 1) {
      const rendered = await renderPdfPageInChromium(browser, spanish, { page, name: `proposal-architect-es-${page}` })
      expect(rendered.inkedShare, `page ${page}`).toBeGreaterThan(0.03)
    }
  })
})

describe('the proposal from the database and through the outbox', () => {
  let harness: ActivityHarness
  let dealId: string
  let contactEmail: string

  beforeAll(async () => {
    harness = await startActivityHarness()
    const db = harness.db
    const owner = await db.user.create({
      data: { email: `owner-${Date.now()}@kre8tion.example`, name: 'Sam Rep', role: 'SALES_REP' },
      select: { id: true, email: true },
    })
    const company = await db.company.create({
      data: {
        name: 'Ortiz Property Group',
        industry: 'PROPERTY_MANAGEMENT',
        employeeCount: 'RANGE_25_50',
        businessModel: 'REAL_ESTATE',
        source: 'ROI_CALCULATOR',
      },
      select: { id: true },
    })
    contactEmail = `sam.ortiz-${Date.now()}@ortiz.example`
    const contact = await db.contact.create({
      data: {
        companyId: company.id,
        firstName: 'Samuel',
        lastName: 'Ortiz',
        email: contactEmail,
        preferredLanguage: 'ES',
      },
      select: { id: true },
    })
    // The prospect's calculation (the same inputs as the ROI report's access test): Foundation 45 × 0.5 × 1.05 =
    // 23.6 h, clamped to §7.1's 18 h, × $40 = $720 a week.
    const inputs = {
      industry: 'PROPERTY_MANAGEMENT',
      employeeCount: 'RANGE_25_50',
      hourlyRate: 40,
      weeklyAdminHours: 45,
    } as const
    await db.rOICalculation.create({
      data: {
        ...inputs,
        hourlyRate: '40.00',
        calculations: calculateRoi(inputs) as object,
        contactId: contact.id,
        createdAt: new Date('2026-11-20T15:00:00Z'),
      },
    })
    const created = await db.opportunity.create({
      data: {
        name: 'Ortiz Property Group: Foundation',
        companyId: company.id,
        primaryContactId: contact.id,
        tier: 'FOUNDATION',
        setupFee: '9500.00',
        monthlyFee: '3500.00',
        estimatedMonths: 3,
        totalContractValue: '20000.00',
        ownerId: owner.id,
        proposedSystems: {
          create: [
            {
              name: 'Maintenance triage',
              category: 'CUSTOMER_COMMUNICATIONS',
              complexity: 'MEDIUM',
              estimatedHours: 7,
            },
            { name: 'Rent reminders', category: 'INVOICE_PROCESSING', complexity: 'SIMPLE', estimatedHours: 3.5 },
          ],
        },
      },
      select: { id: true },
    })
    dealId = created.id
  })

  afterAll(async () => {
    await harness?.close()
  })

  it('reads the deal, its systems and, lacking a projection, the contact’s ROI calculation for the tier', async () => {
    const proposal = await loadProposal(harness.db, dealId, preparedAt)
    expect(proposal).not.toBeNull()
    const pdf = await parsePdf(await renderProposalPdf(proposal!))
    expect(pdf.pages[0]).toContain('Preparada para Samuel Ortiz, Ortiz Property Group')
    expect(pdf.pages[0]).toContain('Su contacto: Sam Rep')
    expect(pdf.pages[0]).toContain('VALOR DEL CONTRATO $20,000')
    // $720 × 52 = $37,440.
    expect(pdf.pages[0]).toContain('HORAS AHORRADAS 18.0 por semana VALOR CREADO $720 por semana VALOR CREADO $37,440')
    expect(pdf.pages[0]).toContain('Según su cálculo de ROI del 20 de noviembre de 2026')
    expect(pdf.pages[1]).toContain('Maintenance triage Comunicación con clientes Media 7.0 h')
    expect(pdf.pages[1]).toContain('Rent reminders Facturación Simple 3.5 h')
    expect(await loadProposal(harness.db, 'no-such-deal', preparedAt)).toBeNull()
  })

  it('sends the proposal email with the PDF attached, rendered at send time and dated when it was prepared', async () => {
    const message = await loadProposalEmail(harness.db, dealId, { preparedAt, bookingUrl: 'https://cal.example/sam' })
    expect(message).toMatchObject({
      to: contactEmail,
      subject: 'Su propuesta de colaboración Foundation para Ortiz Property Group',
      template: 'deal-proposal',
      headers: { 'Reply-To': expect.stringContaining('Sam Rep <owner-') },
      attachments: [
        {
          kind: 'proposal',
          opportunityId: dealId,
          filename: `proposal-${dealId}.pdf`,
          preparedAt: preparedAt.toISOString(),
        },
      ],
    })
    const { headers, ...email } = message!
    await runActivity(() =>
      sendThroughOutbox(harness.dependencies, `deal-${dealId}/proposal/1`, {
        ...email,
        headers,
        entity: { kind: 'deal', id: dealId },
      }),
    )
    const [received] = harness.inbox.to(contactEmail)
    expect(received!.parsed.subject).toBe('Su propuesta de colaboración Foundation para Ortiz Property Group')
    expect(received!.parsed.text).toContain('$20,000 en 3 meses')
    const attachment = received!.parsed.attachments.find((file) => file.filename === `proposal-${dealId}.pdf`)
    expect(attachment?.contentType).toBe('application/pdf')
    const pdf = await parsePdf(new Uint8Array(attachment!.content))
    expect(pdf.pages[0]).toContain('Preparada el 2 de diciembre de 2026')
    expect(pdf.info.CreationDate).toBe('D:20261202100000Z')
  })

  it('reads back only proposal references the outbox would have written', () => {
    const written = proposalAttachment('opp_1', preparedAt)
    expect(parseAttachmentReference(JSON.parse(JSON.stringify(written)))).toEqual(written)
    expect(parseAttachmentReference({ ...written, preparedAt: 'yesterday' })).toBeNull()
    expect(parseAttachmentReference({ ...written, opportunityId: 42 })).toBeNull()
    expect(parseAttachmentReference({ kind: 'roi-report', roiCalculationId: 'c1', filename: 'r.pdf' })).toEqual({
      kind: 'roi-report',
      roiCalculationId: 'c1',
      filename: 'r.pdf',
    })
  })
})
