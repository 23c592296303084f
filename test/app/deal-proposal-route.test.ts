import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import type { UserRole } from '../../prisma/generated/enums'
import { signedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { printedGrant, printedRoles } from '../support/permission-matrix-as-printed'
import { parsePdf } from '../support/pdf-render'
import { loadRemixBuild, startWeb } from '../support/web'

// Who may download `/deals/:id/proposal.pdf`: the opportunities `read` grant of §14.2 as printed, a Sales Rep only
// for deals they own ("CRUD own"); anyone else's deal is answered like a missing one.

let database: TestDatabase
let temporal: Client
let web: Awaited<ReturnType<typeof startWeb>>
const people = {} as Record<UserRole, { id: string; cookie: string }>
let ownDealId: string
let otherDealId: string

beforeAll(async () => {
  database = await createTestDatabase()
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  for (const role of printedRoles) people[role] = await signedInUser(database.db, role, { name: `${role} person` })
  const company = await database.db.company.create({
    data: {
      name: 'Northwind Plumbing',
      industry: 'PLUMBING',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = await database.db.contact.create({
    data: { companyId: company.id, firstName: 'Rosa', lastName: 'Díaz', email: 'rosa@northwind.example' },
    select: { id: true },
  })
  const dealOf = async (ownerId: string | null, name: string) =>
    (
      await database.db.opportunity.create({
        data: {
          name,
          companyId: company.id,
          primaryContactId: contact.id,
          tier: 'DISCOVERY',
          setupFee: '4000.00',
          monthlyFee: '1500.00',
          estimatedMonths: 2,
          totalContractValue: '7000.00',
          ownerId,
        },
        select: { id: true },
      })
    ).id
  ownDealId = await dealOf(people.SALES_REP.id, 'Northwind: Discovery')
  otherDealId = await dealOf(people.SALES_MANAGER.id, 'Northwind: Discovery (manager)')
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

const get = (id: string, cookie?: string) =>
  fetch(`${web.baseUrl}/deals/${id}/proposal.pdf`, { redirect: 'manual', headers: cookie ? { cookie } : {} })

async function expectProposal(response: Response, dealId: string) {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toBe('application/pdf')
  expect(response.headers.get('content-disposition')).toBe(`inline; filename="proposal-${dealId}.pdf"`)
  expect(response.headers.get('cache-control')).toBe('private, no-store')
  const pdf = await parsePdf(new Uint8Array(await response.arrayBuffer()))
  expect(pdf.pages[0]).toContain('Prepared for Rosa Díaz, Northwind Plumbing')
  // 4,000 + 1,500 × 2
  expect(pdf.pages[0]).toContain('CONTRACT VALUE $7,000')
}

describe('the app route /deals/:id/proposal.pdf', () => {
  it('sends a signed-out visitor to sign in and back', async () => {
    const response = await get(ownDealId)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      `/sign-in?redirectTo=${encodeURIComponent(`/deals/${ownDealId}/proposal.pdf`)}`,
    )
  })

  it('serves the proposal by the opportunities read grant of every role, and 404 for a deal a Sales Rep does not own', async () => {
    const grants = new Set<string>()
    for (const role of printedRoles) {
      const grant = printedGrant(role, 'opportunities', 'read')
      grants.add(grant)
      const own = await get(ownDealId, people[role].cookie)
      const other = await get(otherDealId, people[role].cookie)
      if (grant === 'none') {
        expect([own.status, other.status], role).toEqual([403, 403])
        continue
      }
      await expectProposal(own, ownDealId)
      if (grant === 'own') {
        expect(other.status, role).toBe(404)
        expect(await other.text(), role).toBe(`No deal with id ${otherDealId}`)
      } else {
        await expectProposal(other, otherDealId)
      }
    }
    // The table as printed gives a Sales Rep "CRUD own" and everyone else Read or more.
    expect(grants).toEqual(new Set(['all', 'own']))
    expect(printedGrant('SALES_REP', 'opportunities', 'read')).toBe('own')
  })

  it('answers 404 for an unknown deal', async () => {
    expect((await get('no-such-deal', people.ADMIN.cookie)).status).toBe(404)
  })
})
