import { describe, expect, it } from 'vitest'
import type { VoiceSessionChange } from './voice-agent'
import { applyVoiceSessionChange, emailBroughtBy, voiceSessionTimelineEntry } from './voice-session-state'
import type { VoiceMessage } from './voice-transcript'

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, seconds)).toISOString()
const user = (second: number, content: string): VoiceMessage => ({ role: 'user', content, timestamp: at(second) })
const agent = (second: number, content: string): VoiceMessage => ({ role: 'assistant', content, timestamp: at(second) })

function change(overrides: Partial<VoiceSessionChange>): VoiceSessionChange {
  return {
    externalSessionId: 'vs-1',
    messages: [],
    actionsTaken: [],
    provided: {},
    ended: false,
    occurredAt: new Date(at(59)),
    person: {},
    kept: [],
    ...overrides,
  }
}

describe('applyVoiceSessionChange', () => {
  it('derives questions, intents, email and outcome from the transcript when the agent sends none', () => {
    const { state, endedNow } = applyVoiceSessionChange(
      null,
      change({
        ended: true,
        visitorId: 'visitor-1',
        messages: [
          agent(0, 'Hi! How can I help?'),
          user(5, 'How much does it cost for a plumbing company?'),
          user(20, 'You can reach me at Rosa@Northwind.example'),
        ],
        actionsTaken: ['SCROLL_TO_ROI'],
      }),
    )
    expect(endedNow).toBe(true)
    expect(state).toMatchObject({
      visitorId: 'visitor-1',
      email: 'rosa@northwind.example',
      totalQuestions: 1,
      outcome: 'ROI_CALCULATOR',
      startTime: new Date(at(0)),
      endedAt: new Date(at(20)),
      endTime: new Date(at(20)),
      duration: 20,
      language: 'EN',
    })
    expect(state.intents).toContain('PRICING_INQUIRY')
  })

  it('lets what the agent sends win over the rules', () => {
    const { state } = applyVoiceSessionChange(
      null,
      change({
        ended: true,
        email: 'sam@ortiz.example',
        durationSeconds: 312,
        messages: [user(5, 'I am sam@other.example, how much is it?')],
        provided: {
          sentiment: 'POSITIVE',
          intents: ['READY_TO_PROCEED'],
          topics: ['pricing'],
          outcome: 'CALENDAR_BOOKING',
        },
      }),
    )
    expect(state).toMatchObject({
      email: 'sam@ortiz.example',
      duration: 312,
      sentiment: 'POSITIVE',
      intents: ['READY_TO_PROCEED'],
      topics: ['pricing'],
      outcome: 'CALENDAR_BOOKING',
    })
  })

  it('adds events in any order: a message before the start, the start, the end, a late message', () => {
    const first = applyVoiceSessionChange(
      null,
      change({ messages: [user(10, 'Do you work with HVAC firms?')], occurredAt: new Date(at(10)) }),
    )
    expect(first.state.startTime).toEqual(new Date(at(10)))
    const started = applyVoiceSessionChange(
      first.state,
      change({ startTime: new Date(at(2)), language: 'ES', device: 'MOBILE' }),
    )
    expect(started.state).toMatchObject({ startTime: new Date(at(2)), language: 'ES', device: 'MOBILE', endedAt: null })
    const ended = applyVoiceSessionChange(
      started.state,
      change({ ended: true, endTime: new Date(at(40)), provided: { sentiment: 'NEGATIVE' } }),
    )
    expect(ended).toMatchObject({
      endedNow: true,
      state: { endedAt: new Date(at(40)), duration: 38, sentiment: 'NEGATIVE' },
    })

    const late = applyVoiceSessionChange(
      ended.state,
      change({ messages: [user(30, 'Great, thanks! How soon can we start?')] }),
    )
    expect(late.endedNow).toBe(false)
    expect(late.state.messages.map((message) => message.timestamp)).toEqual([at(10), at(30)])
    expect(late.state.totalQuestions).toBe(2)
    // The end settled the analysis: the late (positive) message does not overturn the agent's sentiment.
    expect(late.state.sentiment).toBe('NEGATIVE')
    expect(late.state.endedAt).toEqual(new Date(at(40)))
    expect(late.state.language).toBe('ES')
  })

  it('ends a session once: a redelivered end changes nothing', () => {
    const ended = applyVoiceSessionChange(null, change({ ended: true, messages: [user(3, 'Hello?')] }))
    const again = applyVoiceSessionChange(ended.state, change({ ended: true, messages: [user(3, 'Hello?')] }))
    expect(again.endedNow).toBe(false)
    expect(again.state).toEqual(ended.state)
  })

  it('keeps the first known email and visitor', () => {
    const known = applyVoiceSessionChange(null, change({ visitorId: 'v-1', email: 'first@example.com' }))
    const later = applyVoiceSessionChange(
      known.state,
      change({ visitorId: 'v-2', messages: [user(1, 'mail me at other@example.com')] }),
    )
    expect(later.state).toMatchObject({ visitorId: 'v-1', email: 'first@example.com' })
  })
})

describe('voiceSessionTimelineEntry', () => {
  it('says how long and how many questions, and what the agent made of it in words', () => {
    expect(
      voiceSessionTimelineEntry({
        endedAt: new Date(),
        totalQuestions: 1,
        duration: 150,
        topics: ['pricing', 'real_estate', 'hvac'],
        outcome: 'ROI_CALCULATOR',
        sentiment: 'POSITIVE',
        language: 'ES',
      }),
    ).toEqual({
      subject: 'Voice agent conversation (1 question, 3 min)',
      description: 'Language: Spanish\nTopics: pricing, real estate, HVAC\nSentiment: positive',
      outcome: 'ROI calculator',
    })
  })
})

describe('emailBroughtBy', () => {
  it('is the address the agent sent, else the earliest one a user said, never one the agent said', () => {
    expect(emailBroughtBy(change({ email: 'sent@agent.example', messages: [user(5, 'me@said.example')] }))).toBe(
      'sent@agent.example',
    )
    // Arrived out of order: the earlier message (second 10) names the address that counts.
    expect(
      emailBroughtBy(
        change({
          messages: [
            user(30, 'or Later@Second.example'),
            agent(1, 'Write to help@crm.example'),
            user(10, 'It is First@One.example.'),
          ],
        }),
      ),
    ).toBe('first@one.example')
    expect(emailBroughtBy(change({ messages: [agent(1, 'Write to help@crm.example')] }))).toBeNull()
  })

  it('finds the address applyVoiceSessionChange finds for a session that has none yet', () => {
    const messages = [user(12, 'ok'), user(8, 'reach me at pat@cool-air.example')]
    const { state } = applyVoiceSessionChange(null, change({ messages }))
    expect(state.email).toBe('pat@cool-air.example')
    expect(emailBroughtBy(change({ messages }))).toBe('pat@cool-air.example')
  })
})
