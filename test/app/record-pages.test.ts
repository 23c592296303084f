import type { Client } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { signedInUser, type SignedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

// The record pages' lists and forms over real HTTP: paging both ways, the API's filters as a GET form, and a
// refused form shown again with its values and the error next to the field.

let database: TestDatabase
let temporal: Client
let web: Awaited<ReturnType<typeof startWeb>>
let manager: SignedInUser

beforeAll(async () => {
  database = await createTestDatabase()
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db: database.db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  manager = await signedInUser(database.db, 'SALES_MANAGER')
  for (let index = 0; index < 30; index += 1) {
    await database.db.company.create({
      data: {
        name: `Firm ${String(index).padStart(2, '0')}`,
        industry: index % 3 === 0 ? 'PLUMBING' : 'HVAC',
        employeeCount: 'RANGE_1_5',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
      },
      select: { id: true },
    })
  }
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

async function page(path: string) {
  const response = await fetch(`${web.baseUrl}${path}`, { headers: manager.headers })
  expect(response.status).toBe(200)
  const html = await response.text()
  const link = (label: string) => {
    const match = new RegExp(`href="([^"]+)"[^>]*>${label}<`).exec(html)
    return match?.[1]?.replaceAll('&amp;', '&') ?? null
  }
  return {
    html,
    names: [...html.matchAll(/>(Firm \d\d)</g)].map((match) => match[1]),
    next: link('Next →'),
    previous: link('← Previous'),
  }
}

describe('record list pages', () => {
  it('pages through the companies newest first, forwards and back', async () => {
    const first = await page('/companies')
    expect(first.names).toHaveLength(25)
    expect(first.names[0]).toBe('Firm 29')
    expect(first.previous).toBeNull()
    expect(first.next).not.toBeNull()

    const second = await page(String(first.next))
    expect(second.names).toEqual(['Firm 04', 'Firm 03', 'Firm 02', 'Firm 01', 'Firm 00'])
    expect(second.next).toBeNull()
    expect(second.previous).not.toBeNull()

    const back = await page(String(second.previous))
    expect(back.names).toEqual(first.names)
    expect(back.previous).toBeNull()
  })

  it('filters with the API filters as a GET form, keeping the filter when paging', async () => {
    const plumbing = await page('/companies?industry=plumbing&name=')
    expect(plumbing.names).toEqual([
      'Firm 27',
      'Firm 24',
      'Firm 21',
      'Firm 18',
      'Firm 15',
      'Firm 12',
      'Firm 09',
      'Firm 06',
      'Firm 03',
      'Firm 00',
    ])
    expect(plumbing.html).toContain('10 company records match the filters')
    const named = await page('/companies?name=firm%2001')
    expect(named.names).toEqual(['Firm 01'])
    expect(named.html).toContain('1 company matches the filters.')
  })

  it('shows a refused form again with the typed values and each error next to its field', async () => {
    const response = await fetch(`${web.baseUrl}/companies/new`, {
      method: 'POST',
      headers: { ...manager.headers, origin: web.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Half-filled Co', industry: 'hvac', aiMaturityScore: '42' }),
    })
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).toContain('value="Half-filled Co"')
    expect(html).toMatch(/id="create-employeeCount-error"[^>]*>is required</)
    expect(html).toMatch(/id="create-aiMaturityScore-error"[^>]*>[^<]*10/)
    expect(await database.db.company.count({ where: { name: 'Half-filled Co' } })).toBe(0)
  })
})

describe('owners by name', () => {
  it('names the owner of an opportunity and a partnership on lists and details, for every role that reads them', async () => {
    // The owner is a Sales Rep: under "own" a Sales Rep reads only their own opportunities.
    const owner = await signedInUser(database.db, 'SALES_REP', { name: 'Riley Ownerson' })
    const company = await database.db.company.create({
      data: {
        name: 'Owned Co',
        industry: 'HVAC',
        employeeCount: 'RANGE_1_5',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
        // Older than the paged firms, so in any order it never takes a place on their first page.
        createdAt: new Date(Date.UTC(2025, 0, 1)),
      },
      select: { id: true },
    })
    const contact = await database.db.contact.create({
      data: { companyId: company.id, firstName: 'Pat', lastName: 'Owned', email: 'pat@owned.example' },
      select: { id: true },
    })
    const opportunity = await database.db.opportunity.create({
      data: {
        name: 'Owned deal',
        companyId: company.id,
        primaryContactId: contact.id,
        tier: 'FOUNDATION',
        setupFee: 7500,
        totalContractValue: 7500,
        ownerId: owner.id,
      },
      select: { id: true },
    })
    const partnership = await database.db.partnership.create({
      data: {
        opportunityId: opportunity.id,
        companyId: company.id,
        tier: 'FOUNDATION',
        startDate: new Date('2026-11-01'),
        targetEndDate: new Date('2027-01-01'),
        ownerId: owner.id,
      },
      select: { id: true },
    })
    const readers = {
      ADMIN: await signedInUser(database.db, 'ADMIN'),
      SALES_MANAGER: manager,
      SALES_REP: owner,
      CUSTOMER_SUCCESS: await signedInUser(database.db, 'CUSTOMER_SUCCESS'),
      VIEWER: await signedInUser(database.db, 'VIEWER'),
    }
    const shownAsText = (html: string) =>
      html.includes(`>${owner.id}<`) || html.includes(`value="${owner.id}" placeholder`)
    for (const [role, reader] of Object.entries(readers)) {
      const htmlOf = async (path: string) => {
        const response = await fetch(`${web.baseUrl}${path}`, { headers: reader.headers })
        expect(response.status, `${role} ${path}`).toBe(200)
        return response.text()
      }
      const list = await htmlOf('/opportunities')
      expect(list, role).toContain('>Riley Ownerson<')
      expect(shownAsText(list), role).toBe(false)
      // The company opens its page; the owner, a person, has none.
      expect(list, role).toContain(`href="/companies/${company.id}">Owned Co</a>`)
      expect(list, role).not.toMatch(/<a [^>]*>Riley Ownerson</)
      for (const path of [`/opportunities/${opportunity.id}`, `/partnerships/${partnership.id}`]) {
        const detail = await htmlOf(path)
        expect(shownAsText(detail), `${role} ${path}`).toBe(false)
        // Where the owner appears (read-only details, or the picker of those who may assign), it is by name.
        if (detail.includes('>Owner<')) expect(detail, `${role} ${path}`).toContain('Riley Ownerson')
      }
    }
    // A Sales Rep on their own deal sees themselves, by name, as its owner (a deal's owner changes by assignment,
    // through its workflow, not in the edit form).
    const repPage = await fetch(`${web.baseUrl}/opportunities/${opportunity.id}`, { headers: owner.headers })
    const repHtml = await repPage.text()
    expect(repHtml).toContain('Riley Ownerson')
    expect(repHtml).not.toMatch(new RegExp(`<select[^>]*name="owner"`))
    // The read-only details name the owner.
    const viewerDetail = await fetch(`${web.baseUrl}/partnerships/${partnership.id}`, {
      headers: readers.VIEWER.headers,
    })
    expect(await viewerDetail.text()).toContain('<dd>Riley Ownerson</dd>')
    // A contact's read-only details open its company.
    const viewerContact = await fetch(`${web.baseUrl}/contacts/${contact.id}`, { headers: readers.VIEWER.headers })
    expect(await viewerContact.text()).toMatch(
      new RegExp(`<dd><a [^>]*href="/companies/${company.id}"[^>]*>Owned Co</a></dd>`),
    )
  })
})

describe('the voice session page', () => {
  it('shows the conversation, one message after the other, with what the agent made of it', async () => {
    const session = await database.db.voiceSession.create({
      data: {
        externalSessionId: 'va-page-1',
        startTime: new Date('2026-11-30T15:00:00Z'),
        endedAt: new Date('2026-11-30T15:02:00Z'),
        duration: 120,
        totalQuestions: 1,
        sentiment: 'POSITIVE',
        painPoints: ['missed calls after hours'],
        messages: [
          { role: 'assistant', content: 'Hi, what takes your team the most time?', timestamp: '2026-11-30T15:00:00Z' },
          { role: 'user', content: 'We miss calls when the crew is on a job.', timestamp: '2026-11-30T15:00:40Z' },
        ],
      },
      select: { id: true },
    })
    const { html } = await page(`/voice-sessions/${session.id}`)
    // React marks where one text ends and the next begins (<!-- -->); a reader sees the text without them.
    const conversation = html.slice(html.indexOf('id="conversation"')).replaceAll('<!-- -->', '')
    expect(conversation).toContain('1 question ·')
    expect(conversation).toContain('missed calls after hours')
    const agent = conversation.indexOf('Hi, what takes your team the most time?')
    const visitor = conversation.indexOf('We miss calls when the crew is on a job.')
    expect(agent).toBeGreaterThan(0)
    expect(visitor).toBeGreaterThan(agent)
  })

  it('lists each session with its length in minutes and seconds', async () => {
    await database.db.voiceSession.create({
      data: { externalSessionId: 'va-list-1', startTime: new Date('2026-11-30T16:00:00Z'), duration: 539 },
      select: { id: true },
    })
    const { html } = await page('/voice-sessions')
    const row = html.slice(html.indexOf('va-list-1'), html.indexOf('</tr>', html.indexOf('va-list-1')))
    expect(row).toContain('>8 min 59 s<')
    expect(html).toContain('>Duration<')
  })
})
