import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { scheduledReportWorkflow } from '../../workflows/scheduled-report'
import type { ScheduledReportInput } from '../../workflows/scheduled-report-messages'
import { launchBrowser } from '../support/browser'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { parsePdf, renderPdfPageInChromium } from '../support/pdf-render'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import {
  createTimeSkippingEnvironment,
  startWorker,
  testActivityDependencies,
  uniqueTaskQueue,
} from '../support/temporal'

// A scheduled report's run (decision 0039) with its real activities on PostgreSQL, its emails through a real SMTP
// server, on Temporal's time-skipping server. The run is for Monday 15 March 2027 07:00 in New York (11:00Z, the
// day after clocks sprang forward): its period is ISO week 10, Monday 8 March 00:00 EST (05:00Z) to Monday 15 March
// 00:00 EDT (04:00Z).

const ny = 'America/New_York'
const mondayAfterWeek10 = '2027-03-15T11:00:00Z'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase
let browser: Browser
let lastHistory: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> | undefined

beforeAll(async () => {
  ;[inbox, database, env, browser] = await Promise.all([
    startSmtpInbox(),
    createTestDatabase(),
    createTimeSkippingEnvironment(),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await env?.teardown()
  await browser?.close()
  await inbox?.stop()
  await database?.drop()
})

async function runReport(input: ScheduledReportInput) {
  const taskQueue = uniqueTaskQueue('scheduled-report')
  const worker = await startWorker(env, {
    taskQueue,
    dependencies: testActivityDependencies({ db: database.db, mail: createSmtpMailDriver(inbox.url) }),
  })
  try {
    const handle = await env.client.workflow.start(scheduledReportWorkflow, {
      workflowId: `scheduled-report-test-${randomUUID()}`,
      taskQueue,
      args: [input],
    })
    const result = await handle.result()
    lastHistory = await handle.fetchHistory()
    return result
  } finally {
    await worker.stop()
  }
}

async function lead(
  source: 'PAID_ADS' | 'REFERRAL' | 'ORGANIC_SEARCH',
  createdAt: string,
  stage: 'NONE' | 'MQL' | 'SQL',
) {
  await database.db.lead.create({
    data: {
      email: `${randomUUID()}@example.com`,
      source,
      createdAt: new Date(createdAt),
      marketingQualifiedAt: stage === 'NONE' ? null : new Date(createdAt),
      salesQualifiedAt: stage === 'SQL' ? new Date(createdAt) : null,
      qualificationStage: stage,
    },
    select: { id: true },
  })
}

describe('a scheduled report run emails its audience a PDF and a CSV', () => {
  it('sends week 10’s lead source performance, figures worked out by hand, once per period', async () => {
    const { db } = database
    // Week 10: three paid-ads leads (two MQL, one of them SQL), one of them Sunday 14 March 23:30 EDT (03:30Z on the
    // 15th, still week 10), and one referral lead that reached SQL.
    await lead('PAID_ADS', '2027-03-08T05:00:00Z', 'MQL')
    await lead('PAID_ADS', '2027-03-10T15:00:00Z', 'SQL')
    await lead('PAID_ADS', '2027-03-15T03:30:00Z', 'NONE')
    await lead('REFERRAL', '2027-03-12T18:00:00Z', 'SQL')
    // Outside it: Monday 15 March 00:30 EDT (week 11) and Sunday 8 March 04:59Z (23:59 EST on the 7th, week 9).
    await lead('PAID_ADS', '2027-03-15T04:30:00Z', 'MQL')
    // The week before (week 9): two leads, so week 10's 4 are +100%.
    await lead('ORGANIC_SEARCH', '2027-03-08T04:59:00Z', 'NONE')
    await lead('ORGANIC_SEARCH', '2027-03-02T12:00:00Z', 'NONE')
    // March's paid-ads spend, $3,100 (decision 0040): week 10 in New York is 167 hours (the clocks spring forward on
    // the 14th) of New York's March, 743 hours (decision 0057), so 167/743 × $3,100 = $696.77, and ÷ 3 leads =
    // $232.26. Referral has no spend entered.
    await db.marketingSpend.create({ data: { source: 'PAID_ADS', month: '2027-03', amountCents: 310_000 } })
    await db.scheduledReportRecipient.createMany({
      data: [
        { report: 'lead-source-performance', email: 'ana@agency.test', name: 'Ana Marketing', timeZone: ny },
        { report: 'lead-source-performance', email: 'ben@agency.test', name: 'Ben Marketing', timeZone: ny },
        // Another zone's recipient has a schedule (and run) of their own: not sent by the New York run.
        { report: 'lead-source-performance', email: 'eva@agency.test', name: 'Eva', timeZone: 'Europe/Madrid' },
      ],
    })

    const result = await runReport({ report: 'lead-source-performance', timeZone: ny, at: mondayAfterWeek10 })
    expect(result.status).toBe('SENT')
    expect(result.outboxMessageIds).toHaveLength(2)
    expect(inbox.to('eva@agency.test')).toHaveLength(0)

    for (const address of ['ana@agency.test', 'ben@agency.test']) {
      const [mail] = inbox.to(address)
      expect(mail!.subject).toBe('Lead Source Performance · Week 10 of 2027 (2027-03-08 to 2027-03-14)')
      // 4 leads, 3 of them MQL: 75 %; 4 against the week before's 2: (4 − 2) ÷ 2 = +100 %.
      expect(mail!.text).toContain('Leads: 4 (+100% vs the period before (2))')
      expect(mail!.text).toContain('Lead to MQL: 75%')
      const files = mail!.parsed.attachments.map((file) => [file.filename, file.contentType])
      expect(files).toEqual([
        ['lead-source-performance-2027-W10.pdf', 'application/pdf'],
        ['lead-source-performance-2027-W10.csv', 'text/csv'],
      ])
    }
    const [mail] = inbox.to('ana@agency.test')
    const csv = mail!.parsed.attachments[1]!.content.toString('utf8')
    // Paid ads: 3 leads, 2 MQL, 1 SQL, lead to MQL 2 ÷ 3 = 0.6667; referral: 1, 1, 1, 1 ÷ 1 = 1.
    expect(csv).toBe(
      'Source,Leads,MQL,SQL,Opportunity,Closed Won,Lead to MQL,Spend (USD),Cost per lead (USD)\r\n' +
        'Paid ads,3,2,1,0,0,0.6667,696.77,232.26\r\n' +
        'Referral,1,1,1,0,0,1,,\r\n',
    )

    const pdfBytes = mail!.parsed.attachments[0]!.content
    const pdf = await parsePdf(pdfBytes)
    expect(pdf.pages[0]).toContain('Lead Source Performance')
    expect(pdf.pages[0]).toContain('Week 10 of 2027 (2027-03-08 to 2027-03-14) · for Marketing')
    expect(pdf.pages[0]).toContain('Leads and MQLs by source')
    expect(pdf.pages[0]).toContain('Paid ads 3 2 1 0 0 0.6667')
    const page = await renderPdfPageInChromium(browser, pdfBytes, {
      page: 1,
      name: 'scheduled-report-lead-source-week-10',
      // The navy band, and the first bar (paid ads' 3 leads) low in the chart area.
      probes: { band: [20, 20] },
    })
    expect(page.colours.band).toEqual([31, 42, 68])
    expect(page.inkedShare).toBeGreaterThan(0.05)

    const run = await db.scheduledReportRun.findUniqueOrThrow({
      where: { runKey: `lead-source-performance/${ny}/2027-W10` },
      select: { status: true, recipients: true, outboxMessageIds: true, sentAt: true, manual: true },
    })
    expect(run).toMatchObject({
      status: 'SENT',
      recipients: ['ana@agency.test', 'ben@agency.test'],
      outboxMessageIds: result.outboxMessageIds,
      manual: false,
    })
    expect(run.sentAt).not.toBeNull()

    // The schedule firing again for the same period (a retry, a catch-up) sends nothing more.
    const again = await runReport({ report: 'lead-source-performance', timeZone: ny, at: '2027-03-15T11:00:30Z' })
    expect(again.status).toBe('ALREADY_SENT')
    expect(inbox.to('ana@agency.test')).toHaveLength(1)

    // "Send now" for the same period is a run of its own, recorded beside the scheduled one.
    const manual = await runReport({
      report: 'lead-source-performance',
      timeZone: ny,
      at: '2027-03-16T09:00:00Z',
      manualRunId: 'manual-1',
    })
    expect(manual.status).toBe('SENT')
    expect(inbox.to('ana@agency.test')).toHaveLength(2)
  })

  it('says the data is stale instead of sending numbers, after looking again an hour later', async () => {
    const { db } = database
    // ROI calculations in weeks 7–9 and none in week 10: the recording stopped.
    for (const createdAt of ['2027-02-16T15:00:00Z', '2027-02-24T15:00:00Z', '2027-03-03T15:00:00Z']) {
      await db.rOICalculation.create({
        data: {
          industry: 'HVAC',
          employeeCount: 'RANGE_10_25',
          hourlyRate: 40,
          weeklyAdminHours: 20,
          calculations: {},
          createdAt: new Date(createdAt),
        },
        select: { id: true },
      })
    }
    await db.scheduledReportRecipient.create({
      data: { report: 'roi-calculator-analytics', email: 'mia@agency.test', name: 'Mia', timeZone: ny },
    })
    const result = await runReport({ report: 'roi-calculator-analytics', timeZone: ny, at: mondayAfterWeek10 })
    expect(result.status).toBe('STALE_NOTICE_SENT')
    // It waited an hour for a projection to catch up, and computed the figures again, before saying so.
    const events = lastHistory!.events ?? []
    const timers = events.flatMap((event) => event.timerStartedEventAttributes ?? [])
    expect(timers.map((timer) => Number(timer.startToFireTimeout?.seconds))).toEqual([3600])
    const activities = events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [])
    expect(activities).toEqual([
      'prepareScheduledReport',
      'prepareScheduledReport',
      'sendScheduledReport',
      'finishScheduledReport',
    ])

    const [mail] = inbox.to('mia@agency.test')
    expect(mail!.subject).toBe(
      '[Not sent: data stale] ROI Calculator Analytics · Week 10 of 2027 (2027-03-08 to 2027-03-14)',
    )
    expect(mail!.text).toContain(
      'No ROI calculations were recorded in Week 10 of 2027 (2027-03-08 to 2027-03-14), although 3 were',
    )
    expect(mail!.parsed.attachments).toHaveLength(0)
    const run = await db.scheduledReportRun.findUniqueOrThrow({
      where: { runKey: `roi-calculator-analytics/${ny}/2027-W10` },
      select: { status: true, figures: true, staleReason: true },
    })
    expect(run.status).toBe('STALE_NOTICE_SENT')
    expect(run.figures).toBeNull()
  })
})
