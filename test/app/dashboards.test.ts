import type { LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loader as homeLoader } from '../../app/routes/_index'
import { loader as reportsLoader } from '../../app/routes/reports'
import { loader as csvLoader } from '../../app/routes/reports[.csv]'
import { createUser, type TestUser } from '../support/actors'
import { novemberBusiness } from '../support/analytics-records'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { pageContextFor } from '../support/page-context'

// The dashboards' loaders by role (§14.2 analytics: Full for Admin and Sales Manager, Limited for the others; a
// Sales Rep's Limited is their own records, decision 0037) on the November of test/support/analytics-records.ts.

let database: TestDatabase
let manager: TestUser
let rep: TestUser
let other: TestUser
let viewer: TestUser
let success: TestUser

beforeAll(async () => {
  database = await createTestDatabase()
  manager = await createUser(database.db, { role: 'SALES_MANAGER' })
  rep = await createUser(database.db, { role: 'SALES_REP', name: 'Riley Rep' })
  other = await createUser(database.db, { role: 'SALES_REP', name: 'Oscar Other' })
  viewer = await createUser(database.db, { role: 'VIEWER' })
  success = await createUser(database.db, { role: 'CUSTOMER_SUCCESS' })
  const { dealB } = await novemberBusiness(database.db, { repId: rep.id, otherId: other.id })
  await database.db.activity.create({
    data: { type: 'CALL', subject: 'Call about the discovery', opportunityId: dealB.id, userId: other.id },
    select: { id: true },
  })
})

afterAll(async () => {
  await database?.drop()
})

function args(user: TestUser, path: string): LoaderFunctionArgs {
  return {
    request: new Request(`http://app.test${path}`),
    context: pageContextFor(database, user),
    params: {},
  } as LoaderFunctionArgs
}

const newLeads = (data: Awaited<ReturnType<typeof reportsLoader>>) =>
  data.report.tiles.find((tile) => tile.key === 'newLeads')!.value

describe('the Reports page by role', () => {
  it('a Sales Manager sees every record, the team and the CSV link; November has 4 new leads', async () => {
    const data = await reportsLoader(args(manager, '/reports?month=2026-11'))
    expect(newLeads(data)).toBe(4)
    expect(data).toMatchObject({ ownNumbersOnly: false, canExport: true })
    expect(data.report.team).not.toBeNull()
  })

  it('a Sales Rep sees their own 2 leads, no team, no export', async () => {
    const data = await reportsLoader(args(rep, '/reports?month=2026-11'))
    expect(newLeads(data)).toBe(2)
    expect(data).toMatchObject({ ownNumbersOnly: true, canExport: false })
    expect(data.report.team).toBeNull()
    expect(data.tables.some((table) => table.id === 'team')).toBe(false)
  })

  it('Viewer and Customer Success (Limited) see the whole business without team or export', async () => {
    for (const person of [viewer, success]) {
      const data = await reportsLoader(args(person, '/reports?month=2026-11'))
      expect(newLeads(data)).toBe(4)
      expect(data).toMatchObject({ ownNumbersOnly: false, canExport: false })
      expect(data.report.team).toBeNull()
    }
  })

  it('a bad period is a 400 naming the field', async () => {
    const refusal = await reportsLoader(args(manager, '/reports?month=2026-13')).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(Response)
    expect((refusal as Response).status).toBe(400)
    expect(await (refusal as Response).text()).toMatch(/^month:/)
  })
})

describe('the CSV export', () => {
  it('is refused to Limited analytics, and the refusal is audited', async () => {
    const refusal = await csvLoader(args(rep, '/reports.csv?month=2026-11')).catch((error: unknown) => error)
    expect((refusal as Response).status).toBe(403)
    const audit = await database.db.auditLog.findFirst({
      where: { actorId: rep.id, action: 'analytics.export' },
      select: { outcome: true },
    })
    expect(audit?.outcome).toBe('DENIED')
  })

  it('gives a manager the page’s figures, one line per figure, and is audited', async () => {
    const response = await csvLoader(args(manager, '/reports.csv?month=2026-11'))
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    const lines = (await response.text()).split('\r\n')
    expect(lines[0]).toBe('table,row,figure,value')
    expect(lines).toContain('Conversion funnel (leads created in the period),MQL,Leads,3')
    expect(lines).toContain('Key figures,Pipeline value,This period,5000')
    const audit = await database.db.auditLog.findFirst({
      where: { actorId: manager.id, action: 'analytics.export' },
      select: { outcome: true },
    })
    expect(audit?.outcome).toBe('SUCCESS')
  })
})

describe('the home dashboard by role', () => {
  it('the other rep’s call is in the manager’s recent activity, not in the rep’s', async () => {
    const forManager = await homeLoader(args(manager, '/'))
    const forRep = await homeLoader(args(rep, '/'))
    expect(forManager.limited).toBe(false)
    expect(forRep.limited).toBe(true)
    expect(forManager.recentActivity.map((item) => item.subject)).toContain('Call about the discovery')
    expect(forRep.recentActivity.map((item) => item.subject)).not.toContain('Call about the discovery')
    expect(forManager.tiles.map((tile) => tile.key)).toEqual(['newLeads', 'pipelineValue', 'activePartners', 'mrr'])
  })
})
