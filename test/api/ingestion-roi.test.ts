import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postJson } from '../support/web'
import {
  ingestionTimelineRows,
  leadEventsOf,
  nurtureSequencesOf,
  postCalcom,
  postRoiEvent,
  startIngestionStack,
  unique,
  webhookEventStatus,
  type IngestionStack,
} from './ingestion-helpers'

let stack: IngestionStack
/** Signals sent while a workflow task runs reach the history when the task completes. */
const signalled = { timeout: 20_000, interval: 250 }

beforeAll(async () => {
  stack = await startIngestionStack('ingestion-roi')
})

afterAll(async () => {
  await stack?.close()
})

const db = () => stack.database.db
const inputs = { industry: 'hvac', employeeCount: '10-25', hourlyRate: 45, weeklyAdminHours: 30 } as const
// §7.1 for HVAC (automation factor 1.1), 30 admin hours at $45, worked by hand. Hours: 30 × 25% / 50% / 80% × 1.1 =
// 8.25 (held to Discovery's 5–8) / 16.5 / 26.4; value a week: × $45 = $360 / $742.50 / $1,188. First-year cost is the
// tier's contract (seed 002 §2.3 setup fee + monthly fee × the months its §5.3 weeks touch): $4,000 + $1,500 × 2 =
// $7,000; $9,500 + $3,500 × 3 = $20,000; $30,000 + $7,500 × 6 = $75,000. Return: value × 52 − cost = $11,720
// (167.43 %), $18,610 (93.05 %), −$13,224 (−17.63 %). Payback: cost ÷ value a week = 19.4, 26.9, 63.1 weeks.
const expected = {
  weeklyHoursSaved: { discovery: 8, foundation: 16.5, architect: 26.4 },
  weeklyValueCreated: { discovery: 360, foundation: 742.5, architect: 1188 },
  annualROI: {
    discovery: { value: 11720, percentage: 167.43 },
    foundation: { value: 18610, percentage: 93.05 },
    architect: { value: -13224, percentage: -17.63 },
  },
  paybackPeriod: { discovery: 19.4, foundation: 26.9, architect: 63.1 },
  firstYearCost: { discovery: 7000, foundation: 20000, architect: 75000 },
}

const calculation = (externalId: string) =>
  db().rOICalculation.findUnique({
    where: { externalId },
    select: {
      id: true,
      leadId: true,
      contactId: true,
      calculations: true,
      emailCaptured: true,
      email: true,
      reportRequested: true,
      selectedTier: true,
      timeOnCalculator: true,
      adjustmentsCount: true,
      hourlyRate: true,
      createdAt: true,
    },
  })

const counts = async () => [
  await db().lead.count(),
  await db().rOICalculation.count(),
  await db().activity.count({ where: ingestionTimelineRows }),
  await db().communicationPreference.count(),
]

describe('POST /api/crm/roi-calculations', () => {
  it('computes every figure itself, keeps the inputs, and captures a new ROI calculator lead', async () => {
    const email = `${unique('pat')}@cool-air.example`
    const calculationId = unique('calc')
    const response = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      {
        ...inputs,
        calculationId,
        email,
        firstName: 'Pat',
        companyName: 'Cool Air LLC',
        selectedTier: 'foundation',
        timeOnCalculator: 140,
        adjustmentsCount: 3,
        reportRequested: true,
        marketingConsent: true,
        utmMedium: 'cpc',
        // What the calculator computed on the page: ignored.
        calculations: { weeklyHoursSaved: { discovery: 99, foundation: 99, architect: 99 } },
      },
      stack.landingPage,
    )

    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toMatchObject({
      calculationId,
      leadCreated: true,
      weeklyHoursSaved: expected.weeklyHoursSaved,
      annualROI: expected.annualROI,
      paybackPeriod: expected.paybackPeriod,
      selectedTier: 'foundation',
      emailCaptured: true,
      reportRequested: true,
    })
    const stored = await calculation(calculationId)
    expect(stored).toMatchObject({
      email,
      emailCaptured: true,
      reportRequested: true,
      selectedTier: 'FOUNDATION',
      timeOnCalculator: 140,
      adjustmentsCount: 3,
    })
    expect(stored?.calculations).toEqual({ ...expected, assumedInputs: [], keptFields: [] })
    const lead = await db().lead.findUniqueOrThrow({
      where: { email },
      select: {
        id: true,
        source: true,
        sourceDetail: true,
        industry: true,
        employeeCount: true,
        firstName: true,
        companyName: true,
        utmMedium: true,
        roiCalculationId: true,
        communicationPreference: { select: { marketingConsent: true, marketingConsentSource: true } },
      },
    })
    expect(lead).toEqual({
      id: body.leadId,
      source: 'ROI_CALCULATOR',
      sourceDetail: 'ROI Calc - HVAC',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      firstName: 'Pat',
      companyName: 'Cool Air LLC',
      utmMedium: 'cpc',
      roiCalculationId: stored!.id,
      communicationPreference: { marketingConsent: true, marketingConsentSource: 'roi calculator' },
    })
    expect(
      await db().activity.findMany({
        where: { type: 'ROI_CALCULATION', externalId: stored!.id },
        select: { leadId: true, outcome: true },
      }),
    ).toEqual([{ leadId: lead.id, outcome: 'report requested' }])
    await expect
      .poll(
        async () =>
          (await leadEventsOf(stack.env, lead.id)).map(({ eventId, kind, refId }) => ({ eventId, kind, refId })),
        signalled,
      )
      .toEqual([
        { eventId: `roi-calculation:${stored!.id}:completed`, kind: 'roi.calculation.completed', refId: stored!.id },
        { eventId: `roi-calculation:${stored!.id}:report-requested`, kind: 'roi.report.requested', refId: stored!.id },
      ])

    // The same calculation posted again: 200, nothing new.
    const before = await counts()
    const again = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      { ...inputs, calculationId, email, selectedTier: 'foundation' },
      stack.landingPage,
    )
    expect(again.status).toBe(200)
    expect(await counts()).toEqual(before)
    expect(await calculation(calculationId)).toEqual(stored)
  })

  it('keeps a calculation without an email without a lead', async () => {
    const calculationId = unique('calc-anon')
    const before = await db().lead.count()
    const response = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      { ...inputs, calculationId },
      stack.landingPage,
    )
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ leadId: null, contactId: null, emailCaptured: false })
    expect(await db().lead.count()).toBe(before)
  })

  it('answers 400 naming the email when it is not an address, and writes nothing', async () => {
    const before = await counts()
    const response = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      { industry: 'farming', employeeCount: '11', hourlyRate: -5, email: 'not-an-email', annualSavings: 3 },
      stack.landingPage,
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error).toBe('The ROI calculation is not valid')
    expect(body.errors).toEqual([{ field: 'email', message: 'must be a valid email address' }])
    expect(await counts()).toEqual(before)
  })

  it('takes the body as seed 002 §11.3 prints it, assuming the industry averages for what it leaves out', async () => {
    const email = `${unique('lee')}@lee-hvac.example`
    // §11.3: { email, industry, employeeCount, calculations }: no hourly rate, no admin hours.
    const response = await postJson(
      `${stack.baseUrl}/api/crm/roi-calculations`,
      {
        email,
        industry: 'hvac',
        employeeCount: '5-10',
        calculations: { annualROI: { foundation: { value: 1, percentage: 2 } } },
        gclid: 'Cj0KCQiA-example',
      },
      stack.landingPage,
    )
    expect(response.status).toBe(201)
    const body = await response.json()
    // HVAC's §8 benchmarks (domain/industries/industry-profiles.ts): $55 an hour, 35 admin hours a week. Hours:
    // 35 × 25% / 50% / 80% × 1.1 = 9.625 / 19.25 / 30.8, each above its tier's range → 8 / 18 / 30; × $55 = $440 /
    // $990 / $1,650 a week; × 52 − $7,000 / $20,000 / $75,000 = $15,880 (226.86 %), $31,480 (157.4 %), $10,800 (14.4 %).
    const assumedAnnualRoi = {
      discovery: { value: 15880, percentage: 226.86 },
      foundation: { value: 31480, percentage: 157.4 },
      architect: { value: 10800, percentage: 14.4 },
    }
    expect(body).toMatchObject({
      leadCreated: true,
      industry: 'hvac',
      employeeCount: '5-10',
      hourlyRate: 55,
      weeklyAdminHours: 35,
      annualROI: assumedAnnualRoi,
      assumedInputs: ['hourlyRate', 'weeklyAdminHours'],
      keptFields: [{ field: 'gclid', value: 'Cj0KCQiA-example', reason: 'is not a ROI calculation field' }],
    })
    const entry = await db().activity.findFirstOrThrow({
      where: { type: 'ROI_CALCULATION', externalId: body.id },
      select: { subject: true, description: true },
    })
    expect(entry.subject).toBe(
      'ROI calculation: HVAC, 35 admin hours a week at $55/h (industry average assumed for hourly rate, admin hours)',
    )
    expect(entry.description).toContain('Kept: gclid: "Cj0KCQiA-example" (is not a ROI calculation field)')
  })
})

describe('POST /api/webhooks/roi-calculator', () => {
  it('answers a report request for a calculation it has not received with 409, and finishes it on redelivery', async () => {
    const calculationId = unique('calc-late')
    const email = `${unique('jo')}@jo-property.example`
    const reportRequested = {
      id: unique('evt'),
      type: 'report.requested',
      calculationId,
      email,
      marketingConsent: true,
    }

    const early = await postRoiEvent(stack.baseUrl, reportRequested)
    expect(early.status).toBe(409)
    expect((await early.json()).errors).toEqual([
      { field: 'calculationId', message: expect.stringContaining('no calculation') },
    ])
    expect(
      await db().webhookEvent.findUnique({
        where: { provider_eventId: { provider: 'ROI_CALCULATOR', eventId: reportRequested.id } },
        select: { status: true, error: true },
      }),
    ).toEqual({
      status: 'FAILED',
      error: expect.stringContaining('calculationId'),
    })
    expect(await db().lead.count({ where: { email } })).toBe(0)

    const completed = {
      id: unique('evt'),
      type: 'calculation.completed',
      calculationId,
      ...inputs,
      industry: 'property_management',
      timeOnCalculator: 60,
    }
    const completedResponse = await postRoiEvent(stack.baseUrl, completed)
    expect(completedResponse.status).toBe(200)
    expect(await calculation(calculationId)).toMatchObject({
      leadId: null,
      emailCaptured: false,
      reportRequested: false,
    })

    // The calculator's retry of the failed delivery.
    const redelivered = await postRoiEvent(stack.baseUrl, reportRequested)
    expect(redelivered.status).toBe(200)
    expect(await redelivered.json()).toEqual({ received: true, duplicate: true })
    // The request created the person's lead and told its workflow, which stores the request (decision 0016).
    await expect
      .poll(() => webhookEventStatus(stack.database, 'ROI_CALCULATOR', reportRequested.id), signalled)
      .toBe('PROCESSED')
    const stored = await calculation(calculationId)
    expect(stored).toMatchObject({ email, emailCaptured: true, reportRequested: true, timeOnCalculator: 60 })
    const lead = await db().lead.findUniqueOrThrow({
      where: { email },
      select: { id: true, source: true, industry: true, roiCalculationId: true },
    })
    expect(lead).toEqual({
      id: stored!.leadId,
      source: 'ROI_CALCULATOR',
      industry: 'PROPERTY_MANAGEMENT',
      roiCalculationId: stored!.id,
    })
    expect(
      await db().webhookEvent.findUnique({
        where: { provider_eventId: { provider: 'ROI_CALCULATOR', eventId: reportRequested.id } },
        select: { status: true, error: true },
      }),
    ).toEqual({
      status: 'PROCESSED',
      error: null,
    })
    const recorded = await db().webhookEvent.findUniqueOrThrow({
      where: { provider_eventId: { provider: 'ROI_CALCULATOR', eventId: reportRequested.id } },
      select: { id: true },
    })
    expect(await leadEventsOf(stack.env, lead.id)).toEqual([
      {
        eventId: `roi-calculator:${reportRequested.id}`,
        kind: 'roi.report.requested',
        occurredAt: expect.any(String),
        webhookEventId: recorded.id,
      },
    ])
    // The ROI calculator sequence runs for this calculation, as the lead page shows it.
    await expect
      .poll(() => nurtureSequencesOf(stack.env, lead.id), signalled)
      .toEqual([{ sequence: 'roi-calculator', triggerRefId: stored!.id }])

    // A processed event delivered again changes nothing.
    const before = await counts()
    expect(await (await postRoiEvent(stack.baseUrl, completed)).json()).toEqual({ received: true, duplicate: true })
    expect(await counts()).toEqual(before)
    expect(await calculation(calculationId)).toEqual(stored)
  })

  it("stores a new person's calculation through their lead's workflow, with every figure computed by the CRM", async () => {
    const email = `${unique('pat')}@cool-air.example`
    const calculationId = unique('calc-hook')
    const completed = {
      id: unique('evt'),
      type: 'calculation.completed',
      ...inputs,
      calculationId,
      email,
      firstName: 'Pat',
      companyName: 'Cool Air LLC',
      selectedTier: 'foundation',
      timeOnCalculator: 140,
      adjustmentsCount: 3,
      reportRequested: true,
      marketingConsent: true,
      utmMedium: 'cpc',
    }
    const response = await postRoiEvent(stack.baseUrl, completed)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ received: true, duplicate: false })
    // The request created the lead (the workflow needs it to exist); the workflow stores the calculation.
    const { id: leadId } = await db().lead.findUniqueOrThrow({ where: { email }, select: { id: true } })
    await expect
      .poll(() => webhookEventStatus(stack.database, 'ROI_CALCULATOR', completed.id), signalled)
      .toBe('PROCESSED')

    // The same records the JSON endpoint writes for the same calculation.
    const stored = await calculation(calculationId)
    expect(stored).toMatchObject({
      leadId,
      email,
      emailCaptured: true,
      reportRequested: true,
      selectedTier: 'FOUNDATION',
      timeOnCalculator: 140,
      adjustmentsCount: 3,
    })
    expect(stored?.calculations).toEqual({ ...expected, assumedInputs: [], keptFields: [] })
    expect(
      await db().lead.findUniqueOrThrow({
        where: { email },
        select: {
          source: true,
          sourceDetail: true,
          industry: true,
          employeeCount: true,
          firstName: true,
          companyName: true,
          utmMedium: true,
          roiCalculationId: true,
          communicationPreference: { select: { marketingConsent: true, marketingConsentSource: true } },
        },
      }),
    ).toEqual({
      source: 'ROI_CALCULATOR',
      sourceDetail: 'ROI Calc - HVAC',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      firstName: 'Pat',
      companyName: 'Cool Air LLC',
      utmMedium: 'cpc',
      roiCalculationId: stored!.id,
      communicationPreference: { marketingConsent: true, marketingConsentSource: 'roi calculator' },
    })
    expect(
      await db().activity.findMany({
        where: { type: 'ROI_CALCULATION', externalId: stored!.id },
        select: { leadId: true, outcome: true },
      }),
    ).toEqual([{ leadId, outcome: 'report requested' }])
    await expect
      .poll(() => nurtureSequencesOf(stack.env, leadId), signalled)
      .toEqual([{ sequence: 'roi-calculator', triggerRefId: stored!.id }])
  })

  it('acknowledges an event it can never act on, naming the field, and records it FAILED only', async () => {
    const before = await db().webhookEvent.count()
    const response = await postRoiEvent(stack.baseUrl, {
      id: unique('evt'),
      type: 'calculation.completed',
      email: 'sam@ortiz-pm.example',
      industry: 'property_management',
      annualSavings: 84000,
    })
    expect(response.status).toBe(200)
    // Only what the event cannot be acted on without: the rest would be kept aside or assumed.
    expect((await response.json()).errors).toEqual([{ field: 'calculationId', message: 'is required' }])
    expect(await db().webhookEvent.count()).toBe(before + 1)
    expect(await db().webhookEvent.count({ where: { status: 'FAILED', error: 'calculationId is required' } })).toBe(1)
  })
})

describe('one person, one lead, across sources at the same moment', () => {
  it('captures a single lead when the form, the voice agent, the ROI calculator and Cal.com bring a new person at once', async () => {
    const email = `${unique('once')}@same-moment.example`
    const now = Date.now()
    const responses = await Promise.all([
      postJson(`${stack.baseUrl}/api/leads`, { email, source: 'website', firstName: 'Alex' }, stack.landingPage),
      postJson(
        `${stack.baseUrl}/api/crm/voice-sessions`,
        {
          sessionId: unique('vs'),
          email,
          messages: [{ role: 'user', content: 'Pricing?', timestamp: new Date(now - 60_000).toISOString() }],
        },
        stack.landingPage,
      ),
      postJson(
        `${stack.baseUrl}/api/crm/roi-calculations`,
        { ...inputs, calculationId: unique('calc'), email },
        stack.landingPage,
      ),
      postCalcom(stack.baseUrl, {
        triggerEvent: 'BOOKING_CREATED',
        createdAt: new Date(now).toISOString(),
        payload: {
          uid: unique('bk'),
          title: 'Discovery call',
          startTime: '2026-12-04T15:00:00Z',
          endTime: '2026-12-04T15:30:00Z',
          attendees: [{ email, name: 'Alex Kim', timeZone: 'America/Denver' }],
        },
      }),
    ])
    expect(responses.map((response) => response.status).every((status) => status === 200 || status === 201)).toBe(true)
    // The booking is written by the lead's workflow after the answer (docs/decisions/0016-webhooks-record-and-signal.md).
    await expect
      .poll(() => db().calendarBooking.count({ where: { attendeeEmail: email } }), { timeout: 60_000, interval: 250 })
      .toBe(1)
    const leads = await db().lead.findMany({
      where: { email },
      select: { id: true, voiceSessionId: true, roiCalculationId: true, calendarBookingId: true },
    })
    expect(leads).toHaveLength(1)
    expect(leads[0]).toEqual({
      id: expect.any(String),
      voiceSessionId: expect.any(String),
      roiCalculationId: expect.any(String),
      calendarBookingId: expect.any(String),
    })
    const leadId = leads[0]!.id
    expect(await db().voiceSession.count({ where: { email, leadId } })).toBe(1)
    expect(await db().rOICalculation.count({ where: { email, leadId } })).toBe(1)
    expect(await db().calendarBooking.count({ where: { attendeeEmail: email, leadId } })).toBe(1)
  })
})
