import { ScheduleNotFoundError, type Client } from '@temporalio/client'
import { msToTs, tsToMs } from '@temporalio/common/lib/time'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportKeys, type ReportKey } from '../../domain/reports/report-catalogue'
import { reportPeriod } from '../../domain/reports/report-period'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import {
  addReportRecipient,
  removeReportRecipient,
  sendReportNow,
  setReportPaused,
  type ReportAdminContext,
} from '../../services/reports/report-admin'
import { ensureReportSchedules, reportScheduleId, reportScheduleOptions } from '../../services/reports/report-schedules'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import { createDevServerEnvironment, startWorker, testActivityDependencies, uniqueTaskQueue } from '../support/temporal'

// The §10.3 reports as real Temporal Schedules on the dev server (the time-skipping server has none), decision 0039.
// DST: America/New_York springs forward on Sunday 14 March 2027 and falls back on Sunday 7 November 2027, so 07:00
// local is 12:00Z in EST and 11:00Z in EDT. Every expected instant below is that arithmetic, by hand.

const ny = 'America/New_York'
let env: TestWorkflowEnvironment
let database: TestDatabase
let inbox: SmtpInbox
let temporal: Client
const taskQueue = uniqueTaskQueue('report-schedules')

beforeAll(async () => {
  ;[env, database, inbox] = await Promise.all([createDevServerEnvironment(), createTestDatabase(), startSmtpInbox()])
  temporal = env.client
})

afterAll(async () => {
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

/** The instants a schedule fires in [from, to), as Temporal's own schedule spec computes them. */
async function firesBetween(scheduleId: string, from: string, to: string): Promise<string[]> {
  const { startTime } = await temporal.workflowService.listScheduleMatchingTimes({
    namespace: env.namespace ?? 'default',
    scheduleId,
    startTime: msToTs(Date.parse(from)),
    endTime: msToTs(Date.parse(to)),
  })
  return (startTime ?? []).map((time) => new Date(tsToMs(time)).toISOString())
}

async function scheduleFor(report: ReportKey, timeZone: string) {
  await temporal.schedule.create(reportScheduleOptions(report, timeZone, { taskQueue, paused: true }))
  return reportScheduleId(report, timeZone)
}

describe(
  'a report’s schedule fires at 07:00 on the recipient’s wall clock, once per period, across DST',
  { shuffle: false },
  () => {
    it('daily: 12:00Z before the March change, 11:00Z after it, and back in November; one run per day', async () => {
      const id = await scheduleFor('pipeline-status', ny)
      const march = await firesBetween(id, '2027-03-12T00:00:00Z', '2027-03-17T00:00:00Z')
      expect(march).toEqual([
        '2027-03-12T12:00:00.000Z',
        '2027-03-13T12:00:00.000Z',
        '2027-03-14T11:00:00.000Z',
        '2027-03-15T11:00:00.000Z',
        '2027-03-16T11:00:00.000Z',
      ])
      const november = await firesBetween(id, '2027-11-05T00:00:00Z', '2027-11-10T00:00:00Z')
      expect(november).toEqual([
        '2027-11-05T11:00:00.000Z',
        '2027-11-06T11:00:00.000Z',
        '2027-11-07T12:00:00.000Z',
        '2027-11-08T12:00:00.000Z',
        '2027-11-09T12:00:00.000Z',
      ])
      // Each firing covers the day before it, with no day skipped or covered twice across either change.
      expect(march.map((at) => reportPeriod('Daily', new Date(at), ny).key)).toEqual([
        '2027-03-11',
        '2027-03-12',
        '2027-03-13',
        '2027-03-14',
        '2027-03-15',
      ])
      expect(november.map((at) => reportPeriod('Daily', new Date(at), ny).key)).toEqual([
        '2027-11-04',
        '2027-11-05',
        '2027-11-06',
        '2027-11-07',
        '2027-11-08',
      ])
      await temporal.schedule.getHandle(id).delete()
    })

    it('weekly on Mondays and monthly on the 1st, each at 07:00 local on both sides of each change', async () => {
      const weekly = await scheduleFor('lead-source-performance', ny)
      expect(await firesBetween(weekly, '2027-03-01T00:00:00Z', '2027-03-23T00:00:00Z')).toEqual([
        '2027-03-01T12:00:00.000Z',
        '2027-03-08T12:00:00.000Z',
        '2027-03-15T11:00:00.000Z',
        '2027-03-22T11:00:00.000Z',
      ])
      expect(await firesBetween(weekly, '2027-11-01T00:00:00Z', '2027-11-09T00:00:00Z')).toEqual([
        '2027-11-01T11:00:00.000Z',
        '2027-11-08T12:00:00.000Z',
      ])
      const monthly = await scheduleFor('revenue-forecast', ny)
      expect(await firesBetween(monthly, '2027-02-15T00:00:00Z', '2027-04-15T00:00:00Z')).toEqual([
        '2027-03-01T12:00:00.000Z',
        '2027-04-01T11:00:00.000Z',
      ])
      expect(await firesBetween(monthly, '2027-10-15T00:00:00Z', '2027-12-15T00:00:00Z')).toEqual([
        '2027-11-01T11:00:00.000Z',
        '2027-12-01T12:00:00.000Z',
      ])
      for (const key of ['lead-source-performance', 'revenue-forecast'] as const) {
        await temporal.schedule.getHandle(reportScheduleId(key, ny)).delete()
      }
    })
  },
)

// One Admin's session: each step builds on the one before, so the order is the story's.
describe('recipients, pause and send now, by an Admin only', { shuffle: false }, () => {
  let admin: ReportAdminContext
  let manager: ReportAdminContext

  beforeAll(async () => {
    const [adminUser, managerUser] = await Promise.all([
      createUser(database.db, { role: 'ADMIN' }),
      createUser(database.db, { role: 'SALES_MANAGER' }),
    ])
    const contextOf = (user: typeof adminUser): ReportAdminContext => ({
      db: database.db,
      temporal,
      taskQueue,
      actor: { kind: 'user', userId: user.id, email: user.email, name: user.name, role: user.role, sessionId: 'test' },
    })
    admin = contextOf(adminUser)
    manager = contextOf(managerUser)
  })

  const describeSchedule = (report: ReportKey, timeZone: string) =>
    temporal.schedule.getHandle(reportScheduleId(report, timeZone)).describe()

  it('keeps one schedule per report and recipient time zone, created idempotently and removed with its last recipient', async () => {
    const report = 'partnership-health'
    await addReportRecipient(admin, report, { email: 'cara@agency.test', name: 'Cara CS', timeZone: ny })
    await addReportRecipient(admin, report, { email: 'dev@agency.test', name: 'Dev CS', timeZone: ny })
    const madrid = await addReportRecipient(admin, report, {
      email: 'eva@agency.test',
      name: 'Eva',
      timeZone: 'Europe/Madrid',
    })
    const nySchedule = await describeSchedule(report, ny)
    expect(nySchedule.spec.timezone).toBe(ny)
    expect(nySchedule.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 7, end: 7, step: 1 }],
      dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
    })
    expect(nySchedule.policies.overlap).toBe('BUFFER_ONE')
    expect((await describeSchedule(report, 'Europe/Madrid')).spec.timezone).toBe('Europe/Madrid')

    // At every worker start: nothing new is created.
    const again = await ensureReportSchedules(admin, [report])
    expect(again.created).toEqual([])
    expect(again.updated.sort()).toEqual([reportScheduleId(report, ny), reportScheduleId(report, 'Europe/Madrid')])

    await removeReportRecipient(admin, report, madrid.id)
    await expect(describeSchedule(report, 'Europe/Madrid')).rejects.toBeInstanceOf(ScheduleNotFoundError)
    expect((await describeSchedule(report, ny)).state.paused).toBe(false)
  })

  it('refuses anyone but an Admin, audited, and changes nothing', async () => {
    const report = 'partnership-health'
    await expect(setReportPaused(manager, report, true)).rejects.toMatchObject({ status: 403 })
    await expect(sendReportNow(manager, report)).rejects.toMatchObject({ status: 403 })
    await expect(
      addReportRecipient(manager, report, { email: 'x@agency.test', name: 'X', timeZone: ny }),
    ).rejects.toMatchObject({ status: 403 })
    expect((await describeSchedule(report, ny)).state.paused).toBe(false)
    const denied = await database.db.auditLog.findMany({
      where: { actorId: manager.actor.kind === 'user' ? manager.actor.userId : '', outcome: 'DENIED' },
      select: { action: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(denied.map((row) => row.action)).toEqual(['reports.pause', 'reports.send-now', 'reports.add-recipient'])
    expect(await database.db.scheduledReportRecipient.count({ where: { email: 'x@agency.test' } })).toBe(0)
  })

  it('names the field of a bad recipient (400) and writes nothing', async () => {
    await expect(
      addReportRecipient(admin, 'partnership-health', { email: 'not-an-address', name: 'Y', timeZone: 'Mars/Olympus' }),
    ).rejects.toMatchObject({
      status: 400,
      fields: [
        { field: 'email', message: 'must be an email address' },
        { field: 'timeZone', message: 'must be an IANA time zone, e.g. America/Chicago' },
      ],
    })
    await expect(
      addReportRecipient(admin, 'no-such-report', { email: 'a@b.test', name: 'A', timeZone: ny }),
    ).rejects.toMatchObject({ status: 404 })
  })

  it('pauses and resumes every time-zone schedule of the report, audited', async () => {
    const report = 'partnership-health'
    await setReportPaused(admin, report, true)
    expect((await describeSchedule(report, ny)).state.paused).toBe(true)
    // A zone added while the report is paused gets its schedule paused too.
    await addReportRecipient(admin, report, { email: 'kai@agency.test', name: 'Kai', timeZone: 'Asia/Tokyo' })
    expect((await describeSchedule(report, 'Asia/Tokyo')).state.paused).toBe(true)
    await setReportPaused(admin, report, false)
    expect((await describeSchedule(report, ny)).state.paused).toBe(false)
    expect((await describeSchedule(report, 'Asia/Tokyo')).state.paused).toBe(false)
    const audited = await database.db.auditLog.findMany({
      where: {
        entityType: 'scheduled-report',
        outcome: 'SUCCESS',
        action: { in: ['reports.pause', 'reports.resume'] },
      },
      select: { action: true, entityId: true },
      orderBy: { createdAt: 'asc' },
    })
    expect(audited).toEqual([
      { action: 'reports.pause', entityId: report },
      { action: 'reports.resume', entityId: report },
    ])
  })

  it('"send now" runs the report at once for each time zone of its recipients and records it in the history', async () => {
    const report = 'partnership-health'
    const worker = await startWorker(env, {
      taskQueue,
      dependencies: testActivityDependencies({ db: database.db, mail: createSmtpMailDriver(inbox.url) }),
    })
    try {
      const { workflowIds } = await sendReportNow(admin, report, new Date('2027-03-16T14:00:00Z'))
      expect(workflowIds).toHaveLength(2)
      const results = await Promise.all(workflowIds.map((id) => temporal.workflow.getHandle(id).result()))
      expect(results.map((result) => result.status)).toEqual(['SENT', 'SENT'])
    } finally {
      await worker.stop()
    }
    for (const address of ['cara@agency.test', 'dev@agency.test', 'kai@agency.test']) {
      const [mail] = inbox.to(address)
      expect(mail!.subject).toContain('Partnership Health · Week 10 of 2027')
      expect(mail!.parsed.attachments.map((file) => file.filename)).toEqual([
        'partnership-health-2027-W10.pdf',
        'partnership-health-2027-W10.csv',
      ])
    }
    const runs = await database.db.scheduledReportRun.findMany({
      where: { report },
      select: { manual: true, timeZone: true, status: true, recipients: true },
      orderBy: { timeZone: 'asc' },
    })
    expect(runs).toEqual(
      [
        { manual: true, timeZone: ny, status: 'SENT', recipients: ['cara@agency.test', 'dev@agency.test'] },
        { manual: true, timeZone: 'Asia/Tokyo', status: 'SENT', recipients: ['kai@agency.test'] },
      ].sort((a, b) => a.timeZone.localeCompare(b.timeZone)),
    )
    expect(reportKeys).toContain(report)
  })

  it('a schedule’s own firing runs the report for the whole week before the time it fired for', async () => {
    const report = 'partnership-health'
    const worker = await startWorker(env, {
      taskQueue,
      dependencies: testActivityDependencies({ db: database.db, mail: createSmtpMailDriver(inbox.url) }),
    })
    const firedAt = Date.now()
    try {
      await temporal.schedule.getHandle(reportScheduleId(report, ny)).trigger()
      await expect
        .poll(
          () =>
            database.db.scheduledReportRun.findFirst({
              where: { report, manual: false, timeZone: ny, status: { not: 'PREPARED' } },
              select: { status: true, recipients: true, periodFrom: true, periodTo: true },
            }),
          { timeout: 60_000, interval: 500 },
        )
        .toMatchObject({ status: 'SENT', recipients: ['cara@agency.test', 'dev@agency.test'] })
    } finally {
      await worker.stop()
    }
    const run = await database.db.scheduledReportRun.findFirstOrThrow({
      where: { report, manual: false, timeZone: ny },
      select: { periodFrom: true, periodTo: true },
    })
    // A whole week (168 hours, give or take a DST hour) that ended within the 7 days before the firing.
    const hours = (run.periodTo.getTime() - run.periodFrom.getTime()) / 3_600_000
    expect([167, 168, 169]).toContain(hours)
    expect(run.periodTo.getTime()).toBeLessThanOrEqual(firedAt + 60_000)
    expect(firedAt - run.periodTo.getTime()).toBeLessThan(7 * 24 * 3_600_000)
  })
})
