import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loader } from '../../app/routes/leads._index'
import type { Industry, LeadSource, LeadStatus, QualificationStage } from '../../prisma/generated/enums'
import { createUser, type TestUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { pageContextFor } from '../support/page-context'

// The leads list's loader against a real PostgreSQL: every filter, the sorts, the pager, and a Sales Rep's scope.

let database: TestDatabase
let manager: TestUser
let repAna: TestUser
let repBo: TestUser
let viewer: TestUser

interface SeedLead {
  key: string
  firstName?: string | null
  lastName?: string | null
  status?: LeadStatus
  stage?: QualificationStage
  source?: LeadSource
  industry?: Industry | null
  score?: number
  owner?: () => TestUser | null
  createdAt: string
  updatedAt?: string
}

const seedLeads: SeedLead[] = [
  {
    key: 'rosa',
    firstName: 'Rosa',
    lastName: 'Diaz',
    status: 'NEW',
    source: 'VOICE_AGENT',
    industry: 'PLUMBING',
    score: 82,
    owner: () => repAna,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-21T09:00:00Z',
  },
  {
    key: 'jordan',
    firstName: 'Jordan',
    lastName: 'Reyes',
    status: 'QUALIFIED',
    stage: 'SQL',
    source: 'REFERRAL',
    industry: 'HVAC',
    score: 74,
    owner: () => repAna,
    createdAt: '2026-11-19T23:59:59Z',
  },
  {
    key: 'mia',
    firstName: 'Mia',
    lastName: 'Chen',
    status: 'CONTACTED',
    stage: 'MQL',
    source: 'ROI_CALCULATOR',
    industry: 'REAL_ESTATE',
    score: 55,
    owner: () => repBo,
    createdAt: '2026-11-19T00:00:00Z',
  },
  {
    key: 'sam',
    firstName: 'Sam',
    lastName: 'Abbott',
    status: 'NEW',
    source: 'WEBSITE',
    industry: 'CONSTRUCTION',
    score: 40,
    owner: () => null,
    createdAt: '2026-11-18T12:00:00Z',
    updatedAt: '2026-11-22T08:00:00Z',
  },
  {
    key: 'nameless',
    firstName: null,
    lastName: null,
    status: 'UNQUALIFIED',
    source: 'PAID_ADS',
    industry: null,
    score: 39,
    owner: () => null,
    createdAt: '2026-11-17T12:00:00Z',
  },
  {
    key: 'lee',
    firstName: 'Lee',
    lastName: 'Chen',
    status: 'CONVERTED',
    stage: 'SQL',
    source: 'CALENDAR_BOOKING',
    industry: 'HVAC',
    score: 91,
    owner: () => manager,
    createdAt: '2026-11-16T12:00:00Z',
  },
]
const ids = new Map<string, string>()

beforeAll(async () => {
  database = await createTestDatabase()
  manager = await createUser(database.db, { role: 'SALES_MANAGER', name: 'Morgan Lee' })
  repAna = await createUser(database.db, { role: 'SALES_REP', name: 'Ana Rep' })
  repBo = await createUser(database.db, { role: 'SALES_REP', name: 'Bo Rep' })
  viewer = await createUser(database.db, { role: 'VIEWER', name: 'Vera Viewer' })
  for (const lead of seedLeads) {
    const created = await database.db.lead.create({
      data: {
        email: `${lead.key}@list.example`,
        firstName: lead.firstName === undefined ? lead.key : lead.firstName,
        lastName: lead.lastName,
        companyName: `${lead.key} Co`,
        status: lead.status ?? 'NEW',
        qualificationStage: lead.stage ?? 'NONE',
        source: lead.source ?? 'WEBSITE',
        industry: lead.industry,
        leadScore: lead.score ?? 0,
        assignedToId: lead.owner?.()?.id ?? null,
        createdAt: new Date(lead.createdAt),
      },
      select: { id: true },
    })
    ids.set(lead.key, created.id)
    // updatedAt is set by Prisma on every write; the list's "last updated" sort needs known values.
    await database.db
      .$executeRaw`UPDATE "Lead" SET "updatedAt" = ${new Date(lead.updatedAt ?? lead.createdAt)} WHERE id = ${created.id}`
  }
})

afterAll(async () => {
  await database?.drop()
})

const contextFor = (user: TestUser) => pageContextFor(database, user)

async function list(user: TestUser, search = '', headers: Record<string, string> = {}) {
  const result = await loader({
    request: new Request(`http://crm.test/leads${search}`, { headers }),
    context: contextFor(user),
    params: {},
  })
  return { status: result.init?.status ?? 200, ...result.data }
}

const keysOf = (rows: { id: string }[]) => rows.map((row) => [...ids].find(([, id]) => id === row.id)?.[0])

describe('leads list loader', () => {
  it('lists every lead newest first with its owner, and says which of how many it shows', async () => {
    const page = await list(manager)
    expect(page.status).toBe(200)
    expect(keysOf(page.rows)).toEqual(['rosa', 'jordan', 'mia', 'sam', 'nameless', 'lee'])
    expect(page.range).toMatchObject({ first: 1, last: 6, total: 6, hasPrevious: false, hasNext: false })
    expect(page.rows[0]).toMatchObject({
      firstName: 'Rosa',
      status: 'NEW',
      qualificationStage: 'NONE',
      leadScore: 82,
      assignedTo: { name: 'Ana Rep' },
    })
    expect(page.owners?.map((owner) => owner.name)).toEqual(['Ana Rep', 'Bo Rep', 'Morgan Lee'])
  })

  it.each([
    ['?status=new', ['rosa', 'sam']],
    ['?stage=sql', ['jordan', 'lee']],
    ['?stage=none', ['rosa', 'sam', 'nameless']],
    ['?source=referral', ['jordan']],
    ['?industry=hvac', ['jordan', 'lee']],
    ['?owner=unassigned', ['sam', 'nameless']],
    ['?owner=me', ['lee']],
    ['?scoreMin=40&scoreMax=74', ['jordan', 'mia', 'sam']],
    ['?scoreMin=70', ['rosa', 'jordan', 'lee']],
    // Whole UTC days, both ends included.
    ['?createdFrom=2026-11-19&createdTo=2026-11-19', ['jordan', 'mia']],
    ['?createdTo=2026-11-17', ['nameless', 'lee']],
    ['?status=new&owner=unassigned&industry=construction', ['sam']],
    ['?status=converted&source=referral', []],
  ])('filters %s', async (search, expected) => {
    const page = await list(manager, search)
    expect(page.status).toBe(200)
    expect(keysOf(page.rows)).toEqual(expected)
    expect(page.range?.total).toBe(expected.length)
  })

  it('reads the created days in the reader’s time zone (the browser’s, kept in a cookie)', async () => {
    // 19 November in Chicago (CST, UTC−6) is 06:00Z on the 19th to 06:00Z on the 20th: Jordan (23:59:59Z) only;
    // Mia (00:00Z, 6 p.m. on the 18th there) and Rosa (10:00Z on the 20th) are not on it.
    const page = await list(manager, '?createdFrom=2026-11-19&createdTo=2026-11-19', {
      cookie: 'crm_tz=America%2FChicago',
    })
    expect(keysOf(page.rows)).toEqual(['jordan'])
  })

  it('filters by a chosen owner', async () => {
    const page = await list(manager, `?owner=${repAna.id}`)
    expect(keysOf(page.rows)).toEqual(['rosa', 'jordan'])
  })

  it.each([
    ['?sort=leadScore', ['lee', 'rosa', 'jordan', 'mia', 'sam', 'nameless']],
    ['?sort=leadScore&direction=asc', ['nameless', 'sam', 'mia', 'jordan', 'rosa', 'lee']],
    // Last name, then first name; a lead without a name comes last.
    ['?sort=name', ['sam', 'lee', 'mia', 'rosa', 'jordan', 'nameless']],
    ['?sort=name&direction=desc', ['nameless', 'jordan', 'rosa', 'mia', 'lee', 'sam']],
    ['?sort=updatedAt', ['sam', 'rosa', 'jordan', 'mia', 'nameless', 'lee']],
    ['?sort=createdAt&direction=asc', ['lee', 'nameless', 'sam', 'mia', 'jordan', 'rosa']],
  ])('sorts %s', async (search, expected) => {
    expect(keysOf((await list(manager, search)).rows)).toEqual(expected)
  })

  it('pages without repeating or skipping a lead', async () => {
    const many = Array.from({ length: 30 }, (_, index) => ({
      email: `bulk-${String(index).padStart(2, '0')}@list.example`,
      source: 'ORGANIC_SEARCH' as const,
      leadScore: 50,
      createdAt: new Date('2026-10-01T00:00:00Z'),
    }))
    await database.db.lead.createMany({ data: many })
    try {
      const first = await list(manager, '?source=organic_search&sort=leadScore')
      const second = await list(manager, '?source=organic_search&sort=leadScore&page=2')
      expect(first.range).toMatchObject({ first: 1, last: 25, total: 30, hasNext: true, hasPrevious: false })
      expect(second.range).toMatchObject({ first: 26, last: 30, total: 30, hasNext: false, hasPrevious: true })
      const seen = [...first.rows, ...second.rows].map((row) => row.email)
      expect(new Set(seen).size).toBe(30)
      const fifty = await list(manager, '?source=organic_search&perPage=50')
      expect(fifty.rows).toHaveLength(30)
      expect(fifty.range).toMatchObject({ first: 1, last: 30, hasNext: false })
    } finally {
      await database.db.lead.deleteMany({ where: { source: 'ORGANIC_SEARCH' } })
    }
  })

  it('shows a Sales Rep only the leads assigned to them, whatever the filters say, and offers no owner choice', async () => {
    const own = await list(repAna)
    expect(keysOf(own.rows)).toEqual(['rosa', 'jordan'])
    expect(own.range?.total).toBe(2)
    expect(own.owners).toBeNull()
    expect(keysOf((await list(repAna, `?owner=${repBo.id}`)).rows)).toEqual([])
    expect(keysOf((await list(repAna, '?owner=unassigned')).rows)).toEqual([])
    expect(keysOf((await list(repAna, '?owner=me&sort=leadScore&direction=asc')).rows)).toEqual(['jordan', 'rosa'])
    expect(keysOf((await list(repBo, '?status=contacted')).rows)).toEqual(['mia'])
  })

  it('shows a Viewer every lead', async () => {
    expect((await list(viewer)).range?.total).toBe(6)
  })

  it('answers 400 naming each parameter it cannot read, and lists nothing', async () => {
    const page = await list(manager, '?status=lost&scoreMin=150&createdFrom=2026-13-01&sort=email')
    expect(page.status).toBe(400)
    expect(page.rows).toEqual([])
    expect(page.range).toBeNull()
    expect(page.errors.map((error) => error.field).sort()).toEqual(['createdFrom', 'scoreMin', 'sort', 'status'])
    expect(page.values.status).toBe('lost')
  })

  it('sends a signed-out visitor to sign in and back', async () => {
    const outcome = await loader({
      request: new Request('http://crm.test/leads?status=new'),
      context: { ...contextFor(viewer), actor: undefined },
      params: {},
    }).catch((thrown: unknown) => thrown)
    expect(outcome).toBeInstanceOf(Response)
    expect((outcome as Response).headers.get('location')).toBe('/sign-in?redirectTo=%2Fleads%3Fstatus%3Dnew')
  })
})
