import { randomUUID } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Client, Connection } from '@temporalio/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { leadWorkflowOf } from '../../services/leads/lead-workflow'
import { signalEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { loadConfig } from '../../lib/config'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import {
  leadEventSignal,
  leadStatusQuery,
  leadWorkflowId,
  type LeadWorkflowStatus,
} from '../../workflows/lead-messages'
import { signedInUser, type SignedInUser } from '../support/actors'
import type { TestDatabase } from '../support/database'
import type { SmtpInbox } from '../support/smtp-inbox'
import { loadRemixBuild, startWeb } from '../support/web'
import { startCrmStack, type CrmStack } from '../support/stack'
import { wallClockIn } from '../support/wall-clock'

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase
let web: Awaited<ReturnType<typeof startWeb>>
let viewer: SignedInUser
let rep: SignedInUser
let otherRep: SignedInUser
let stack: CrmStack

beforeAll(async () => {
  stack = await startCrmStack('lead-page', { remix: true, temporalServer: 'time-skipping' })
  ;({ env, inbox, database, web } = stack)
  viewer = await signedInUser(database.db, 'VIEWER', { name: 'Vera Viewer' })
  rep = await signedInUser(database.db, 'SALES_REP', { name: 'Riley Rep' })
  otherRep = await signedInUser(database.db, 'SALES_REP', { name: 'Oscar Otherrep' })
})

afterAll(async () => {
  await stack?.close()
})

const page = (leadId: string, person: SignedInUser) =>
  fetch(`${web.baseUrl}/leads/${leadId}`, { headers: person.headers })

/** The page's form, posted from the app's own origin as a browser would. */
const submit = (leadId: string, person: SignedInUser, fields: Record<string, string>) =>
  fetch(`${web.baseUrl}/leads/${leadId}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: web.baseUrl, cookie: person.cookie },
    body: new URLSearchParams(fields).toString(),
  })

/** Text of the HTML without tags and with React's comment markers gone, for reading what a person reads. */
const textOf = (html: string) =>
  html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

/** An instant as the page writes it in a timezone, e.g. "Tue, Nov 24, 2026, 9:00 AM CST". */
const inZone = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso))

/** Waits until the plan the workflow recorded on the lead's row is the one its live run reports. */
async function recordedPlanMatchesRun(leadId: string, live: () => Promise<LeadWorkflowStatus>) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const status = await live()
    const row = await database.db.lead.findUniqueOrThrow({ where: { id: leadId }, select: { upcomingSteps: true } })
    const recorded = row.upcomingSteps as { steps?: unknown; sequences?: unknown } | null
    // Compared as values: PostgreSQL's jsonb keeps no key order.
    if (
      isDeepStrictEqual(recorded?.steps, status.upcomingSteps) &&
      isDeepStrictEqual(recorded?.sequences, status.sequences)
    ) {
      return status
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The plan recorded for lead ${leadId} never matched its run`)
}

describe('lead page', () => {
  it('shows the profile, the score with its breakdown, transcripts, calculations, the timeline and the Temporal link', async () => {
    const lead = await database.db.lead.create({
      data: {
        email: `jordan-${randomUUID()}@bayside-hvac.example`,
        firstName: 'Jordan',
        lastName: 'Reyes',
        companyName: 'Bayside HVAC',
        source: 'CALENDAR_BOOKING',
        industry: 'HVAC',
        employeeCount: 'RANGE_10_25',
        timezone: 'America/Chicago',
        utmSource: 'google',
        utmCampaign: 'spring-tuneup',
        landingPage: 'https://aikre8tion.example/hvac',
        leadScore: 62,
        qualificationStage: 'MQL',
        marketingQualifiedAt: new Date('2026-11-20T16:00:00Z'),
        scoringFactors: [
          { factor: 'industryMatch', weight: 20, value: 100, contribution: 20 },
          { factor: 'employeeCount', weight: 15, value: 100, contribution: 15 },
          { factor: 'voiceAgentEngagement', weight: 20, value: 85, contribution: 17 },
          { factor: 'calendarBooking', weight: 10, value: 100, contribution: 10 },
        ],
        assignedToId: rep.id,
        workflowId: `lead-page-no-such-run-${randomUUID()}`,
        workflowStatus: 'RUNNING',
        communicationPreference: {
          create: { marketingConsent: true, marketingConsentSource: 'voice agent', timezone: 'America/Denver' },
        },
        voiceSessions: {
          create: {
            externalSessionId: `vs-${randomUUID()}`,
            startTime: new Date('2026-11-20T15:00:00Z'),
            endedAt: new Date('2026-11-20T15:04:10Z'),
            duration: 250,
            totalQuestions: 6,
            topics: ['dispatch scheduling'],
            intents: ['PRICING_INQUIRY', 'READY_TO_PROCEED'],
            painPoints: ['missed calls after hours'],
            objections: ['too expensive'],
            sentiment: 'POSITIVE',
            outcome: 'CALENDAR_BOOKING',
            messages: [
              {
                role: 'assistant',
                content: 'Hi! How can I help your HVAC business?',
                timestamp: '2026-11-20T15:00:05Z',
              },
              {
                role: 'user',
                content: 'We miss calls after hours. What does the Foundation tier cost?',
                timestamp: '2026-11-20T15:00:30Z',
              },
            ],
          },
        },
        roiCalculations: {
          create: {
            industry: 'HVAC',
            employeeCount: 'RANGE_10_25',
            hourlyRate: 45,
            weeklyAdminHours: 30,
            calculations: {
              weeklyHoursSaved: { discovery: 7.5, foundation: 15, architect: 24 },
              weeklyValueCreated: { discovery: 337.5, foundation: 675, architect: 1080 },
              annualROI: {
                discovery: { value: 10140, percentage: 124.1 },
                foundation: { value: 13600, percentage: 63.7 },
                architect: { value: 9400, percentage: 20.1 },
              },
              paybackPeriod: { discovery: 24.2, foundation: 31.6, architect: 43.3 },
            },
            reportRequested: true,
          },
        },
        calendarBookings: {
          create: {
            externalUid: `cal-${randomUUID()}`,
            title: 'Discovery call with Jordan',
            attendeeEmail: 'jordan@bayside-hvac.example',
            startTime: new Date('2026-11-25T16:00:00Z'),
            endTime: new Date('2026-11-25T16:30:00Z'),
          },
        },
        activities: {
          create: [
            {
              type: 'VOICE_SESSION',
              subject: 'Voice session: 6 questions',
              createdAt: new Date('2026-11-20T15:04:10Z'),
            },
            {
              type: 'SYSTEM_EVENT',
              subject: 'Qualified as MQL',
              description: 'Lead score > 70 → MQL',
              createdAt: new Date('2026-11-20T16:00:00Z'),
            },
          ],
        },
      },
      select: { id: true, voiceSessions: { select: { id: true } }, roiCalculations: { select: { id: true } } },
    })
    await database.db.notification.create({
      data: {
        idempotencyKey: `page-test-${randomUUID()}`,
        userId: rep.id,
        leadId: lead.id,
        kind: 'LEAD_QUALIFIED',
        title: 'Lead qualified (MQL): Jordan Reyes',
        body: 'Lead score > 70 → MQL',
        createdAt: new Date('2026-11-20T16:00:01Z'),
      },
      select: { id: true },
    })

    const response = await page(lead.id, viewer)

    expect(response.status).toBe(200)
    const html = await response.text()
    const text = textOf(html)
    expect(html).toContain('<title>Jordan Reyes · Durable CRM</title>')
    // Profile: contact, company, source with UTM and landing page, owner, language, timezone, consent.
    for (const expected of [
      'Bayside HVAC',
      'Calendar Booking (Direct)',
      'google / spring-tuneup',
      'https://aikre8tion.example/hvac',
      'Owner Riley Rep',
      'Language English',
      'Time zone America/Denver',
      'Marketing consent (voice agent)',
    ]) {
      expect(text).toContain(expected)
    }
    // Score and breakdown: each factor with weight, value and points, and a bar.
    expect(text).toMatch(/62 \/ 100 warm/)
    expect(text).toContain('Voice agent engagement 20% 85')
    expect(html).toContain('aria-label="Voice agent engagement: 85 of 100"')
    expect(text).toContain('Qualification: MQL')
    expect(text).toContain('Qualified as MQL — Lead score > 70 → MQL')
    // The page reads the plan the workflow records, never the run: none recorded yet, and it says so.
    expect(text).toContain('No upcoming steps recorded yet')
    expect(html).toContain(
      `href="http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent('lead-page-no-such-run-')}`,
    )
    // Timeline: newest first, alerts included.
    const timeline = text.slice(text.indexOf('Timeline'))
    expect(timeline.indexOf('Lead qualified (MQL): Jordan Reyes')).toBeLessThan(timeline.indexOf('Qualified as MQL'))
    expect(timeline.indexOf('Qualified as MQL')).toBeLessThan(timeline.indexOf('Voice session: 6 questions'))
    // Transcript viewer and chips.
    expect(text).toContain('We miss calls after hours. What does the Foundation tier cost?')
    expect(text).toMatch(/Intents pricing inquiry ready to proceed/)
    expect(text).toContain('Pain points missed calls after hours')
    expect(text).toContain('Objections too expensive')
    expect(text).toContain('Sentiment positive')
    // ROI calculations with the figures per tier and the report link.
    expect(text).toContain('Foundation 15.0 $675 $13,600 (64%) 31.6 weeks')
    expect(html).toContain(`href="/roi-calculations/${lead.roiCalculations[0]!.id}/report.pdf"`)
    expect(text).toContain('Discovery call with Jordan')
    // A Viewer may read, not act.
    expect(html).not.toContain('id="lead-actions"')
    expect(html).not.toContain('name="intent" value="contacted"')
  })

  it("lists the live workflow's upcoming steps with their due time in the lead's timezone and whether they fire", async () => {
    const lead = await database.db.lead.create({
      data: {
        email: `ana-${randomUUID()}@example.com`,
        firstName: 'Ana',
        source: 'VOICE_AGENT',
        timezone: 'America/Chicago',
        assignedToId: rep.id,
      },
      select: { id: true, source: true, status: true },
    })
    const session = await database.db.voiceSession.create({
      data: {
        externalSessionId: `vs-${randomUUID()}`,
        leadId: lead.id,
        // Workflow time: earlier tests may have moved the test server's clock ahead of the wall clock.
        startTime: new Date(await env.currentTimeMs()),
        endedAt: new Date(await env.currentTimeMs()),
        totalQuestions: 2,
        messages: [{ role: 'user', content: 'Hola', timestamp: new Date().toISOString() }],
      },
      select: { id: true },
    })
    await database.db.lead.update({
      where: { id: lead.id },
      data: { workflowId: leadWorkflowId(lead.id) },
      select: { id: true },
    })
    await signalEntityWorkflow(env.client, leadWorkflowOf(lead), stack.taskQueue, leadEventSignal, {
      eventId: `test:${session.id}`,
      kind: 'voice.session.ended',
      occurredAt: new Date().toISOString(),
      refId: session.id,
    })
    const handle = env.client.workflow.getHandle(leadWorkflowId(lead.id))
    let status = await handle.query(leadStatusQuery)
    for (
      let attempt = 0;
      attempt < 50 &&
      !(status.sequences ?? []).some((sequence) => sequence.steps.some((step) => step.state === 'sent'));
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      status = await handle.query(leadStatusQuery)
    }
    // The page reads what the workflow recorded when its plan last changed: the same as the run's own answer.
    status = await recordedPlanMatchesRun(lead.id, () => handle.query(leadStatusQuery))
    const upcoming = status.upcomingSteps ?? []
    expect(upcoming.length).toBeGreaterThan(0)

    const text = textOf(await (await page(lead.id, rep)).text())

    const section = text.slice(text.indexOf('Upcoming steps'), text.indexOf('Timeline'))
    for (const step of upcoming) {
      const leadTime = new Intl.DateTimeFormat('en-US', {
        weekday: 'short',
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'America/Chicago',
        timeZoneName: 'short',
      }).format(new Date(step.dueAt))
      const goesOut = !step.expectedSendAt
        ? '—'
        : step.expectedSendAt === step.dueAt
          ? 'when due'
          : `${inZone(step.expectedSendAt, 'America/Chicago')} America/Chicago`
      expect(section).toContain(`${step.label} ${step.kind}`)
      expect(section).toContain(`${leadTime} America/Chicago ${goesOut} ${step.willFire ? 'Yes' : 'No'} ${step.reason}`)
    }
    expect(section).toContain('Voice agent follow-up')
    expect(section).toMatch(/Sent Thank-you email with transcript summary/)
  })

  it('offers a rep the actions on their own lead and runs them through the workflow', async () => {
    const lead = await database.db.lead.create({
      data: { email: `sam-${randomUUID()}@example.com`, firstName: 'Sam', source: 'REFERRAL', assignedToId: rep.id },
      select: { id: true },
    })
    await database.db.lead.update({
      where: { id: lead.id },
      data: { workflowId: leadWorkflowId(lead.id) },
      select: { id: true },
    })

    const before = await (await page(lead.id, rep)).text()
    expect(before).toContain('id="lead-actions"')
    for (const intent of ['contacted', 'qualify', 'pause-nurture', 'disqualify'])
      expect(before).toContain(`name="intent" value="${intent}"`)
    // Converting waits for qualification; the rep may not edit or delete the record itself.
    expect(before).not.toContain('name="intent" value="convert"')
    expect(before).toContain('Converting becomes possible once the lead is qualified.')
    expect(before).not.toContain('Save changes')

    const contacted = await submit(lead.id, rep, { intent: 'contacted' })
    expect(contacted.status).toBe(302)
    expect(contacted.headers.get('location')).toBe(
      `/leads/${lead.id}?notice=${encodeURIComponent('The lead is marked contacted.')}`,
    )
    expect(
      (await database.db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { status: true } })).status,
    ).toBe('CONTACTED')

    const tooShort = await submit(lead.id, rep, { intent: 'disqualify', reason: 'no' })
    expect(tooShort.status).toBe(400)
    const refused = await tooShort.text()
    expect(refused).toContain('must be at least 3 characters')
    expect(refused).toMatch(/<textarea[^>]*aria-invalid="true"[^>]*>no<\/textarea>/)

    expect((await submit(lead.id, rep, { intent: 'qualify' })).status).toBe(302)
    const qualified = textOf(await (await page(lead.id, rep)).text())
    expect(qualified).toContain('Status Qualified · Stage SQL')
    expect(qualified).toContain('Convert to an opportunity')

    const converted = await submit(lead.id, rep, {
      intent: 'convert',
      tier: 'discovery',
      companyId: '',
      opportunityName: '',
    })
    expect(converted.status).toBe(302)
    const after = textOf(await (await page(lead.id, rep)).text())
    expect(after).toContain('Status Converted')
    expect(after).toContain('This lead is converted: its process has ended.')
    expect(after).toMatch(/Converted into .+ at .+ with Sam/)
  })

  it('refuses actions to those who may only read, and hides other reps\u2019 leads', async () => {
    const lead = await database.db.lead.create({
      data: { email: `kim-${randomUUID()}@example.com`, source: 'WEBSITE', assignedToId: rep.id },
      select: { id: true },
    })
    const denied = await submit(lead.id, viewer, { intent: 'contacted' })
    expect(denied.status).toBe(403)
    expect(
      await database.db.auditLog.count({ where: { entityId: lead.id, action: 'leads.contacted', outcome: 'DENIED' } }),
    ).toBe(1)
    expect((await page(lead.id, otherRep)).status).toBe(404)
    expect((await submit(lead.id, otherRep, { intent: 'contacted' })).status).toBe(404)
    expect(
      (await database.db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { status: true } })).status,
    ).toBe('NEW')
  })

  it('still shows the lead when Temporal cannot be reached, and says an action could not be done', async () => {
    // Without the SDK's retry interceptor: its retry timers would outlive the connection closed below and throw
    // "Channel has been shut down" into whichever test runs next.
    const unreachable = new Client({
      connection: Connection.lazy({ address: '127.0.0.1:9', connectTimeout: '5 seconds', interceptors: [] }),
      namespace: 'default',
    })
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, TEMPORAL_TASK_QUEUE: stack.taskQueue })
    const offline = await startWeb(
      { config, db: database.db, temporal: unreachable, mail: createSmtpMailDriver(inbox.url) },
      await loadRemixBuild(),
    )
    try {
      const lead = await database.db.lead.create({
        data: {
          email: `offline-${randomUUID()}@example.com`,
          firstName: 'Olive',
          source: 'WEBSITE',
          assignedToId: rep.id,
        },
        select: { id: true },
      })
      await database.db.lead.update({
        where: { id: lead.id },
        data: { workflowId: leadWorkflowId(lead.id) },
        select: { id: true },
      })

      // A plan as the workflow records it: the page shows it from the row, without asking Temporal.
      const dueAt = '2026-12-03T15:00:00.000Z'
      await database.db.lead.update({
        where: { id: lead.id },
        data: {
          workflowStatus: 'RUNNING',
          upcomingSteps: {
            plannedAt: '2026-12-02T15:00:00.000Z',
            phase: 'open',
            paused: false,
            steps: [
              {
                key: 'reminder/new-overdue',
                kind: 'reminder',
                label: 'Alert the owner: lead still New after 24 hours',
                dueAt,
                expectedSendAt: dueAt,
                willFire: true,
                reason: 'Fires unless the lead is marked contacted or qualified first',
              },
            ],
            sequences: [],
          },
        },
      })

      const shown = await fetch(`${offline.baseUrl}/leads/${lead.id}`, { headers: rep.headers })
      expect(shown.status).toBe(200)
      const text = textOf(await shown.text())
      expect(text).toContain('Olive')
      const section = text.slice(text.indexOf('Upcoming steps'), text.indexOf('Timeline'))
      expect(section).toContain(
        `Alert the owner: lead still New after 24 hours reminder ${inZone(dueAt, 'UTC')} ` +
          `${inZone(dueAt, 'America/New_York')} America/New_York when due Yes ` +
          'Fires unless the lead is marked contacted or qualified first',
      )

      const refused = await fetch(`${offline.baseUrl}/leads/${lead.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: offline.baseUrl, cookie: rep.cookie },
        body: new URLSearchParams({ intent: 'contacted' }).toString(),
      })
      expect(refused.status).toBe(503)
      expect(textOf(await refused.text())).toContain("The lead's workflow could not be reached")
      expect(
        (await database.db.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { status: true } })).status,
      ).toBe('NEW')
    } finally {
      await offline.close()
      await unreachable.connection.close().catch(() => undefined)
    }
  })

  it('answers 404 with a readable page for an unknown lead', async () => {
    const response = await page('no-such-lead', viewer)
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('Lead not found')
  })

  // Last in the file: it moves the test server's clock forward to an evening in New York.
  it("shows when a step due at 23:00 in the contact's timezone really goes out: the next morning at 08:00", async () => {
    const timezone = 'America/New_York'
    const wallClock = (ms: number) => wallClockIn(timezone, ms)
    // 21:00 in New York on the test server's clock: the +2 h step of the sequence is due at 23:00.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const wait = (21 * 3600 - wallClock(await env.currentTimeMs()).secondOfDay + 86_400) % 86_400
      if (wait === 0) break
      await env.sleep(wait * 1000)
    }
    const lead = await database.db.lead.create({
      data: {
        email: `nia-${randomUUID()}@example.com`,
        firstName: 'Nia',
        source: 'VOICE_AGENT',
        assignedToId: rep.id,
        communicationPreference: { create: { marketingConsent: true, timezone, weekendContact: true } },
      },
      select: { id: true, source: true, status: true },
    })
    const endedAt = new Date(await env.currentTimeMs())
    const session = await database.db.voiceSession.create({
      data: {
        externalSessionId: `vs-${randomUUID()}`,
        leadId: lead.id,
        startTime: endedAt,
        endedAt,
        totalQuestions: 1,
        messages: [{ role: 'user', content: 'Hello', timestamp: endedAt.toISOString() }],
      },
      select: { id: true },
    })
    await database.db.lead.update({ where: { id: lead.id }, data: { workflowId: leadWorkflowId(lead.id) } })
    await signalEntityWorkflow(env.client, leadWorkflowOf(lead), stack.taskQueue, leadEventSignal, {
      eventId: `test:${session.id}`,
      kind: 'voice.session.ended',
      occurredAt: endedAt.toISOString(),
      refId: session.id,
    })
    const handle = env.client.workflow.getHandle(leadWorkflowId(lead.id))
    let roiLink
    for (let attempt = 0; attempt < 50 && !roiLink; attempt += 1) {
      const status = await handle.query(leadStatusQuery)
      roiLink = status.upcomingSteps?.find((step) => step.key === 'nurture/voice-with-email/roi-link')
      if (!roiLink) await new Promise((resolve) => setTimeout(resolve, 200))
    }
    await recordedPlanMatchesRun(lead.id, () => handle.query(leadStatusQuery))
    expect(wallClock(Date.parse(roiLink!.dueAt)).time).toBe('23:00')
    const due = wallClock(Date.parse(roiLink!.dueAt))
    const nextDay = new Date(Date.parse(`${due.date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    const goesAt = wallClock(Date.parse(roiLink!.expectedSendAt!))
    expect(`${goesAt.date} ${goesAt.time}`).toBe(`${nextDay} 08:00`)

    const text = textOf(await (await page(lead.id, rep)).text())
    const section = text.slice(text.indexOf('Upcoming steps'), text.indexOf('Timeline'))
    expect(section).toContain(
      `ROI calculator link nurture ${inZone(roiLink!.dueAt, 'UTC')} ${inZone(roiLink!.dueAt, timezone)} ${timezone} ` +
        `${inZone(roiLink!.expectedSendAt!, timezone)} ${timezone} Yes ` +
        `Quiet hours (21:00–08:00 ${timezone}): goes at ${goesAt.weekday} 08:00`,
    )
    expect(inZone(roiLink!.dueAt, timezone)).toMatch(/11:00 PM E[SD]T$/)
    expect(inZone(roiLink!.expectedSendAt!, timezone)).toMatch(/8:00 AM E[SD]T$/)
  })
})
