import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { apiKeyWith, signedInTeam, type SignedInTeam } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createDealWithPartnership } from '../support/deal-records'
import { startWeb, unreachableTemporal } from '../support/web'

// GET /api/search on real PostgreSQL: who finds what follows §14.2 as the seed prints it, transcribed here by hand:
//   Leads: Admin, Sales Mgr all; Sales Rep "Read own"; CS, Viewer "Read" (all).
//   Companies, Contacts, Partnerships: every role reads all.
//   Opportunities: Admin, Sales Mgr all; Sales Rep "CRUD own"; CS, Viewer "Read" (all).

let database: TestDatabase
let db: Database
let api: Awaited<ReturnType<typeof startWeb>>
let team: SignedInTeam
const temporal = unreachableTemporal()

// A word no other row holds, so every hit below is one of the records made here.
const token = `zephyr${randomUUID().slice(0, 6)}`
const ids: Record<string, string> = {}

beforeAll(async () => {
  database = await createTestDatabase()
  db = database.db
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  api = await startWeb({ config, db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:1') })
  team = await signedInTeam(db)
  const lead = (key: string, assignedToId: string | null, firstName: string) =>
    db.lead
      .create({
        data: {
          email: `${key}-${token}@prospect.example`,
          firstName,
          lastName: 'Reyes',
          source: 'REFERRAL',
          assignedToId,
        },
        select: { id: true },
      })
      .then((row) => (ids[key] = row.id))
  await lead('repLead', team.rep.id, 'Marisol')
  await lead('otherRepLead', team.otherRep.id, 'Ana')
  await lead('unassignedLead', null, 'Ana')
  const records = await createDealWithPartnership(db, {
    companyName: `${token} Plumbing`,
    ownerId: team.rep.id,
    startDate: new Date('2026-11-01T00:00:00Z'),
    targetEndDate: new Date('2027-02-01T00:00:00Z'),
  })
  ids.company = records.company.id
  ids.repDeal = records.deal.id
  // Deals are found by their name, which names their company.
  await db.opportunity.update({ where: { id: records.deal.id }, data: { name: `${token} Plumbing — Foundation` } })
  ids.partnership = records.partnership.id
  ids.contact = (
    await db.contact.create({
      data: { companyId: records.company.id, firstName: 'Ana', lastName: `${token}son`, email: `ana@${token}.example` },
      select: { id: true },
    })
  ).id
  ids.otherRepDeal = (
    await db.opportunity.create({
      data: {
        companyId: records.company.id,
        primaryContactId: records.contact.id,
        name: `${token} expansion`,
        tier: 'ARCHITECT',
        setupFee: 30_000,
        totalContractValue: 30_000,
        ownerId: team.otherRep.id,
      },
      select: { id: true },
    })
  ).id
})

afterAll(async () => {
  await api?.close()
  await temporal.connection.close()
  await database?.drop()
})

function search(headers: Record<string, string>, query: string) {
  return fetch(`${api.baseUrl}/api/search?${query}`, { headers })
}

interface Answer {
  groups: { kind: string; hits: { id: string; href: string }[]; more: boolean }[]
}

/** kind → ids found, sorted, only kinds that came back. */
async function found(headers: Record<string, string>, q: string): Promise<Record<string, string[]>> {
  const response = await search(headers, `q=${encodeURIComponent(q)}`)
  expect(response.status).toBe(200)
  const body = (await response.json()) as Answer
  return Object.fromEntries(body.groups.map((group) => [group.kind, group.hits.map((hit) => hit.id).sort()]))
}

const sorted = (...keys: string[]) => keys.map((key) => ids[key]!).sort()

describe('GET /api/search within §14.2', () => {
  it('a Sales Rep finds their own lead and deal, not another rep’s, and every company, contact and partnership', async () => {
    expect(await found(team.rep.headers, token)).toEqual({
      leads: sorted('repLead'),
      companies: sorted('company'),
      contacts: sorted('contact'),
      opportunities: sorted('repDeal'),
      partnerships: sorted('partnership'),
    })
    expect(await found(team.otherRep.headers, token)).toEqual({
      leads: sorted('otherRepLead'),
      companies: sorted('company'),
      contacts: sorted('contact'),
      opportunities: sorted('otherRepDeal'),
      partnerships: sorted('partnership'),
    })
  })

  it('a Viewer (Read on every record resource) and Customer Success find everything', async () => {
    const everything = {
      leads: sorted('repLead', 'otherRepLead', 'unassignedLead'),
      companies: sorted('company'),
      contacts: sorted('contact'),
      opportunities: sorted('repDeal', 'otherRepDeal'),
      partnerships: sorted('partnership'),
    }
    expect(await found(team.viewer.headers, token)).toEqual(everything)
    expect(await found(team.success.headers, token)).toEqual(everything)
    expect(await found(team.manager.headers, token)).toEqual(everything)
  })

  it('needs every word to match, in any field and any case ("ana reyes" is a first and a last name)', async () => {
    expect(await found(team.viewer.headers, `ANA reyes ${token}`)).toEqual({
      leads: sorted('otherRepLead', 'unassignedLead'),
      companies: [],
      contacts: [],
      opportunities: [],
      partnerships: [],
    })
    // The rep's own Ana? None: their lead is Marisol. The other rep's Ana is not theirs.
    expect((await found(team.rep.headers, `ana reyes ${token}`)).leads).toEqual([])
  })

  it('takes % and _ literally', async () => {
    const everything = await found(team.viewer.headers, `${token.slice(0, 3)}%`)
    expect(Object.values(everything).flat()).toEqual([])
  })

  it('searches only the kinds an API key may read', async () => {
    const key = await apiKeyWith(db, ['companies:read'])
    const response = await search(key.headers, `q=${token}`)
    const body = (await response.json()) as Answer
    expect(body.groups.map((group) => group.kind)).toEqual(['companies'])
  })
})

describe('GET /api/search refuses bad input naming the field', () => {
  it.each([
    ['', 'q', 'is required'],
    ['q=', 'q', 'is required'],
    ['q=a', 'q', 'must be at least 2 characters'],
    [`q=${'x'.repeat(101)}`, 'q', 'must be at most 100 characters'],
    ['q=ab&q=cd', 'q', 'must be given once'],
    ['q=ab&limit=5', 'limit', 'is not a query parameter of the search'],
  ])('%s → 400 naming %s', async (query, field, message) => {
    const response = await search(team.manager.headers, query)
    expect(response.status).toBe(400)
    const body = (await response.json()) as { errors: { field: string; message: string }[] }
    expect(body.errors).toEqual([{ field, message }])
  })

  it('answers 401 without a session', async () => {
    expect((await search({}, 'q=abc')).status).toBe(401)
  })
})
