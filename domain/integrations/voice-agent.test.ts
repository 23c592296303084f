import { describe, expect, it } from 'vitest'
import { parseBody } from './parse'
import {
  parseVoiceAgentEvent,
  parseVoiceSessionPost,
  voiceAgentEventSchema,
  voiceSessionChangeFromEvent,
  voiceSessionChangeFromPost,
  voiceSessionPostSchema,
} from './voice-agent'

const receivedAt = new Date('2026-11-23T15:10:00Z')

describe('the complete session of POST /api/crm/voice-sessions', () => {
  it('reads §6.1 names into a change that ends the session', () => {
    const parsed = parseBody(
      voiceSessionPostSchema,
      {
        sessionId: 'vs-9',
        visitorId: 'visitor-9',
        messages: [{ role: 'user', content: '¿Cuánto cuesta?', timestamp: '2026-11-23T15:00:05Z' }],
        metadata: { device: 'mobile', language: 'es', userAgent: 'Safari', referrerPage: 'https://example.com/es' },
        intent: ['pricing_inquiry'],
        painPointsMentioned: ['missed calls'],
        sentiment: 'positive',
        utmSource: 'google',
        marketingConsent: true,
      },
      'voice session',
    )
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(voiceSessionChangeFromPost(parsed.value, receivedAt)).toMatchObject({
      externalSessionId: 'vs-9',
      visitorId: 'visitor-9',
      ended: true,
      occurredAt: receivedAt,
      language: 'ES',
      device: 'MOBILE',
      provided: { intents: ['PRICING_INQUIRY'], painPoints: ['missed calls'], sentiment: 'POSITIVE' },
      person: { utmSource: 'google', marketingConsent: true },
    })
  })

  it('names every field at fault', () => {
    const parsed = parseBody(
      voiceSessionPostSchema,
      { messages: [{ role: 'robot', content: 'x', timestamp: 'now' }], intent: ['buying'], score: 3 },
      'voice session',
    )
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.errors.map((error) => error.field).sort()).toEqual([
      'intent.0',
      'messages.0.role',
      'messages.0.timestamp',
      'score',
      'sessionId',
    ])
  })
})

describe('signed voice agent events', () => {
  it('takes one message of session.message, and the time it happened', () => {
    const parsed = parseBody(
      voiceAgentEventSchema,
      {
        id: 'evt-1',
        type: 'session.message',
        sessionId: 'vs-9',
        occurredAt: '2026-11-23T15:00:06Z',
        message: { role: 'assistant', content: 'Desde $4,000.', timestamp: '2026-11-23T15:00:06Z' },
      },
      'voice agent event',
    )
    expect(parsed.ok && voiceSessionChangeFromEvent(parsed.value, receivedAt)).toMatchObject({
      ended: false,
      occurredAt: new Date('2026-11-23T15:00:06Z'),
      messages: [{ role: 'assistant', content: 'Desde $4,000.' }],
    })
  })

  it('needs a message in session.message, and knows session.ended', () => {
    const empty = parseBody(
      voiceAgentEventSchema,
      { id: 'evt-2', type: 'session.message', sessionId: 'vs-9' },
      'voice agent event',
    )
    expect(empty).toEqual({ ok: false, errors: [{ field: 'message', message: 'is required' }] })
    const ended = parseBody(
      voiceAgentEventSchema,
      { id: 'evt-3', type: 'session.ended', sessionId: 'vs-9', duration: 312 },
      'voice agent event',
    )
    expect(ended.ok && voiceSessionChangeFromEvent(ended.value, receivedAt)).toMatchObject({
      ended: true,
      durationSeconds: 312,
      occurredAt: receivedAt,
    })
  })
})

describe('a voice session as seed 002 §11.3 prints it: { sessionId, messages, metadata: { device, language, etc. } }', () => {
  it('stores the session and keeps aside what it does not know or cannot use', () => {
    const parsed = parseVoiceSessionPost({
      sessionId: 'vs-311',
      email: 'not an address',
      messages: [
        { role: 'user', content: 'Hola', timestamp: '2026-11-23T15:00:00Z', id: 'm1' },
        { role: 'user', content: 'sin hora' },
      ],
      metadata: { device: 'tablet', language: 'es', pageTitle: 'HVAC', country: 'MX' },
    })
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const change = voiceSessionChangeFromPost(parsed.value, new Date('2026-11-23T15:10:00Z'), parsed.kept)
    expect(change).toMatchObject({
      externalSessionId: 'vs-311',
      email: undefined,
      language: 'ES',
      device: undefined,
      messages: [{ role: 'user', content: 'Hola', timestamp: '2026-11-23T15:00:00Z' }],
    })
    expect(Object.fromEntries(change.kept.map((kept) => [kept.field, kept.value]))).toEqual({
      email: 'not an address',
      'messages.0.id': 'm1',
      'messages.1': { role: 'user', content: 'sin hora' },
      'metadata.device': 'tablet',
      'metadata.pageTitle': 'HVAC',
      'metadata.country': 'MX',
    })
  })

  it('refuses only a session without its id, and an event without id, type or its message', () => {
    expect(parseVoiceSessionPost({ messages: [], extra: 1 })).toEqual({
      ok: false,
      errors: [{ field: 'sessionId', message: 'is required' }],
    })
    const event = parseVoiceAgentEvent({ id: 'e1', type: 'session.message', sessionId: 'vs-1', page: '/hvac' })
    expect(event.ok ? [] : event.errors.map((error) => error.field)).toEqual(['message'])
  })
})
