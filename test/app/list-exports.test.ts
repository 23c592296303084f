import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import type { Database } from '../../lib/db'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createTemporalClient } from '../../lib/temporal'
import { signedInTeam, type SignedInTeam, type SignedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { loadRemixBuild, startWeb } from '../support/web'

// /exports/<list>: every list's CSV and XLSX through the one export module, on real PostgreSQL and the real Remix
// build. Expected rows are written out by hand from the records made here.

let database: TestDatabase
let db: Database
let web: Awaited<ReturnType<typeof startWeb>>
let team: SignedInTeam
let temporal: ReturnType<typeof createTemporalClient>
const tag = randomUUID().slice(0, 6)

beforeAll(async () => {
  database = await createTestDatabase()
  db = database.db
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url })
  temporal = createTemporalClient(config)
  web = await startWeb(
    { config, db, temporal, mail: createSmtpMailDriver('smtp://127.0.0.1:9') },
    await loadRemixBuild(),
  )
  team = await signedInTeam(db)
  const lead = (
    email: string,
    firstName: string | null,
    status: 'NEW' | 'CONTACTED',
    leadScore: number,
    assignedToId: string | null,
    createdAt: string,
  ) =>
    db.lead.create({
      data: {
        email,
        firstName,
        lastName: firstName ? 'Reyes' : null,
        companyName: `Acme ${tag}`,
        source: 'REFERRAL',
        industry: 'HVAC',
        status,
        leadScore,
        assignedToId,
        createdAt: new Date(createdAt),
      },
    })
  await lead(`ana-${tag}@prospect.example`, 'Ana', 'NEW', 80, team.rep.id, '2026-11-02T09:00:00.000Z')
  await lead(`ben-${tag}@prospect.example`, 'Ben', 'NEW', 90, team.otherRep.id, '2026-11-03T09:00:00.000Z')
  await lead(`cy-${tag}@prospect.example`, 'Cy', 'CONTACTED', 50, team.rep.id, '2026-11-04T09:00:00.000Z')
  await lead(`dee-${tag}@prospect.example`, null, 'NEW', 10, null, '2026-11-05T09:00:00.000Z')
})

afterAll(async () => {
  await web?.close()
  await temporal?.connection.close()
  await database?.drop()
})

function download(user: SignedInUser, path: string) {
  return fetch(`${web.baseUrl}${path}`, { headers: user.headers })
}

/** RFC 4180 as these files are written: CRLF between records, quotes only where needed. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const character = text[i]!
    if (quoted) {
      if (character === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (character === '"') quoted = false
      else cell += character
    } else if (character === '"') quoted = true
    else if (character === ',') {
      row.push(cell)
      cell = ''
    } else if (character === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += character
  }
  return rows
}

const leadHeader = ['Name', 'Email', 'Company', 'Source', 'Industry', 'Status', 'Stage', 'Score', 'Owner', 'Created']
// The leads with status New, highest score first, as a manager sees them (by hand from the rows above).
const newLeadsByScore = () => [
  [
    'Ben Reyes',
    `ben-${tag}@prospect.example`,
    `Acme ${tag}`,
    'Referral',
    'HVAC',
    'NEW',
    'NONE',
    '90',
    team.otherRep.name,
    '2026-11-03T09:00:00.000Z',
  ],
  [
    'Ana Reyes',
    `ana-${tag}@prospect.example`,
    `Acme ${tag}`,
    'Referral',
    'HVAC',
    'NEW',
    'NONE',
    '80',
    team.rep.name,
    '2026-11-02T09:00:00.000Z',
  ],
  [
    '',
    `dee-${tag}@prospect.example`,
    `Acme ${tag}`,
    'Referral',
    'HVAC',
    'NEW',
    'NONE',
    '10',
    '',
    '2026-11-05T09:00:00.000Z',
  ],
]

describe('exporting the leads list', () => {
  it('gives a manager every lead the filters match, in the list’s sort, as CSV, and audits it', async () => {
    const response = await download(team.manager, `/exports/leads?format=csv&status=new&sort=leadScore&page=1`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/)
    expect(response.headers.get('x-export-rows')).toBe('3')
    // Other tests' leads live in the same database: only this test's rows are compared, in the file's order.
    const rows = parseCsv(await response.text())
    expect(rows[0]).toEqual(leadHeader)
    expect(rows.slice(1).filter((row) => row[1]?.endsWith(`${tag}@prospect.example`))).toEqual(newLeadsByScore())

    const audits = await db.auditLog.findMany({
      where: { actorId: team.manager.id, action: 'leads.export' },
      select: { outcome: true, entityType: true, metadata: true },
    })
    expect(audits).toEqual([
      {
        outcome: 'SUCCESS',
        entityType: 'leads',
        metadata: { list: 'leads', format: 'csv', filters: { status: 'new', sort: 'leadScore' }, rows: 3 },
      },
    ])
  })

  it('gives a Sales Rep only their own leads (§14.2 "Read own")', async () => {
    const response = await download(team.rep, `/exports/leads?format=csv&status=new`)
    const rows = parseCsv(await response.text())
    expect(rows).toEqual([
      leadHeader,
      [
        'Ana Reyes',
        `ana-${tag}@prospect.example`,
        `Acme ${tag}`,
        'Referral',
        'HVAC',
        'NEW',
        'NONE',
        '80',
        team.rep.name,
        '2026-11-02T09:00:00.000Z',
      ],
    ])
  })

  it('writes the same rows to an XLSX that exceljs reads back', async () => {
    const response = await download(team.viewer, `/exports/leads?format=xlsx&status=new&sort=leadScore`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    const sheet = workbook.getWorksheet('leads')!
    const values = (index: number) => (sheet.getRow(index).values as unknown[]).slice(1)
    expect(values(1)).toEqual(leadHeader)
    const mine = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2)).filter((row) =>
      String(row[1]).endsWith(`${tag}@prospect.example`),
    )
    // Numbers stay numbers and times are dates in the spreadsheet; empty cells are absent.
    expect(mine).toEqual([
      [
        'Ben Reyes',
        `ben-${tag}@prospect.example`,
        `Acme ${tag}`,
        'Referral',
        'HVAC',
        'NEW',
        'NONE',
        90,
        team.otherRep.name,
        new Date('2026-11-03T09:00:00.000Z'),
      ],
      [
        'Ana Reyes',
        `ana-${tag}@prospect.example`,
        `Acme ${tag}`,
        'Referral',
        'HVAC',
        'NEW',
        'NONE',
        80,
        team.rep.name,
        new Date('2026-11-02T09:00:00.000Z'),
      ],
      [
        undefined,
        `dee-${tag}@prospect.example`,
        `Acme ${tag}`,
        'Referral',
        'HVAC',
        'NEW',
        'NONE',
        10,
        undefined,
        new Date('2026-11-05T09:00:00.000Z'),
      ],
    ])
  })

  it('refuses bad input naming the field, and writes no audit row', async () => {
    const before = await db.auditLog.count({ where: { action: 'leads.export' } })
    for (const [path, field] of [
      ['/exports/leads?format=pdf', 'format'],
      ['/exports/leads?format=csv&status=sleeping', 'status'],
      ['/exports/leads?format=csv&token=no', 'token'],
    ] as const) {
      const response = await download(team.manager, path)
      expect(response.status, path).toBe(400)
      expect(await response.text(), path).toContain(field)
    }
    expect(await db.auditLog.count({ where: { action: 'leads.export' } })).toBe(before)
  })
})

describe('exporting record lists and the pipeline', () => {
  it('exports a record list with its filters (companies by name) and the progress says done', async () => {
    const names = [`Zeta ${tag} Plumbing`, `Zeta ${tag} Heating`, `Other ${tag}`]
    const ids: string[] = []
    for (const name of names) {
      const company = await db.company.create({
        data: { name, industry: 'PLUMBING', employeeCount: 'RANGE_1_5', businessModel: 'SERVICE', source: 'REFERRAL' },
        select: { id: true },
      })
      ids.push(company.id)
    }
    const token = randomUUID()
    const response = await download(team.success, `/exports/companies?format=csv&name=zeta+${tag}&token=${token}`)
    const rows = parseCsv(await response.text())
    const header = rows[0]!
    const column = (name: string) => header.indexOf(name)
    // Newest first, as the list pages: Heating was created after Plumbing.
    expect(rows.slice(1).map((row) => [row[column('id')], row[column('name')]])).toEqual([
      [ids[1], names[1]],
      [ids[0], names[0]],
    ])
    // The last bytes can reach the client a moment before the writer marks itself done: poll as the page does.
    const progressOf = async (user: SignedInUser) =>
      (await (await download(user, `/exports/progress?token=${token}`)).json()) as { state: string }
    let progress = await progressOf(team.success)
    for (let tries = 0; progress.state === 'running' && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      progress = await progressOf(team.success)
    }
    expect(progress).toEqual({ state: 'done', total: 2, written: 2 })
    // Another person cannot read it.
    expect(await (await download(team.viewer, `/exports/progress?token=${token}`)).json()).toMatchObject({
      state: 'unknown',
    })
  })

  it('exports the pipeline board’s deals: a Sales Rep their own only', async () => {
    const company = await db.company.create({
      data: {
        name: `Board ${tag}`,
        industry: 'HVAC',
        employeeCount: 'RANGE_1_5',
        businessModel: 'SERVICE',
        source: 'REFERRAL',
      },
      select: { id: true },
    })
    const contact = await db.contact.create({
      data: { companyId: company.id, firstName: 'Jo', lastName: 'Diaz', email: `jo-${tag}@client.example` },
      select: { id: true },
    })
    const deal = (name: string, ownerId: string, stage: 'CONTACTED' | 'CLOSED_LOST') =>
      db.opportunity.create({
        data: {
          name,
          companyId: company.id,
          primaryContactId: contact.id,
          tier: 'FOUNDATION',
          stage,
          stageEnteredAt: new Date('2026-11-20T12:00:00.000Z'),
          setupFee: 9_500,
          totalContractValue: 20_000,
          ownerId,
        },
      })
    await deal(`Mine ${tag}`, team.rep.id, 'CONTACTED')
    await deal(`Lost ${tag}`, team.rep.id, 'CLOSED_LOST')
    await deal(`Theirs ${tag}`, team.otherRep.id, 'CONTACTED')
    const rows = parseCsv(await (await download(team.rep, '/exports/pipeline?format=csv')).text())
    expect(rows[0]).toEqual([
      'Deal',
      'Company',
      'Stage',
      'Tier',
      'Value',
      'Probability',
      'Owner',
      'In stage since',
      'Next step',
      'Next step at',
    ])
    // Contacted is 15 % in §4.1; a lost deal is not on the board.
    expect(rows.slice(1).filter((row) => row[0]?.endsWith(tag))).toEqual([
      [
        `Mine ${tag}`,
        `Board ${tag}`,
        'Contacted',
        'FOUNDATION',
        '20000',
        '15',
        team.rep.name,
        '2026-11-20T12:00:00.000Z',
        '',
        '',
      ],
    ])
  })

  it('refuses an unknown list', async () => {
    expect((await download(team.manager, '/exports/users?format=csv')).status).toBe(404)
  })
})
