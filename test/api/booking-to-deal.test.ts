// A Cal.com booking by one of a deal's contacts reaches the deal (decision 0026), on real parts: signed webhooks to
// the real web app, PostgreSQL, Temporal's test server and a worker of the real deal workflow.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTemporalClient } from '../../lib/temporal'
import { dealStatusQuery, type DiscoveryCallBooked } from '../../workflows/deal-messages'
import { dealWorkflowId } from '../../workflows/entity-ids'
import { dealWorkflowOf, dealWorkflowTargetSelect } from '../../services/deals/deal-workflow'
import { startEntityWorkflow } from '../../services/workflows/entity-workflow-client'
import { signedInUser, type SignedInUser } from '../support/actors'
import { startCrmStack, type CrmStack } from '../support/stack'
import { postJson, startWeb } from '../support/web'
import { calcom, postCalcom, unique, webhookSecrets, workflowExists } from './ingestion-helpers'
import { defaultPayloadConverter } from '@temporalio/common'

let stack: CrmStack
let owner: SignedInUser
const eventually = { timeout: 20_000, interval: 200 }
const day = 24 * 60 * 60 * 1000
const prepLabel = 'Send the owner the discovery call prep'

beforeAll(async () => {
  stack = await startCrmStack('booking-to-deal', {
    settings: { WEBHOOK_PROVIDERS: 'calcom', CALCOM_WEBHOOK_SECRET: webhookSecrets.CALCOM_WEBHOOK_SECRET },
  })
  owner = await signedInUser(stack.database.db, 'SALES_REP')
}, 240_000)

afterAll(async () => {
  await stack?.close()
})

const db = () => stack.database.db

/** A company with two contacts and, unless `stage` is null, one deal whose primary contact is the first. */
async function dealOfContacts(stage: 'NEW_LEAD' | 'PROPOSAL_SENT' | null = 'NEW_LEAD') {
  const company = await db().company.create({
    data: {
      name: `Northwind ${randomUUID()}`,
      industry: 'PLUMBING',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'REFERRAL',
    },
    select: { id: true },
  })
  const contact = (first: string) =>
    db().contact.create({
      data: {
        companyId: company.id,
        firstName: first,
        lastName: 'Soto',
        email: `${unique(first.toLowerCase())}@northwind.example`,
      },
      select: { id: true, email: true },
    })
  const rosa = await contact('Rosa')
  const ben = await contact('Ben')
  const createDeal = () =>
    db().opportunity.create({
      data: {
        companyId: company.id,
        primaryContactId: rosa.id,
        name: 'Northwind — Foundation',
        tier: 'FOUNDATION',
        setupFee: 9_500,
        totalContractValue: 20_000,
        ownerId: owner.id,
        ...(stage ? { stage } : {}),
      },
      select: dealWorkflowTargetSelect,
    })
  return { rosa, ben, deal: stage ? await createDeal() : null, createDeal }
}

async function deliver(body: ReturnType<typeof calcom>, baseUrl = stack.web.baseUrl) {
  const response = await postCalcom(baseUrl, body)
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

interface Step {
  label: string
  dueAt: string
}

async function dealRow(id: string) {
  const row = await db().opportunity.findUniqueOrThrow({
    where: { id },
    select: { checklist: true, upcomingSteps: true, workflowStatus: true },
  })
  const checklist = (row.checklist ?? []) as { action: string; how: string; doneAt: string }[]
  const steps = ((row.upcomingSteps as { steps?: Step[] } | null)?.steps ?? []) as Step[]
  return { checklist, steps, prepAt: steps.filter((step) => step.label === prepLabel).map((step) => step.dueAt) }
}

async function discoverySignals(opportunityId: string): Promise<DiscoveryCallBooked[]> {
  const history = await stack.env.client.workflow.getHandle(dealWorkflowId(opportunityId)).fetchHistory()
  return (history.events ?? [])
    .map((event) => event.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === 'discoveryCallBooked')
    .map((signal) => defaultPayloadConverter.fromPayload<DiscoveryCallBooked>(signal!.input!.payloads![0]!))
}

const storedStatus = async (eventId: string) =>
  (
    await db().webhookEvent.findUnique({
      where: { provider_eventId: { provider: 'CALCOM', eventId } },
      select: { status: true },
    })
  )?.status

/** Whole minutes from now: the call's time, as Cal.com would send it. */
const inDays = (days: number) => new Date(Math.floor((Date.now() + days * day) / 60_000) * 60_000)

describe('a Cal.com booking by one of a deal’s contacts', () => {
  it('schedules discovery on the deal and plans the prep a day before; a duplicate changes nothing; a cancellation removes it', async () => {
    const { rosa, deal } = await dealOfContacts()
    // The deal's workflow has not started (NOT_STARTED): the booking starts it with the booking in hand.
    expect(await workflowExists(stack.env, dealWorkflowId(deal!.id))).toBe(false)
    const uid = unique('bk')
    const startsAt = inDays(5)
    const created = calcom('BOOKING_CREATED', 30, { uid, email: rosa.email.toUpperCase(), startTime: startsAt })

    expect(await deliver(created)).toEqual({ status: 200, body: { received: true, duplicate: false } })
    expect(await storedStatus(`BOOKING_CREATED:${uid}`)).toBe('PROCESSED')
    const prepAt = new Date(startsAt.getTime() - day).toISOString()
    await expect.poll(async () => (await dealRow(deal!.id)).prepAt, eventually).toEqual([prepAt])
    const booked = await dealRow(deal!.id)
    expect(booked.checklist.map(({ action, how }) => [action, how])).toContainEqual([
      'schedule_discovery',
      'Booked through Cal.com',
    ])
    const calendarBooking = await db().calendarBooking.findUniqueOrThrow({
      where: { externalUid: uid },
      select: { id: true },
    })
    expect(await discoverySignals(deal!.id)).toEqual([
      { bookingId: calendarBooking.id, startsAt: startsAt.toISOString(), cancelled: false },
    ])

    // Cal.com delivers the same event again: answered as a duplicate, the deal hears nothing more.
    expect(await deliver(created)).toEqual({ status: 200, body: { received: true, duplicate: true } })
    expect(await discoverySignals(deal!.id)).toHaveLength(1)
    expect(await dealRow(deal!.id)).toEqual(booked)

    const cancelled = calcom('BOOKING_CANCELLED', 10, { uid, email: rosa.email, startTime: startsAt })
    expect((await deliver(cancelled)).status).toBe(200)
    await expect.poll(async () => (await dealRow(deal!.id)).prepAt, eventually).toEqual([])
    const status = await stack.env.client.workflow.getHandle(dealWorkflowId(deal!.id)).query(dealStatusQuery)
    expect(status?.discoveryCallAt).toBeNull()
  })

  it('moves the call when a colleague’s booking is rescheduled under a new uid: one call, at the new time', async () => {
    // Far ahead, and moved earlier: the call still ahead keeps the deal from counting as stalled until it is due,
    // so the stalled reminder shows which call the deal still plans for.
    const { ben, deal } = await dealOfContacts()
    await startEntityWorkflow(stack.env.client, dealWorkflowOf(deal!), stack.taskQueue)
    const uid = unique('bk')
    const first = inDays(20)
    expect((await deliver(calcom('BOOKING_CREATED', 40, { uid, email: ben.email, startTime: first }))).status).toBe(200)
    await expect
      .poll(async () => (await dealRow(deal!.id)).prepAt, eventually)
      .toEqual([new Date(first.getTime() - day).toISOString()])

    const moved = inDays(16)
    const newUid = unique('bk')
    const rescheduled = calcom('BOOKING_RESCHEDULED', 20, {
      uid: newUid,
      rescheduleUid: uid,
      email: ben.email,
      startTime: moved,
      rescheduleStartTime: first,
    })
    expect((await deliver(rescheduled)).status).toBe(200)
    await expect
      .poll(async () => (await dealRow(deal!.id)).prepAt, eventually)
      .toEqual([new Date(moved.getTime() - day).toISOString()])
    const status = await stack.env.client.workflow.getHandle(dealWorkflowId(deal!.id)).query(dealStatusQuery)
    expect(status?.discoveryCallAt).toBe(moved.toISOString())
    expect(status?.upcomingSteps.filter((step) => step.label === prepLabel)).toHaveLength(1)
    const stalled = status?.upcomingSteps.find((step) => step.label === 'Notify the managers: no activity for 14 days')
    expect(stalled?.dueAt).toBe(moved.toISOString())
  })

  it('does not tell a deal past discovery (Proposal Sent) of a new booking', async () => {
    const { rosa, deal } = await dealOfContacts('PROPOSAL_SENT')
    const uid = unique('bk')
    expect(
      (await deliver(calcom('BOOKING_CREATED', 30, { uid, email: rosa.email, startTime: inDays(3) }))).status,
    ).toBe(200)
    expect(await storedStatus(`BOOKING_CREATED:${uid}`)).toBe('PROCESSED')
    expect(await workflowExists(stack.env, dealWorkflowId(deal!.id))).toBe(false)
  })

  it('gives a deal born after the booking its call when its workflow starts', async () => {
    const { rosa, createDeal } = await dealOfContacts(null)
    const uid = unique('bk')
    const startsAt = inDays(3)
    expect((await deliver(calcom('BOOKING_CREATED', 30, { uid, email: rosa.email, startTime: startsAt }))).status).toBe(
      200,
    )
    const deal = await createDeal()
    // What the reconciler does for a NOT_STARTED deal.
    await startEntityWorkflow(stack.env.client, dealWorkflowOf(deal), stack.taskQueue)
    await expect
      .poll(async () => (await dealRow(deal.id)).prepAt, eventually)
      .toEqual([new Date(startsAt.getTime() - day).toISOString()])
    expect((await dealRow(deal.id)).checklist.map(({ action }) => action)).toContain('schedule_discovery')
  })

  it('does not mark the booking processed while the deal cannot be told: 503, and the redelivery finishes it', async () => {
    const { rosa, deal } = await dealOfContacts()
    const unreachable = createTemporalClient({
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_API_KEY: undefined,
      TEMPORAL_TLS: false,
    })
    const offline = await startWeb({ config: stack.config, db: db(), temporal: unreachable, mail: stack.mail })
    const uid = unique('bk')
    const startsAt = inDays(5)
    try {
      const failed = await deliver(
        calcom('BOOKING_CREATED', 30, { uid, email: rosa.email, startTime: startsAt }),
        offline.baseUrl,
      )
      expect(failed.status).toBe(503)
    } finally {
      await offline.close()
      await unreachable.connection.close()
    }
    expect(await storedStatus(`BOOKING_CREATED:${uid}`)).toBe('FAILED')
    // Nothing applied without the deal having heard.
    expect(await db().calendarBooking.count({ where: { externalUid: uid } })).toBe(0)

    // Cal.com retries: applied, processed, and the deal has its call.
    const retried = await deliver(calcom('BOOKING_CREATED', 20, { uid, email: rosa.email, startTime: startsAt }))
    expect(retried).toEqual({ status: 200, body: { received: true, duplicate: true } })
    expect(await storedStatus(`BOOKING_CREATED:${uid}`)).toBe('PROCESSED')
    await expect
      .poll(async () => (await dealRow(deal!.id)).prepAt, eventually)
      .toEqual([new Date(startsAt.getTime() - day).toISOString()])
  })
})

describe('work logged on a deal carries its direction to the deal', () => {
  it('an inbound email does not tick initial_email; an outbound one does', async () => {
    const { deal } = await dealOfContacts()
    await startEntityWorkflow(stack.env.client, dealWorkflowOf(deal!), stack.taskQueue)
    const log = async (type: 'email' | 'call', direction: 'inbound' | 'outbound') => {
      const response = await postJson(
        `${stack.web.baseUrl}/api/activities`,
        { type, subject: `${direction} ${type}`, direction, opportunityId: deal!.id },
        { ...owner.headers, origin: stack.web.baseUrl },
      )
      expect(response.status, await response.clone().text()).toBe(201)
    }
    const actions = async () => (await dealRow(deal!.id)).checklist.map(({ action }) => action)

    await log('email', 'inbound')
    // Told after the email: once the call is ticked, the workflow has handled the email too (signals keep order).
    await log('call', 'outbound')
    await expect.poll(actions, eventually).toContain('follow_up_call_attempt')
    expect(await actions()).not.toContain('initial_email')

    await log('email', 'outbound')
    await expect.poll(actions, eventually).toContain('initial_email')
  })
})
