import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action, loader } from '../../app/routes/reports_.spend'
import { createUser, type TestUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { pageContextFor } from '../support/page-context'

// The marketing spend form (/reports/spend, decision 0040): Admin and Sales Manager enter a month's spend per lead
// source in dollars; everyone else is refused (403, audited); a bad field is a 400 naming it and saves nothing.

let database: TestDatabase
let admin: TestUser
let manager: TestUser
let rep: TestUser
let viewer: TestUser

beforeAll(async () => {
  database = await createTestDatabase()
  ;[admin, manager, rep, viewer] = await Promise.all([
    createUser(database.db, { role: 'ADMIN' }),
    createUser(database.db, { role: 'SALES_MANAGER', name: 'Morgan Manager' }),
    createUser(database.db, { role: 'SALES_REP' }),
    createUser(database.db, { role: 'VIEWER' }),
  ])
})

afterAll(async () => {
  await database?.drop()
})

function post(user: TestUser, fields: Record<string, string>): ActionFunctionArgs {
  return {
    request: new Request('http://app.test/reports/spend', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    }),
    context: pageContextFor(database, user),
    params: {},
  } as ActionFunctionArgs
}

function get(user: TestUser, path: string): LoaderFunctionArgs {
  return {
    request: new Request(`http://app.test${path}`),
    context: pageContextFor(database, user),
    params: {},
  } as LoaderFunctionArgs
}

/** What an action answered: its status and body, whether it returned `data(…)`, a plain object or threw a Response. */
async function answerOf(result: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  const value = await result.catch((thrown: unknown) => thrown)
  if (value instanceof Response) return { status: value.status, body: await value.text() }
  if (typeof value === 'object' && value !== null && (value as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = value as { data: unknown; init: { status?: number } | null }
    return { status: init?.status ?? 200, body: data }
  }
  return { status: 200, body: value }
}

const spendRows = () =>
  database.db.marketingSpend.findMany({
    select: { source: true, month: true, amountCents: true, enteredById: true },
    orderBy: { source: 'asc' },
  })

describe('who may enter the spend', () => {
  it('a Sales Rep and a Viewer are refused the page and the form (403), audited, and nothing is saved', async () => {
    const before = await spendRows()
    for (const person of [rep, viewer]) {
      expect((await answerOf(loader(get(person, '/reports/spend?month=2026-11')))).status).toBe(403)
      const answer = await answerOf(action(post(person, { month: '2026-11', 'amounts.PAID_ADS': '100' })))
      expect(answer.status).toBe(403)
    }
    expect(await spendRows()).toEqual(before)
    const denied = await database.db.auditLog.count({
      where: { actorId: { in: [rep.id, viewer.id] }, action: 'settings.enter-marketing-spend', outcome: 'DENIED' },
    })
    expect(denied).toBe(4)
  })
})

describe('bad input is a 400 naming the field, and saves nothing', () => {
  it.each([
    [{ month: '2026-11', 'amounts.PAID_ADS': '-10' }, 'amounts.PAID_ADS', 'must not be negative'],
    [{ month: '2026-11', 'amounts.PAID_ADS': '10.005' }, 'amounts.PAID_ADS', 'must be a whole number of cents'],
    [{ month: '2026-11', 'amounts.BILLBOARDS': '10' }, 'amounts.BILLBOARDS', 'is not a lead source'],
    [{ month: '2026-13', 'amounts.PAID_ADS': '10' }, 'month', 'must be a month like 2026-11'],
    [{ 'amounts.PAID_ADS': '10' }, 'month', 'is required'],
  ])('%j → %s', async (fields, field, message) => {
    const before = await spendRows()
    const answer = await answerOf(action(post(manager, fields)))
    expect(answer.status).toBe(400)
    const body = answer.body as { fields: { field: string; message: string }[] }
    expect(body.fields.map((entry) => entry.field)).toEqual([field])
    expect(body.fields[0]!.message.startsWith(message)).toBe(true)
    expect(await spendRows()).toEqual(before)
  })

  it('a bad month in the page’s address is a 400 naming it', async () => {
    const answer = await answerOf(loader(get(manager, '/reports/spend?month=november')))
    expect(answer).toEqual({ status: 400, body: 'month: must be a month like 2026-11' })
  })
})

describe('a good sheet is saved, changed, cleared and audited', { shuffle: false }, () => {
  it('a Sales Manager enters November: dollars become cents, an empty source stays unentered', async () => {
    const answer = await answerOf(
      action(
        post(manager, {
          month: '2026-11',
          'amounts.PAID_ADS': '$3,000.50',
          'amounts.REFERRAL': '0',
          'amounts.WEBSITE': '',
        }),
      ),
    )
    expect(answer).toEqual({ status: 200, body: { ok: 'Saved: Paid Ads, Referral.', error: null, fields: [] } })
    expect(await spendRows()).toEqual([
      { source: 'PAID_ADS', month: '2026-11', amountCents: 300_050, enteredById: manager.id },
      { source: 'REFERRAL', month: '2026-11', amountCents: 0, enteredById: manager.id },
    ])
  })

  it('the page shows the month as entered, with who entered it', async () => {
    const page = await loader(get(admin, '/reports/spend?month=2026-11'))
    expect(page.month).toBe('2026-11')
    expect(page.sheet.find((row) => row.source === 'PAID_ADS')).toMatchObject({
      amountCents: 300_050,
      enteredBy: 'Morgan Manager',
    })
    expect(page.sheet.find((row) => row.source === 'WEBSITE')).toMatchObject({ amountCents: null, enteredBy: null })
  })

  it('an Admin changes one source and clears another; the audit names both changes', async () => {
    const answer = await answerOf(
      action(post(admin, { month: '2026-11', 'amounts.PAID_ADS': '2800', 'amounts.REFERRAL': '' })),
    )
    expect(answer.status).toBe(200)
    expect(await spendRows()).toEqual([
      { source: 'PAID_ADS', month: '2026-11', amountCents: 280_000, enteredById: admin.id },
    ])
    const audit = await database.db.auditLog.findFirst({
      where: { actorId: admin.id, action: 'marketing-spend.update' },
      select: { entityId: true, outcome: true, metadata: true },
    })
    expect(audit).toEqual({
      entityId: '2026-11',
      outcome: 'SUCCESS',
      metadata: {
        changes: [
          { source: 'PAID_ADS', fromCents: 300_050, toCents: 280_000 },
          { source: 'REFERRAL', fromCents: 0, toCents: null },
        ],
      },
    })
  })
})
