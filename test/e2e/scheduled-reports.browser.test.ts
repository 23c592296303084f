import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInUser } from '../support/actors'
import { saveScreenshot, signedInPage } from '../support/browser'
import { startBrowserWeb, type BrowserWeb } from '../support/browser-web'

// The Admin's page of the §10.3 reports in a real Chromium: the seven reports with their recipients and pause, and
// the history of what was sent. The page's changes reach Temporal Schedules; those are tested on the dev server in
// test/workflows/report-schedules.test.ts, this test reads what they recorded.

let app: BrowserWeb

beforeAll(async () => {
  app = await startBrowserWeb()
  const { db } = app.database
  await db.scheduledReportRecipient.createMany({
    data: [
      { report: 'pipeline-status', email: 'sam@agency.test', name: 'Sam Sales', timeZone: 'America/New_York' },
      { report: 'pipeline-status', email: 'lu@agency.test', name: 'Lu Sales', timeZone: 'America/Los_Angeles' },
      { report: 'revenue-forecast', email: 'ceo@agency.test', name: 'Casey CEO', timeZone: 'America/Chicago' },
    ],
  })
  await db.scheduledReportSetting.create({ data: { report: 'revenue-forecast', paused: true } })
  await db.scheduledReportRun.createMany({
    data: [
      {
        runKey: 'pipeline-status/America/New_York/2026-12-01',
        report: 'pipeline-status',
        timeZone: 'America/New_York',
        periodKey: '2026-12-01',
        periodLabel: '2026-12-01',
        periodFrom: new Date('2026-12-01T05:00:00Z'),
        periodTo: new Date('2026-12-02T05:00:00Z'),
        recipients: ['sam@agency.test'],
        status: 'SENT',
        outboxMessageIds: ['o1'],
        workflowId: 'scheduled-report-pipeline-status-America-New_York-2026-12-02T12:00:00Z',
        preparedAt: new Date('2026-12-02T12:00:01Z'),
        sentAt: new Date('2026-12-02T12:00:03Z'),
      },
      {
        runKey: 'voice-agent-analytics/America/New_York/2026-W48',
        report: 'voice-agent-analytics',
        timeZone: 'America/New_York',
        periodKey: '2026-W48',
        periodLabel: 'Week 48 of 2026 (2026-11-23 to 2026-11-29)',
        periodFrom: new Date('2026-11-23T05:00:00Z'),
        periodTo: new Date('2026-11-30T05:00:00Z'),
        recipients: ['pm@agency.test'],
        status: 'STALE_NOTICE_SENT',
        staleReason: 'No voice agent sessions were recorded in week 48, although 31 were in the 4 periods before.',
        outboxMessageIds: ['o2'],
        workflowId: 'scheduled-report-voice',
        preparedAt: new Date('2026-11-30T13:00:01Z'),
        sentAt: new Date('2026-11-30T13:00:03Z'),
      },
    ],
  })
})

afterAll(async () => {
  await app?.close()
})

describe('/admin/reports', () => {
  it('shows an Admin the seven reports, their recipients and pause, and what was sent', async () => {
    const admin = await signedInUser(app.database.db, 'ADMIN')
    const { context, page } = await signedInPage(app.browser, app.web.baseUrl, admin, { width: 1600, height: 1000 })
    try {
      await page.goto(`${app.web.baseUrl}/admin/reports`)
      await expect.poll(() => page.locator('tr[data-report]').count()).toBe(7)
      const pipeline = page.locator('tr[data-report="pipeline-status"]')
      await expect.poll(() => pipeline.innerText()).toContain('Sam Sales · America/New_York')
      expect(await pipeline.innerText()).toContain('Lu Sales · America/Los_Angeles')
      expect(await page.locator('tr[data-report="revenue-forecast"]').innerText()).toContain('Paused')
      const history = await page.locator('section[aria-labelledby="history"]').innerText()
      expect(history).toContain('Week 48 of 2026 (2026-11-23 to 2026-11-29)')
      expect(history).toContain('Stale notice sent')
      await saveScreenshot(page, 'admin-scheduled-reports')
    } finally {
      await context.close()
    }
  })

  it('refuses a Sales Manager (403) and records the attempt', async () => {
    const manager = await signedInUser(app.database.db, 'SALES_MANAGER')
    const response = await fetch(`${app.web.baseUrl}/admin/reports`, { headers: manager.headers })
    expect(response.status).toBe(403)
    const denied = await app.database.db.auditLog.count({
      where: { actorId: manager.id, action: 'settings.manage-reports', outcome: 'DENIED' },
    })
    expect(denied).toBe(1)
  })
})
