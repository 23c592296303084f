import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueApiKey } from '../../services/auth/api-keys'
import { anonymousVoiceSessionWorkflowId } from '../../workflows/lead-messages'
import { bearer, postJson } from '../support/web'
import {
  ingestionTimelineRows,
  leadEventsOf,
  postCrmWebhook,
  postVoiceEvent,
  startIngestionStack,
  unique,
  nurtureSequencesOf,
  visitorIdentifiedSignalsOf,
  webhookEventStatus,
  webhookSecrets,
  workflowExists,
  type IngestionStack,
} from './ingestion-helpers'

let stack: IngestionStack
/** Signals sent while a workflow task runs reach the history when the task completes. */
const signalled = { timeout: 20_000, interval: 250 }

beforeAll(async () => {
  stack = await startIngestionStack('ingestion-voice')
})

afterAll(async () => {
  await stack?.close()
})

const base = Date.now() - 10 * 60_000
const at = (second: number) => new Date(base + second * 1000).toISOString()
const db = () => stack.database.db

function completeSession(sessionId: string, email: string, overrides: Record<string, unknown> = {}) {
  return {
    sessionId,
    visitorId: `visitor-of-${sessionId}`,
    startTime: at(0),
    messages: [
      { role: 'assistant', content: '¡Hola! ¿En qué le puedo ayudar?', timestamp: at(1) },
      { role: 'user', content: '¿Cuánto cuesta para una empresa de plomería? Perdemos llamadas.', timestamp: at(10) },
      { role: 'assistant', content: 'Desde $4,000. ¿Me deja su correo?', timestamp: at(20) },
      { role: 'user', content: `Claro, es ${email.toUpperCase()}`, timestamp: at(30) },
    ],
    actionsTaken: ['SCROLL_TO_ROI'],
    metadata: {
      device: 'mobile',
      language: 'es',
      userAgent: 'Mozilla/5.0 (iPhone)',
      referrerPage: 'https://aikre8tion.example/es',
    },
    utmSource: 'google',
    utmCampaign: 'plomeria-2026',
    landingPage: 'https://aikre8tion.example/es',
    marketingConsent: true,
    timezone: 'America/Chicago',
    ...overrides,
  }
}

const sessionRow = (externalSessionId: string) =>
  db().voiceSession.findUnique({
    where: { externalSessionId },
    select: {
      id: true,
      leadId: true,
      contactId: true,
      visitorId: true,
      email: true,
      endedAt: true,
      duration: true,
      language: true,
      device: true,
      messages: true,
      totalQuestions: true,
      intents: true,
      sentiment: true,
      outcome: true,
      painPoints: true,
      updatedAt: true,
    },
  })

const timelineOf = (voiceSessionId: string) =>
  db().activity.findMany({
    where: { type: 'VOICE_SESSION', externalId: voiceSessionId },
    select: { leadId: true, contactId: true, subject: true },
  })

describe('POST /api/crm/voice-sessions', () => {
  it('stores a complete session, finds the email in the conversation and captures a new voice agent lead', async () => {
    const email = `${unique('rosa')}@northwind-plumbing.example`
    const sessionId = unique('vs')
    const response = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      completeSession(sessionId, email),
      stack.landingPage,
    )

    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toMatchObject({
      sessionId,
      email,
      leadCreated: true,
      anonymous: false,
      language: 'es',
      device: 'mobile',
      outcome: 'roi_calculator',
    })
    const lead = await db().lead.findUniqueOrThrow({
      where: { email },
      select: {
        id: true,
        source: true,
        sourceDetail: true,
        preferredLanguage: true,
        utmSource: true,
        utmCampaign: true,
        landingPage: true,
        timezone: true,
        voiceSessionId: true,
        workflowId: true,
        communicationPreference: { select: { marketingConsent: true, marketingConsentSource: true, timezone: true } },
      },
    })
    expect(lead).toMatchObject({
      id: body.leadId,
      source: 'VOICE_AGENT',
      sourceDetail: 'Voice Agent - Spanish',
      preferredLanguage: 'ES',
      utmSource: 'google',
      utmCampaign: 'plomeria-2026',
      landingPage: 'https://aikre8tion.example/es',
      timezone: 'America/Chicago',
      voiceSessionId: body.id,
      communicationPreference: {
        marketingConsent: true,
        marketingConsentSource: 'voice agent',
        timezone: 'America/Chicago',
      },
    })
    // The workflow writes its own projection (the request does not): wait for the worker to have run it.
    await expect
      .poll(
        async () =>
          (await db().lead.findUniqueOrThrow({ where: { id: lead.id }, select: { workflowId: true } })).workflowId,
        { timeout: 20_000, interval: 250 },
      )
      .toBe(`lead-${body.leadId}`)
    const session = await sessionRow(sessionId)
    expect(session).toMatchObject({
      leadId: lead.id,
      email,
      language: 'ES',
      device: 'MOBILE',
      totalQuestions: 1,
      outcome: 'ROI_CALCULATOR',
    })
    expect(session?.endedAt).not.toBeNull()
    expect(session?.intents).toContain('PRICING_INQUIRY')
    expect(session?.messages).toHaveLength(4)
    expect(await timelineOf(session!.id)).toEqual([
      { leadId: lead.id, contactId: null, subject: expect.stringMatching(/^Voice agent conversation \(1 question,/) },
    ])
    await expect
      .poll(() => leadEventsOf(stack.env, lead.id), signalled)
      .toEqual([
        {
          eventId: `voice-session:${session!.id}:ended`,
          kind: 'voice.session.ended',
          occurredAt: session!.endedAt!.toISOString(),
          refId: session!.id,
        },
      ])
  })

  it('answers a repeated post with 200 and changes nothing', async () => {
    const email = `${unique('sam')}@ortiz.example`
    const sessionId = unique('vs')
    const first = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      completeSession(sessionId, email),
      stack.landingPage,
    )
    expect(first.status).toBe(201)
    const before = await sessionRow(sessionId)
    const counts = async () => [
      await db().lead.count(),
      await db().voiceSession.count(),
      await db().activity.count({ where: ingestionTimelineRows }),
      await db().communicationPreference.count(),
    ]
    const countsBefore = await counts()

    const again = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      completeSession(sessionId, email),
      stack.landingPage,
    )

    expect(again.status).toBe(200)
    expect((await again.json()).leadCreated).toBe(false)
    expect(await counts()).toEqual(countsBefore)
    const after = await sessionRow(sessionId)
    expect({ ...after, updatedAt: undefined }).toEqual({ ...before, updatedAt: undefined })
    await expect
      .poll(
        async () => new Set((await leadEventsOf(stack.env, before!.leadId!)).map((event) => event.eventId)),
        signalled,
      )
      .toEqual(new Set([`voice-session:${before!.id}:ended`]))
  })

  it('answers 400 naming the session id when it is missing, and writes nothing', async () => {
    const counts = async () => [
      await db().lead.count(),
      await db().voiceSession.count(),
      await db().activity.count({ where: ingestionTimelineRows }),
    ]
    const before = await counts()
    const response = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      {
        messages: [{ role: 'robot', content: 'hi', timestamp: 'yesterday' }],
        metadata: { device: 'tablet' },
        intent: ['buying'],
        email: 'nope',
      },
      stack.landingPage,
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body.error).toBe('The voice session is not valid')
    expect(body.errors).toEqual([{ field: 'sessionId', message: 'is required' }])
    expect(await counts()).toEqual(before)
  })

  it('stores a session whose metadata carries more than the four fields it knows, keeping them on the timeline', async () => {
    const sessionId = unique('vs-meta')
    const email = `${unique('luz')}@luz-plomeria.example`
    // §11.3: `metadata: { device, language, etc. }`; here with what a newer widget adds.
    const session = completeSession(sessionId, email, {
      metadata: { device: 'mobile', language: 'es', screen: '390x844', widgetVersion: '2.3.1' },
    })
    const response = await postJson(`${stack.baseUrl}/api/crm/voice-sessions`, session, stack.landingPage)
    expect(response.status).toBe(201)
    const { leadId } = await response.json()
    expect(await sessionRow(sessionId)).toMatchObject({ device: 'MOBILE', language: 'ES', leadId })
    const kept = await db().activity.findMany({
      where: { leadId, type: 'SYSTEM_EVENT', subject: { startsWith: 'Kept from' } },
      select: { subject: true, description: true },
    })
    expect(kept).toEqual([
      {
        subject: 'Kept from the voice agent: metadata.screen, metadata.widgetVersion',
        description:
          'metadata.screen: "390x844" (is not a voice session field)\nmetadata.widgetVersion: "2.3.1" (is not a voice session field)',
      },
    ])
  })

  it('needs an API key with leads:create', async () => {
    const session = completeSession(unique('vs'), `${unique('x')}@example.com`)
    expect((await postJson(`${stack.baseUrl}/api/crm/voice-sessions`, session)).status).toBe(401)
    const { key } = await issueApiKey(db(), { name: 'Reader', scopes: ['leads:read'] })
    expect((await postJson(`${stack.baseUrl}/api/crm/voice-sessions`, session, bearer(key))).status).toBe(403)
    expect(await sessionRow(session.sessionId)).toBeNull()
  })

  it('keeps a session without an email anonymous, starts its retargeting wait, and merges it when the visitor is identified', async () => {
    const visitorId = unique('visitor')
    const anonymousId = unique('vs-anon')
    const anonymous = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      {
        sessionId: anonymousId,
        visitorId,
        messages: [{ role: 'user', content: 'Do you work with HVAC companies?', timestamp: at(0) }],
      },
      stack.landingPage,
    )
    expect(anonymous.status).toBe(201)
    expect(await anonymous.json()).toMatchObject({ anonymous: true, leadId: null, contactId: null, email: null })
    const anonymousRow = await sessionRow(anonymousId)
    expect(await workflowExists(stack.env, anonymousVoiceSessionWorkflowId(anonymousRow!.id))).toBe(true)
    expect(await timelineOf(anonymousRow!.id)).toEqual([expect.objectContaining({ leadId: null, contactId: null })])

    const email = `${unique('pat')}@cool-air.example`
    const identified = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      {
        sessionId: unique('vs-known'),
        visitorId,
        email,
        messages: [{ role: 'user', content: 'Back again. Pricing?', timestamp: at(100) }],
      },
      stack.landingPage,
    )
    expect(identified.status).toBe(201)
    const body = await identified.json()
    expect(body).toMatchObject({ anonymous: false, leadCreated: true, mergedSessionIds: [anonymousRow!.id] })

    expect(await sessionRow(anonymousId)).toMatchObject({ leadId: body.leadId, contactId: null })
    expect(await timelineOf(anonymousRow!.id)).toEqual([expect.objectContaining({ leadId: body.leadId })])
    await expect
      .poll(() => visitorIdentifiedSignalsOf(stack.env, anonymousRow!.id), signalled)
      .toEqual([{ leadId: body.leadId }])
    // The lead's first engagement is the visitor's first session.
    expect(
      (await db().lead.findUniqueOrThrow({ where: { id: body.leadId }, select: { voiceSessionId: true } }))
        .voiceSessionId,
    ).toBe(anonymousRow!.id)
  })

  it('links the session of a converted customer to their contact, creating no lead', async () => {
    const email = `${unique('owner')}@bayside-builders.example`
    const company = await db().company.create({
      data: {
        name: 'Bayside Builders',
        industry: 'CONSTRUCTION',
        employeeCount: 'RANGE_10_25',
        businessModel: 'CONSTRUCTION',
        source: 'REFERRAL',
      },
      select: { id: true },
    })
    const contact = await db().contact.create({
      data: { companyId: company.id, firstName: 'Lee', lastName: 'Ng', email },
      select: { id: true },
    })
    const response = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      completeSession(unique('vs'), email),
      stack.landingPage,
    )
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ leadId: null, contactId: contact.id, anonymous: false })
    expect(await db().lead.count({ where: { email } })).toBe(0)
    expect(
      await db().communicationPreference.findUnique({
        where: { contactId: contact.id },
        select: { marketingConsent: true },
      }),
    ).toEqual({ marketingConsent: true })
  })

  it('lands on the lead a direct form created earlier (one person, one lead), keeping its first touch', async () => {
    const email = `${unique('dana')}@dana-realty.example`
    const form = await postJson(
      `${stack.baseUrl}/api/leads`,
      { email, source: 'website', firstName: 'Dana' },
      stack.landingPage,
    )
    expect(form.status).toBe(201)
    const lead = await form.json()

    const response = await postJson(
      `${stack.baseUrl}/api/crm/voice-sessions`,
      completeSession(unique('vs'), email, { utmSource: 'bing' }),
      stack.landingPage,
    )
    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toMatchObject({ leadId: lead.id, leadCreated: false })
    expect(
      await db().lead.findUniqueOrThrow({
        where: { id: lead.id },
        select: { source: true, utmSource: true, voiceSessionId: true },
      }),
    ).toEqual({
      source: 'WEBSITE',
      utmSource: null,
      voiceSessionId: body.id,
    })
    await expect
      .poll(async () => (await leadEventsOf(stack.env, lead.id)).map((event) => event.kind), signalled)
      .toContain('voice.session.ended')
  })
})

describe('POST /api/webhooks/voice-agent', () => {
  const event = (type: string, sessionId: string, fields: Record<string, unknown> = {}) => ({
    id: unique('evt'),
    type,
    sessionId,
    ...fields,
  })

  it('follows a session event by event, in any order, and processes each event once', async () => {
    const sessionId = unique('vs-live')
    const visitorId = unique('visitor')
    const email = `${unique('maria')}@garcia-hvac.example`

    // A message arrives before session.started.
    const early = event('session.message', sessionId, {
      visitorId,
      message: { role: 'user', content: 'Do you integrate with ServiceTitan?', timestamp: at(20) },
    })
    const earlyResponse = await postVoiceEvent(stack.baseUrl, early)
    expect(earlyResponse.status).toBe(200)
    expect(await earlyResponse.json()).toEqual({ received: true, duplicate: false })
    const started = event('session.started', sessionId, {
      visitorId,
      startTime: at(0),
      metadata: { language: 'en', device: 'desktop' },
    })
    expect((await postVoiceEvent(stack.baseUrl, started)).status).toBe(200)
    expect(await sessionRow(sessionId)).toMatchObject({
      leadId: null,
      email: null,
      language: 'EN',
      device: 'DESKTOP',
      totalQuestions: 1,
    })

    // The email comes in a later message, whose reply arrived first.
    await postVoiceEvent(
      stack.baseUrl,
      event('session.message', sessionId, {
        message: { role: 'assistant', content: 'Thanks, I will send it.', timestamp: at(45) },
      }),
    )
    const withEmail = event('session.message', sessionId, {
      message: { role: 'user', content: `Send it to ${email}`, timestamp: at(40) },
    })
    expect((await postVoiceEvent(stack.baseUrl, withEmail)).status).toBe(200)
    // The request found the new person and created their lead; the lead's workflow stores the message.
    const created = await db().lead.findUniqueOrThrow({ where: { email }, select: { id: true } })
    await expect
      .poll(() => webhookEventStatus(stack.database, 'VOICE_AGENT', withEmail.id), signalled)
      .toBe('PROCESSED')
    const identified = await sessionRow(sessionId)
    expect(identified?.leadId).toBe(created.id)
    expect((identified?.messages as { timestamp: string }[]).map((message) => message.timestamp)).toEqual([
      at(20),
      at(40),
      at(45),
    ])
    expect(
      await db().lead.findUniqueOrThrow({ where: { id: identified!.leadId! }, select: { source: true, email: true } }),
    ).toEqual({ source: 'VOICE_AGENT', email })

    const ended = event('session.ended', sessionId, {
      endTime: at(60),
      sentiment: 'positive',
      intent: ['ready_to_proceed'],
    })
    expect((await postVoiceEvent(stack.baseUrl, ended)).status).toBe(200)
    await expect.poll(() => webhookEventStatus(stack.database, 'VOICE_AGENT', ended.id), signalled).toBe('PROCESSED')
    const done = await sessionRow(sessionId)
    expect(done).toMatchObject({
      endedAt: new Date(at(60)),
      duration: 60,
      sentiment: 'POSITIVE',
      intents: ['READY_TO_PROCEED'],
    })
    expect(
      await db().webhookEvent.findUnique({
        where: { provider_eventId: { provider: 'VOICE_AGENT', eventId: ended.id } },
        select: { status: true, processedAt: true },
      }),
    ).toEqual({
      status: 'PROCESSED',
      processedAt: expect.any(Date),
    })

    // A redelivery of a processed event is acknowledged and changes nothing.
    const again = await postVoiceEvent(stack.baseUrl, ended)
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(await sessionRow(sessionId)).toEqual(done)

    // Each event the lead's workflow heard names its recorded delivery, which the workflow applied.
    const recorded = (event: { id: string }) =>
      db().webhookEvent.findUniqueOrThrow({
        where: { provider_eventId: { provider: 'VOICE_AGENT', eventId: event.id } },
        select: { id: true },
      })
    expect(await leadEventsOf(stack.env, done!.leadId!)).toEqual([
      {
        eventId: `voice-agent:${withEmail.id}`,
        kind: 'voice.session.updated',
        occurredAt: expect.any(String),
        webhookEventId: (await recorded(withEmail)).id,
      },
      {
        eventId: `voice-agent:${ended.id}`,
        kind: 'voice.session.ended',
        occurredAt: expect.any(String),
        webhookEventId: (await recorded(ended)).id,
      },
    ])
    // The end started the "voice with email" sequence for this session, as on the lead page.
    await expect
      .poll(() => nurtureSequencesOf(stack.env, done!.leadId!), signalled)
      .toEqual([{ sequence: 'voice-with-email', triggerRefId: done!.id }])

    // A message delivered after the end joins the transcript in its place; the end's analysis stands.
    const late = event('session.message', sessionId, {
      message: { role: 'user', content: 'This is terrible, never mind?', timestamp: at(50) },
    })
    expect((await postVoiceEvent(stack.baseUrl, late)).status).toBe(200)
    await expect.poll(() => webhookEventStatus(stack.database, 'VOICE_AGENT', late.id), signalled).toBe('PROCESSED')
    const afterLate = await sessionRow(sessionId)
    expect((afterLate?.messages as { timestamp: string }[]).map((message) => message.timestamp)).toEqual([
      at(20),
      at(40),
      at(45),
      at(50),
    ])
    expect(afterLate).toMatchObject({ sentiment: 'POSITIVE', endedAt: new Date(at(60)), totalQuestions: 2 })
  })

  it("merges the visitor's anonymous session when a later session names them, and stops its retargeting wait", async () => {
    const visitorId = unique('visitor')
    const quietId = unique('vs-quiet')
    const asked = event('session.message', quietId, {
      visitorId,
      message: { role: 'user', content: 'Do you work with HVAC companies?', timestamp: at(0) },
    })
    expect((await postVoiceEvent(stack.baseUrl, asked)).status).toBe(200)
    expect((await postVoiceEvent(stack.baseUrl, event('session.ended', quietId, { endTime: at(30) }))).status).toBe(200)
    // Nobody is behind it: stored where it arrived, with its retargeting wait.
    const quiet = await sessionRow(quietId)
    expect(quiet).toMatchObject({ leadId: null, contactId: null, endedAt: new Date(at(30)) })
    expect(await workflowExists(stack.env, anonymousVoiceSessionWorkflowId(quiet!.id))).toBe(true)

    const email = `${unique('pat')}@cool-air.example`
    const knownId = unique('vs-known')
    const named = event('session.message', knownId, {
      visitorId,
      email,
      message: { role: 'user', content: 'Back again. Pricing?', timestamp: at(100) },
    })
    expect((await postVoiceEvent(stack.baseUrl, named)).status).toBe(200)
    const lead = await db().lead.findUniqueOrThrow({ where: { email }, select: { id: true, source: true } })
    expect(lead.source).toBe('VOICE_AGENT')
    await expect.poll(() => visitorIdentifiedSignalsOf(stack.env, quiet!.id), signalled).toEqual([{ leadId: lead.id }])
    await expect.poll(() => webhookEventStatus(stack.database, 'VOICE_AGENT', named.id), signalled).toBe('PROCESSED')

    // What the JSON endpoint writes, written by the lead's workflow: both sessions, the timeline, the first session.
    expect(await sessionRow(knownId)).toMatchObject({ leadId: lead.id, email })
    expect(await sessionRow(quietId)).toMatchObject({ leadId: lead.id, contactId: null })
    expect(await timelineOf(quiet!.id)).toEqual([expect.objectContaining({ leadId: lead.id })])
    expect(
      (await db().lead.findUniqueOrThrow({ where: { id: lead.id }, select: { voiceSessionId: true } })).voiceSessionId,
    ).toBe(quiet!.id)
  })

  it('acknowledges an event it can never act on, naming the field, and records it FAILED only', async () => {
    const before = await db().webhookEvent.count()
    const response = await postVoiceEvent(stack.baseUrl, {
      id: unique('evt'),
      type: 'session.message',
      sessionId: unique('vs'),
      duration: -1,
    })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ received: true, processed: false })
    // The bad duration alone would be kept aside; a message event without its message cannot be acted on.
    expect(body.errors).toEqual([{ field: 'message', message: expect.any(String) }])
    expect(await db().webhookEvent.count()).toBe(before + 1)
    expect(await db().webhookEvent.count({ where: { status: 'FAILED', error: { startsWith: 'message ' } } })).toBe(1)
  })

  it('refuses a bad signature with 401, and a stale one, writing nothing', async () => {
    const sessionId = unique('vs-forged')
    const body = event('session.ended', sessionId, { email: `${unique('x')}@example.com` })
    const forged = await postCrmWebhook(stack.baseUrl, '/api/webhooks/voice-agent', 'not-the-secret-0123456789', body)
    expect(forged.status).toBe(401)
    const stale = await postCrmWebhook(
      stack.baseUrl,
      '/api/webhooks/voice-agent',
      webhookSecrets.VOICE_AGENT_WEBHOOK_SECRET,
      body,
      301,
    )
    expect(stale.status).toBe(401)
    expect(await sessionRow(sessionId)).toBeNull()
  })

  it('starts the retargeting wait of a session that ends without an email', async () => {
    const sessionId = unique('vs-quiet')
    await postVoiceEvent(stack.baseUrl, event('session.started', sessionId, { startTime: at(0) }))
    expect((await postVoiceEvent(stack.baseUrl, event('session.ended', sessionId, { endTime: at(30) }))).status).toBe(
      200,
    )
    const row = await sessionRow(sessionId)
    expect(row).toMatchObject({ leadId: null, contactId: null, endedAt: new Date(at(30)) })
    expect(await workflowExists(stack.env, anonymousVoiceSessionWorkflowId(row!.id))).toBe(true)
  })
})
