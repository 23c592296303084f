import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { reportScheduleId } from '../../services/reports/report-schedules'
import { apiKeyWith, signedInUser, type SignedInUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { createDevServerEnvironment, uniqueTaskQueue } from '../support/temporal'
import { startWeb } from '../support/web'

// /api/scheduled-reports (decision 0041): the JSON face of /admin/reports, on a real PostgreSQL and Temporal's dev
// server (Schedules exist there, not on the time-skipping server). Admin only; bad input names its field; a pause
// is what the list and Temporal's own schedule then say.

const ny = 'America/New_York'
let env: TestWorkflowEnvironment
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let admin: SignedInUser
let manager: SignedInUser
let viewer: SignedInUser

beforeAll(async () => {
  ;[env, database] = await Promise.all([createDevServerEnvironment(), createTestDatabase()])
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue('scheduled-reports-api'),
  })
  web = await startWeb({
    config,
    db: database.db,
    temporal: env.client,
    mail: createSmtpMailDriver('smtp://127.0.0.1:9'),
  })
  ;[admin, manager, viewer] = await Promise.all([
    signedInUser(database.db, 'ADMIN'),
    signedInUser(database.db, 'SALES_MANAGER'),
    signedInUser(database.db, 'VIEWER'),
  ])
})

afterAll(async () => {
  await web?.close()
  await env?.teardown()
  await database?.drop()
})

/** An action without a body is sent `{}`, as every JSON client of this API does (a POST must be JSON). */
async function call(method: string, path: string, headers: Record<string, string>, given?: unknown) {
  const body = given === undefined && method === 'POST' ? {} : given
  const response = await fetch(`${web.baseUrl}/api${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      origin: web.baseUrl,
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null }
}

type Listed = {
  reports: { key: string; paused: boolean; recipients: { id: string; email: string; timeZone: string }[] }[]
  history: unknown[]
}
const reportIn = (listed: unknown, key: string) => (listed as Listed).reports.find((report) => report.key === key)!

describe('who may use it', () => {
  it('a Sales Manager, a Viewer and an API key are refused (403), audited, and nothing changes', async () => {
    const key = await apiKeyWith(database.db, ['leads:read', 'companies:read', 'users:create'])
    const before = await database.db.scheduledReportRecipient.count()
    for (const headers of [manager.headers, viewer.headers, key.headers]) {
      expect((await call('GET', '/scheduled-reports', headers)).status).toBe(403)
      expect((await call('POST', '/scheduled-reports/pipeline-status/pause', headers)).status).toBe(403)
      const added = await call('POST', '/scheduled-reports/pipeline-status/recipients', headers, {
        email: 'intruder@agency.test',
        name: 'Intruder',
        timeZone: ny,
      })
      expect(added.status).toBe(403)
      expect(added.body).toMatchObject({ code: 'forbidden' })
    }
    expect(await database.db.scheduledReportRecipient.count()).toBe(before)
    const denied = await database.db.auditLog.findMany({
      where: { actorId: manager.id, outcome: 'DENIED' },
      select: { action: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(denied.map((row) => row.action)).toEqual(['reports.read', 'reports.pause', 'reports.add-recipient'])
  })

  it('without a session or key: 401', async () => {
    expect((await call('GET', '/scheduled-reports', {})).status).toBe(401)
  })
})

describe('bad input is a 4xx naming the field', () => {
  it.each([
    [{ email: 'not-an-address', name: 'Ana', timeZone: ny }, 'email'],
    [{ email: 'ana@agency.test', name: '', timeZone: ny }, 'name'],
    [{ email: 'ana@agency.test', name: 'Ana', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ email: 'ana@agency.test', name: 'Ana', timeZone: ny, cc: 'x@agency.test' }, 'cc'],
    [{ name: 'Ana', timeZone: ny }, 'email'],
  ])('recipient %j → 400 naming %s', async (body, field) => {
    const answer = await call('POST', '/scheduled-reports/revenue-forecast/recipients', admin.headers, body)
    expect(answer.status).toBe(400)
    expect((answer.body!.errors as { field: string }[]).map((error) => error.field)).toEqual([field])
    expect(await database.db.scheduledReportRecipient.count({ where: { report: 'revenue-forecast' } })).toBe(0)
  })

  it('a body sent to an action that takes none, a bad limit, an unknown report', async () => {
    const paused = await call('POST', '/scheduled-reports/revenue-forecast/pause', admin.headers, { until: 'never' })
    expect(paused.status).toBe(400)
    expect(paused.body!.errors).toEqual([{ field: 'until', message: 'is not a field of this action' }])
    const limit = await call('GET', '/scheduled-reports?limit=0', admin.headers)
    expect(limit.status).toBe(400)
    expect((limit.body!.errors as { field: string }[]).map((error) => error.field)).toEqual(['limit'])
    const unknown = await call('GET', '/scheduled-reports/weather-report/runs', admin.headers)
    expect(unknown.status).toBe(404)
  })
})

// One Admin's session: each step builds on the one before.
describe('an Admin manages a report through the API', { shuffle: false }, () => {
  const report = 'partnership-health'
  let recipientId = ''

  it('adds a recipient (201), who is on the list, with a schedule for their zone', async () => {
    const added = await call('POST', `/scheduled-reports/${report}/recipients`, admin.headers, {
      email: 'Cara@Agency.test',
      name: 'Cara CS',
      timeZone: ny,
    })
    expect(added.status).toBe(201)
    expect(added.body).toMatchObject({ report, email: 'cara@agency.test', name: 'Cara CS', timeZone: ny })
    recipientId = String(added.body!.id)
    const listed = await call('GET', '/scheduled-reports', admin.headers)
    expect(listed.status).toBe(200)
    expect((listed.body as unknown as Listed).reports.map((entry) => entry.key)).toHaveLength(7)
    expect(reportIn(listed.body, report)).toMatchObject({
      paused: false,
      recipients: [{ id: recipientId, email: 'cara@agency.test', timeZone: ny }],
    })
    const schedule = await env.client.schedule.getHandle(reportScheduleId(report, ny)).describe()
    expect(schedule.state.paused).toBe(false)
    // The same address again: 409 naming the field.
    const again = await call('POST', `/scheduled-reports/${report}/recipients`, admin.headers, {
      email: 'cara@agency.test',
      name: 'Cara',
      timeZone: ny,
    })
    expect(again.status).toBe(409)
    expect(again.body!.errors).toEqual([{ field: 'email', message: 'already receives this report' }])
  })

  it('pauses the report: the list says paused, and so does Temporal’s schedule; resume undoes both', async () => {
    const paused = await call('POST', `/scheduled-reports/${report}/pause`, admin.headers)
    expect(paused).toEqual({
      status: 200,
      body: { report, paused: true, schedules: [reportScheduleId(report, ny)] },
    })
    expect(reportIn((await call('GET', '/scheduled-reports', admin.headers)).body, report).paused).toBe(true)
    expect((await env.client.schedule.getHandle(reportScheduleId(report, ny)).describe()).state.paused).toBe(true)
    // Another report is not touched.
    expect(reportIn((await call('GET', '/scheduled-reports', admin.headers)).body, 'pipeline-status').paused).toBe(
      false,
    )

    const resumed = await call('POST', `/scheduled-reports/${report}/resume`, admin.headers)
    expect(resumed.body).toMatchObject({ paused: false })
    expect(reportIn((await call('GET', '/scheduled-reports', admin.headers)).body, report).paused).toBe(false)
    expect((await env.client.schedule.getHandle(reportScheduleId(report, ny)).describe()).state.paused).toBe(false)
  })

  it('sends now (202): one run per zone started; a report with no recipients is a 409', async () => {
    const sent = await call('POST', `/scheduled-reports/${report}/send-now`, admin.headers)
    expect(sent.status).toBe(202)
    expect(sent.body).toMatchObject({ report })
    expect(sent.body!.workflowIds).toHaveLength(1)
    const empty = await call('POST', '/scheduled-reports/industry-breakdown/send-now', admin.headers)
    expect(empty.status).toBe(409)
  })

  it('reads the history of one report, and removes the recipient (204) with its zone’s schedule', async () => {
    await database.db.scheduledReportRun.create({
      data: {
        runKey: `${report}/${ny}/2027-W10`,
        report,
        timeZone: ny,
        periodKey: '2027-W10',
        periodLabel: 'Week 10 of 2027',
        periodFrom: new Date('2027-03-08T05:00:00Z'),
        periodTo: new Date('2027-03-15T04:00:00Z'),
        recipients: ['cara@agency.test'],
        status: 'SENT',
        workflowId: `scheduled-report-${report}-test`,
        preparedAt: new Date('2027-03-15T11:00:01Z'),
        sentAt: new Date('2027-03-15T11:00:05Z'),
      },
      select: { id: true },
    })
    const runs = await call('GET', `/scheduled-reports/${report}/runs?limit=5`, admin.headers)
    expect(runs.status).toBe(200)
    expect(runs.body).toMatchObject({
      report,
      runs: [{ periodKey: '2027-W10', status: 'SENT', recipients: ['cara@agency.test'] }],
    })
    expect((await call('GET', '/scheduled-reports/pipeline-status/runs', admin.headers)).body).toEqual({
      report: 'pipeline-status',
      runs: [],
    })

    const removed = await call('DELETE', `/scheduled-reports/${report}/recipients/${recipientId}`, admin.headers)
    expect(removed.status).toBe(204)
    expect(reportIn((await call('GET', '/scheduled-reports', admin.headers)).body, report).recipients).toEqual([])
    await expect(env.client.schedule.getHandle(reportScheduleId(report, ny)).describe()).rejects.toThrow()
    const audited = await database.db.auditLog.findMany({
      where: { actorId: admin.id, outcome: 'SUCCESS', entityType: 'scheduled-report' },
      select: { action: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(audited.map((row) => row.action)).toEqual([
      'reports.add-recipient',
      'reports.pause',
      'reports.resume',
      'reports.send-now',
      'reports.remove-recipient',
    ])
  })
})
