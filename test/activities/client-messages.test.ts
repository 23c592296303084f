import { randomUUID } from 'node:crypto'
import { defaultPayloadConverter } from '@temporalio/common'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClientMessageInput } from '../../activities/client-message-contract'
import { createActivities } from '../../activities'
import { dateMarker, dateTimeMarker } from '../../domain/communication/local-time'
import { createTwilioSmsDriver } from '../../lib/sms-driver'
import { loadLeadTimeline } from '../../services/leads/lead-timeline'
import {
  startLocalSmsStack,
  testTwilioAccountSid,
  testTwilioAuthToken,
  testTwilioFrom,
  type LocalSmsStack,
} from '../support/local-twilio'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { runActivity, startActivityHarness, type ActivityHarness } from './activity-harness'

// sendClientMessage on real parts: PostgreSQL, the SMTP inbox, the Twilio stand-in driven by the real SDK, and the
// CRM's signed Twilio webhook receiving the stand-in's status callbacks and a phone's replies.

let harness: ActivityHarness
let stack: LocalSmsStack
let env: TestWorkflowEnvironment

beforeAll(async () => {
  harness = await startActivityHarness()
  // A reply from a lead is told to the lead's workflow (decision 0048): a real Temporal server hears the signal.
  env = await createTimeSkippingEnvironment()
  stack = await startLocalSmsStack(harness.db, env.client)
})

afterAll(async () => {
  await stack?.close()
  await env?.teardown()
  await harness?.close()
})

const activities = (sms = stack.sms) => createActivities({ ...harness.dependencies, sms })

let phoneCounter = 0
/** A contact with a mobile number of their own (each test its own number: STOP applies to a number). */
async function createContact(phone = `+1555200${String(++phoneCounter).padStart(4, '0')}`) {
  const company = await harness.db.company.create({
    data: {
      name: `SMS Co ${randomUUID()}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_1_5',
      businessModel: 'SERVICE',
      source: 'WEBSITE',
    },
    select: { id: true },
  })
  return harness.db.contact.create({
    data: {
      companyId: company.id,
      firstName: 'Ana',
      lastName: 'Silva',
      email: `ana-${randomUUID()}@example.com`,
      phone,
    },
    select: { id: true, email: true, phone: true },
  })
}

/** The entity the message is about (its outbox row and timeline entry link to it). */
async function createLeadEntity() {
  const lead = await harness.db.lead.create({
    data: { email: `entity-${randomUUID()}@example.com`, source: 'WEBSITE' },
    select: { id: true },
  })
  return { kind: 'lead' as const, id: lead.id }
}

async function reminder(contactId: string, overrides: Partial<ClientMessageInput> = {}): Promise<ClientMessageInput> {
  return {
    idempotencyKey: `test-${randomUUID()}/reminder`,
    entity: await createLeadEntity(),
    recipient: { contactId },
    template: 'appointment-reminder:test',
    channels: ['SMS', 'EMAIL'],
    sms: { body: 'Reminder: your discovery call is tomorrow at 10:00.' },
    email: { subject: 'Your discovery call tomorrow', text: 'See you tomorrow at 10:00.', html: null },
    timeline: { description: 'Appointment reminder sent' },
    purpose: 'transactional',
    // Wednesday 10:00 in New York (seed 003's default time zone): outside quiet hours.
    now: '2026-12-02T15:00:00.000Z',
    ...overrides,
  }
}

const smsTo = (phone: string) =>
  stack.local.messages().filter((message) => message.to === phone && message.direction === 'outbound-api')

/** Twilio unreachable: the SDK's request fails as a network error (retryable). */
const twilioDown = () => ({
  driver: createTwilioSmsDriver({
    accountSid: testTwilioAccountSid,
    authToken: testTwilioAuthToken,
    from: testTwilioFrom,
    apiBase: 'http://127.0.0.1:9',
  }),
  statusCallbackUrl: stack.webhookUrl,
})

describe('sendClientMessage by SMS', () => {
  it('sends one SMS through the outbox when an attempt fails before Twilio took it and the activity is retried', async () => {
    const contact = await createContact()
    const input = await reminder(contact.id)

    await expect(runActivity(activities(twilioDown()).sendClientMessage, input)).rejects.toThrow()
    const first = await runActivity(activities().sendClientMessage, input)
    const again = await runActivity(activities().sendClientMessage, input)

    expect(first).toMatchObject({ status: 'sent', channel: 'SMS' })
    expect(again).toEqual(first)
    const sent = smsTo(contact.phone!)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ from: testTwilioFrom, body: 'Reminder: your discovery call is tomorrow at 10:00.' })
    expect(harness.inbox.to(contact.email)).toHaveLength(0)
    const row = await harness.db.outboxMessage.findUniqueOrThrow({
      where: { id: first.status === 'sent' ? first.outboxMessageId : '' },
    })
    expect(row).toMatchObject({
      channel: 'SMS',
      status: 'SENT',
      attempts: 2,
      providerMessageId: sent[0]!.sid,
      sentAt: new Date('2026-12-02T15:00:00.000Z'),
      toAddress: contact.phone,
    })
    const timeline = await harness.db.activity.findMany({ where: { leadId: input.entity.id } })
    expect(timeline).toMatchObject([
      { channel: 'SMS', direction: 'OUTBOUND', description: 'Appointment reminder sent' },
    ])
  })

  it('records the delivery status Twilio calls back, and a late or repeated callback never moves it back', async () => {
    const contact = await createContact()
    const outcome = await runActivity(activities().sendClientMessage, await reminder(contact.id))
    await stack.local.settled()
    const id = outcome.status === 'sent' ? outcome.outboxMessageId : ''
    const row = () =>
      harness.db.outboxMessage.findUniqueOrThrow({
        where: { id },
        select: { providerStatus: true, providerErrorCode: true, providerMessageId: true },
      })
    // The stand-in calls back `sent` then `delivered`, signed, to the CRM's webhook.
    expect(await row()).toMatchObject({ providerStatus: 'delivered', providerErrorCode: null })

    const sid = (await row()).providerMessageId!
    const late = await stack.post({
      AccountSid: testTwilioAccountSid,
      MessageSid: sid,
      MessageStatus: 'sent',
      To: contact.phone!,
    })
    const repeated = await stack.post({
      AccountSid: testTwilioAccountSid,
      MessageSid: sid,
      MessageStatus: 'delivered',
      To: contact.phone!,
    })

    expect([late.status, repeated.status]).toEqual([200, 200])
    expect(await row()).toMatchObject({ providerStatus: 'delivered' })
  })

  it('records a failure with its error code when Twilio reports it', async () => {
    const contact = await createContact()
    const withoutCallbacks = { ...stack.sms, statusCallbackUrl: null }
    const outcome = await runActivity(activities(withoutCallbacks).sendClientMessage, await reminder(contact.id))
    const id = outcome.status === 'sent' ? outcome.outboxMessageId : ''
    const { providerMessageId, providerStatus } = await harness.db.outboxMessage.findUniqueOrThrow({ where: { id } })
    expect(providerStatus).toBe('queued')

    await stack.post({
      AccountSid: testTwilioAccountSid,
      MessageSid: providerMessageId!,
      MessageStatus: 'undelivered',
      ErrorCode: '30003',
    })
    await stack.post({ AccountSid: testTwilioAccountSid, MessageSid: providerMessageId!, MessageStatus: 'sent' })

    expect(await harness.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({
      providerStatus: 'undelivered',
      providerErrorCode: '30003',
    })
  })

  it('falls back to email when Twilio refuses the number for good', async () => {
    const contact = await createContact('+15005550009')
    const outcome = await runActivity(activities().sendClientMessage, await reminder(contact.id))
    expect(outcome).toMatchObject({ status: 'sent', channel: 'EMAIL' })
    expect(harness.inbox.to(contact.email)).toHaveLength(1)
  })
})

describe('dates and times on the recipient’s clock', () => {
  // Tue 8 Dec 2026 16:00Z is 10:00 in Chicago (CST), 08:00 in Los Angeles (PST), 17:00 in Berlin, 11:00 in New York.
  const callMs = Date.parse('2026-12-08T16:00:00Z')
  // Due at 03:00Z on the 10th: still the 9th on the US clocks.
  const dueMs = Date.parse('2026-12-10T03:00:00Z')
  const timed = (contactId: string, channels: ClientMessageInput['channels']) =>
    reminder(contactId, {
      channels,
      sms: { body: `Reminder: your call is tomorrow (${dateTimeMarker(callMs)}).` },
      email: {
        subject: `Your call on ${dateMarker(callMs)}`,
        text: `Your call is at ${dateTimeMarker(callMs)}; the fee is due on ${dateMarker(dueMs)}.`,
        html: null,
      },
      // Monday 7 Dec, 18:00Z: daytime on every clock of these tests.
      now: '2026-12-07T18:00:00.000Z',
    })

  async function contactIn(zones: { contact?: string; company?: string; preference?: string }) {
    const contact = await createContact()
    await harness.db.contact.update({
      where: { id: contact.id },
      data: {
        timezone: zones.contact ?? null,
        ...(zones.company ? { company: { update: { timezone: zones.company } } } : {}),
        ...(zones.preference ? { communicationPreference: { create: { timezone: zones.preference } } } : {}),
      },
    })
    return contact
  }

  it('an SMS to a contact with their own zone', async () => {
    const contact = await contactIn({ contact: 'America/Chicago', company: 'America/Denver' })
    await runActivity(activities().sendClientMessage, await timed(contact.id, ['SMS']))
    expect(smsTo(contact.phone!).map((sms) => sms.body)).toEqual([
      'Reminder: your call is tomorrow (Tue 8 Dec, 10:00 AM CST).',
    ])
    const row = await harness.db.outboxMessage.findFirstOrThrow({
      where: { contactId: contact.id, channel: 'SMS' },
      select: { bodyText: true },
    })
    expect(row.bodyText).toBe('Reminder: your call is tomorrow (Tue 8 Dec, 10:00 AM CST).')
  })

  it('an email to a contact without one reads in the company’s zone, and a preference wins over both', async () => {
    const atCompany = await contactIn({ company: 'America/Los_Angeles' })
    await runActivity(activities().sendClientMessage, await timed(atCompany.id, ['EMAIL']))
    const [mail] = harness.inbox.to(atCompany.email)
    expect(mail!.subject).toBe('Your call on Tue 8 Dec')
    expect(mail!.text.trim()).toMatch(/^Your call is at Tue 8 Dec, 8:00 AM PST; the fee is due on Wed 9 Dec\./)

    const preferring = await contactIn({ contact: 'America/Chicago', preference: 'Europe/Berlin' })
    await runActivity(activities().sendClientMessage, await timed(preferring.id, ['EMAIL']))
    expect(harness.inbox.to(preferring.email)[0]!.text.trim()).toMatch(
      /^Your call is at Tue 8 Dec, 5:00 PM GMT\+1; the fee is due on Thu 10 Dec\./,
    )
  })
})

describe('STOP, START and HELP on the signed Twilio webhook', () => {
  it('a STOP arriving while an SMS is due: the retry sends the email instead and never the SMS; START re-enables SMS', async () => {
    const contact = await createContact()
    const input = await reminder(contact.id)
    await expect(runActivity(activities(twilioDown()).sendClientMessage, input)).rejects.toThrow()

    expect(await stack.local.reply(contact.phone!, 'Stop')).toBe(200)
    const preference = await harness.db.communicationPreference.findUniqueOrThrow({ where: { contactId: contact.id } })
    expect(preference).toMatchObject({ smsOptOutKeyword: 'STOP' })
    expect(preference.smsOptedOutAt).not.toBeNull()

    const retried = await runActivity(activities().sendClientMessage, input)
    expect(retried).toMatchObject({ status: 'sent', channel: 'EMAIL' })
    expect(smsTo(contact.phone!)).toHaveLength(0)
    expect(harness.inbox.to(contact.email)).toHaveLength(1)
    const smsOnly = await runActivity(activities().sendClientMessage, await reminder(contact.id, { channels: ['SMS'] }))
    expect(smsOnly).toEqual({ status: 'suppressed', reason: 'SMS: opted out of SMS (STOP)' })

    expect(await stack.local.reply(contact.phone!, 'START')).toBe(200)
    const again = await runActivity(activities().sendClientMessage, await reminder(contact.id, { channels: ['SMS'] }))
    expect(again).toMatchObject({ status: 'sent', channel: 'SMS' })
    expect(smsTo(contact.phone!)).toHaveLength(1)
  })

  it.each(['STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit.'])('%s opts out like STOP', async (word) => {
    const contact = await createContact()
    await stack.local.reply(contact.phone!, word)
    const preference = await harness.db.communicationPreference.findUniqueOrThrow({ where: { contactId: contact.id } })
    expect(preference.smsOptedOutAt).not.toBeNull()
  })

  it('"Please stop by at 3" is not an opt-out', async () => {
    const contact = await createContact()
    await stack.local.reply(contact.phone!, 'Please stop by at 3')
    expect(await harness.db.communicationPreference.findUnique({ where: { contactId: contact.id } })).toBeNull()
  })

  it('a STOP delivered again after a START changes nothing the second time', async () => {
    const contact = await createContact()
    const stop = {
      AccountSid: testTwilioAccountSid,
      MessageSid: `SM${'1'.repeat(31)}${phoneCounter}`,
      SmsStatus: 'received',
      From: contact.phone!,
      Body: 'STOP',
    }
    await stack.post(stop)
    await stack.post({ ...stop, MessageSid: `SM${'2'.repeat(31)}${phoneCounter}`, Body: 'START' })
    const redelivered = await stack.post(stop)

    expect(redelivered.status).toBe(200)
    const preference = await harness.db.communicationPreference.findUniqueOrThrow({ where: { contactId: contact.id } })
    expect(preference.smsOptedOutAt).toBeNull()
  })

  it('HELP is answered with the help text as TwiML, once', async () => {
    const contact = await createContact()
    const help = {
      AccountSid: testTwilioAccountSid,
      MessageSid: `SM${'3'.repeat(31)}${phoneCounter}`,
      SmsStatus: 'received',
      From: contact.phone!,
      Body: 'help',
    }
    const first = await stack.post(help)
    const duplicate = await stack.post(help)
    // The sender's name and address come from MAIL_FROM (test/support/temporal.ts: Durable CRM <crm@durable-crm.test>).
    expect(first.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Durable CRM: appointment and account messages. Help: crm@durable-crm.test. Msg&amp;data rates may apply. Reply STOP to opt out.</Message></Response>',
    )
    expect(duplicate.body).toBe('<Response/>')
  })

  it('refuses a reply signed with another token, or not signed, and changes nothing', async () => {
    const contact = await createContact()
    const stop = {
      AccountSid: testTwilioAccountSid,
      MessageSid: `SM${'4'.repeat(31)}${phoneCounter}`,
      SmsStatus: 'received',
      From: contact.phone!,
      Body: 'STOP',
    }
    const wrong = await stack.post(stop, 'someone-elses-auth-token')
    const unsigned = await fetch(stack.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(stop).toString(),
    })

    expect([wrong.status, unsigned.status]).toEqual([401, 401])
    expect(await harness.db.communicationPreference.findUnique({ where: { contactId: contact.id } })).toBeNull()
    expect(await harness.db.webhookEvent.count({ where: { eventId: `${stop.MessageSid}:received` } })).toBe(0)
  })
})

describe('a reply that is not a keyword, on the signed Twilio webhook', () => {
  let sidCounter = 0
  const inbound = (from: string, body: string) => ({
    AccountSid: testTwilioAccountSid,
    MessageSid: `SM${'5'.repeat(28)}${String(++sidCounter).padStart(4, '0')}`,
    SmsStatus: 'received',
    From: from,
    Body: body,
  })

  /** A contact whose live partnership (and a newer, churned one) came from deals they are the primary contact of. */
  async function contactWithPartnership() {
    const contact = await createContact()
    const { companyId } = await harness.db.contact.findUniqueOrThrow({
      where: { id: contact.id },
      select: { companyId: true },
    })
    const owner = await harness.db.user.create({
      data: { email: `cs-${randomUUID()}@crm.test`, name: 'Casey CS', role: 'CUSTOMER_SUCCESS' },
      select: { id: true },
    })
    const partnershipOf = async (status: 'ACTIVE' | 'CHURNED') => {
      const deal = await harness.db.opportunity.create({
        data: {
          companyId,
          primaryContactId: contact.id,
          name: `Deal ${randomUUID()}`,
          tier: 'FOUNDATION',
          setupFee: 9500,
          totalContractValue: 20000,
          ownerId: owner.id,
        },
        select: { id: true },
      })
      return harness.db.partnership.create({
        data: {
          opportunityId: deal.id,
          companyId,
          tier: 'FOUNDATION',
          status,
          startDate: new Date('2026-11-01T00:00:00Z'),
          targetEndDate: new Date('2027-02-01T00:00:00Z'),
        },
        select: { id: true },
      })
    }
    const live = await partnershipOf('ACTIVE')
    await partnershipOf('CHURNED')
    return { contact, companyId, partnershipId: live.id }
  }

  const entriesOf = (messageSid: string) =>
    harness.db.activity.findMany({
      where: { externalId: messageSid },
      select: {
        leadId: true,
        contactId: true,
        companyId: true,
        partnershipId: true,
        type: true,
        channel: true,
        direction: true,
        subject: true,
        description: true,
      },
      orderBy: { leadId: 'asc' },
    })

  it('lands once on the timelines of everyone with the number, however the number is written', async () => {
    const { contact, companyId, partnershipId } = await contactWithPartnership()
    const digits = contact.phone!.slice(-10)
    // The same number typed by hand on a lead: "+1 (555) 200-0042".
    const lead = await harness.db.lead.create({
      data: {
        email: `sms-lead-${randomUUID()}@example.com`,
        source: 'WEBSITE',
        phone: `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`,
      },
      select: { id: true },
    })
    const reply = inbound(contact.phone!, 'Can we move Tuesday to 3pm?')

    const first = await stack.post(reply)
    const redelivered = await stack.post(reply)

    expect([first.status, first.body]).toEqual([200, '<Response/>'])
    expect([redelivered.status, redelivered.body]).toEqual([200, '<Response/>'])
    const entry = {
      type: 'NOTE',
      channel: 'SMS',
      direction: 'INBOUND',
      subject: 'SMS',
      description: 'Can we move Tuesday to 3pm?',
    }
    expect(await entriesOf(reply.MessageSid)).toEqual([
      { ...entry, leadId: lead.id, contactId: null, companyId: null, partnershipId: null },
      { ...entry, leadId: null, contactId: contact.id, companyId, partnershipId },
    ])
    const timeline = await loadLeadTimeline(harness.db, lead.id)
    expect(timeline.map((item) => [item.kind, item.title, item.detail, item.direction])).toEqual([
      ['note', 'SMS', 'Can we move Tuesday to 3pm?', 'inbound'],
    ])
    // The lead's workflow hears it once (the redelivery was a duplicate), as a reply that stops nurture.
    const [leadEntry] = await harness.db.activity.findMany({
      where: { leadId: lead.id, externalId: reply.MessageSid },
      select: { id: true },
    })
    const history = await env.client.workflow.getHandle(`lead-${lead.id}`).fetchHistory()
    const signals = (history.events ?? []).flatMap((event) => {
      const signal = event.workflowExecutionSignaledEventAttributes
      if (!signal) return []
      return [[signal.signalName, defaultPayloadConverter.fromPayload(signal.input!.payloads![0]!)]]
    })
    expect(signals).toEqual([
      [
        'leadEvent',
        {
          eventId: `sms-reply:${reply.MessageSid}`,
          kind: 'sms.replied',
          occurredAt: expect.any(String),
          refId: leadEntry!.id,
        },
      ],
    ])
  })

  it('records the entry again if it went missing before a redelivery, never twice', async () => {
    const { contact } = await contactWithPartnership()
    const reply = inbound(contact.phone!, 'Thanks, see you then')
    await stack.post(reply)
    // The claim let a failed first attempt be processed again: the MessageSid is what keeps it single.
    await harness.db.webhookEvent.updateMany({
      where: { eventId: `${reply.MessageSid}:received` },
      data: { status: 'FAILED' },
    })
    await stack.post(reply)
    expect(await entriesOf(reply.MessageSid)).toHaveLength(1)
  })

  it('from a number nobody has: recorded as the webhook event and acknowledged, no timeline entry', async () => {
    const reply = inbound('+15557770199', 'Who is this?')
    const answer = await stack.post(reply)
    expect([answer.status, answer.body]).toEqual([200, '<Response/>'])
    const event = await harness.db.webhookEvent.findFirstOrThrow({
      where: { provider: 'TWILIO', eventId: `${reply.MessageSid}:received` },
      select: { status: true },
    })
    expect(event.status).toBe('PROCESSED')
    expect(await entriesOf(reply.MessageSid)).toEqual([])
  })

  it('a keyword is consent, not a timeline entry', async () => {
    const contact = await createContact()
    const stop = inbound(contact.phone!, 'STOP')
    await stack.post(stop)
    expect(await entriesOf(stop.MessageSid)).toEqual([])
  })
})
