import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calculateRoi } from '../../domain/roi/roi-calculator'
import { loadConfig, type AppConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import type { UserRole } from '../../prisma/generated/enums'
import { apiKeyWith, signedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { parsePdf } from '../support/pdf-render'
import { loadRemixBuild, startWeb } from '../support/web'
import { printedGrant, printedRoles } from '../support/permission-matrix-as-printed'

// Who may fetch `/api/roi-calculations/:id/report.pdf` and the app's `/roi-calculations/:id/report.pdf`: the
// leads `read` grant of §14.2, a Sales Rep only for calculations of leads assigned to them.

let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let config: AppConfig
let temporal: Client
const people = {} as Record<UserRole, { id: string; cookie: string }>
let ownCalculationId: string
let otherCalculationId: string

const inputs = {
  industry: 'PROPERTY_MANAGEMENT',
  employeeCount: 'RANGE_25_50',
  hourlyRate: 40,
  weeklyAdminHours: 45,
} as const

beforeAll(async () => {
  database = await createTestDatabase()
  config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    BOOKING_URL: 'https://cal.example/northwind/intro',
  })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  for (const role of printedRoles) people[role] = await signedInUser(database.db, role, { name: `${role} person` })

  const calculationFor = async (email: string, assignedToId: string | null) => {
    const lead = await database.db.lead.create({
      data: { email, firstName: 'Sam', companyName: 'Ortiz Property Group', source: 'ROI_CALCULATOR', assignedToId },
      select: { id: true },
    })
    const calculations: object = calculateRoi(inputs)
    const calculation = await database.db.rOICalculation.create({
      data: { ...inputs, hourlyRate: '40.00', calculations, leadId: lead.id, reportRequested: true },
      select: { id: true },
    })
    return calculation.id
  }
  ownCalculationId = await calculationFor('sam@ortiz.example', people.SALES_REP.id)
  otherCalculationId = await calculationFor('lee@elsewhere.example', null)
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

async function expectReport(response: Response, calculationId: string) {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/pdf')
  expect(response.headers.get('content-disposition')).toBe(`inline; filename="roi-report-${calculationId}.pdf"`)
  expect(response.headers.get('cache-control')).toBe('private, no-store')
  const pdf = await parsePdf(new Uint8Array(await response.arrayBuffer()))
  expect(pdf.pages[0]).toContain('Prepared for Sam, Ortiz Property Group')
  // Foundation for 45 admin hours in property management: 45 × 0.5 × 1.05 = 23.6 h, clamped to 18 h, × $40 = $720 a week.
  expect(pdf.pages[0]).toContain('Foundation 18.0 $720')
  expect(pdf.links[1]).toContain('https://cal.example/northwind/intro')
}

describe('GET /api/roi-calculations/:id/report.pdf', () => {
  const url = (id: string) => `${web.baseUrl}/api/roi-calculations/${id}/report.pdf`

  it('answers 401 without credentials and 403 for an API key without leads:read', async () => {
    expect((await fetch(url(ownCalculationId))).status).toBe(401)
    const { headers } = await apiKeyWith(database.db, ['leads:create'])
    const response = await fetch(url(ownCalculationId), { headers })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ error: 'Not allowed to read leads', errors: [] })
  })

  it('sends the PDF to an API key with leads:read', async () => {
    const { headers } = await apiKeyWith(database.db, ['leads:read'])
    await expectReport(await fetch(url(ownCalculationId), { headers }), ownCalculationId)
  })

  it('follows the leads read grant of every role, a Sales Rep seeing only their own leads’ calculations', async () => {
    for (const role of printedRoles) {
      const grant = printedGrant(role, 'leads', 'read')
      const headers = { cookie: people[role].cookie }
      const own = await fetch(url(ownCalculationId), { headers })
      const other = await fetch(url(otherCalculationId), { headers })
      if (grant === 'none') {
        expect([own.status, other.status], role).toEqual([403, 403])
        continue
      }
      await expectReport(own, ownCalculationId)
      if (grant === 'own') {
        expect(other.status, role).toBe(404)
      } else {
        await expectReport(other, otherCalculationId)
      }
    }
  })

  it('answers 404 with the JSON error shape for an unknown calculation', async () => {
    const response = await fetch(url('no-such-calculation'), { headers: { cookie: people.ADMIN.cookie } })
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ error: 'No ROI calculation with id no-such-calculation', errors: [] })
  })
})

describe('the app route /roi-calculations/:id/report.pdf', () => {
  const get = (id: string, cookie?: string) =>
    fetch(`${web.baseUrl}/roi-calculations/${id}/report.pdf`, { redirect: 'manual', headers: cookie ? { cookie } : {} })

  it('sends a signed-out visitor to sign in and back', async () => {
    const response = await get(ownCalculationId)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      `/sign-in?redirectTo=${encodeURIComponent(`/roi-calculations/${ownCalculationId}/report.pdf`)}`,
    )
  })

  it('serves the PDF by the leads read grant of every role, and 404 for what a Sales Rep may not see', async () => {
    for (const role of printedRoles) {
      const grant = printedGrant(role, 'leads', 'read')
      const own = await get(ownCalculationId, people[role].cookie)
      const other = await get(otherCalculationId, people[role].cookie)
      if (grant === 'none') {
        expect([own.status, other.status], role).toEqual([403, 403])
        continue
      }
      await expectReport(own, ownCalculationId)
      if (grant === 'own') {
        expect(other.status, role).toBe(404)
      } else {
        await expectReport(other, otherCalculationId)
      }
    }
    expect((await get('no-such-calculation', people.ADMIN.cookie)).status).toBe(404)
  })
})
