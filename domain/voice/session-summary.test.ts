import { describe, expect, it } from 'vitest'
import { voiceSessionSummary, type StoredVoiceSession } from './session-summary'

const at = '2026-12-01T15:00:00.000Z'
const session: StoredVoiceSession = {
  messages: [
    { role: 'assistant', content: 'Hi! How can I help?', timestamp: at },
    { role: 'user', content: 'How much does the Foundation tier cost?', timestamp: at },
    { role: 'user', content: 'Can it answer calls after hours?', timestamp: at },
    // Not a message: dropped, as a stored transcript may hold anything.
    { role: 'user', content: 42 },
  ],
  actionsTaken: [],
  topics: ['pricing'],
  intents: [],
  painPoints: ['Missed calls after hours'],
  objections: [],
  sentiment: null,
  outcome: 'LEFT_SITE',
}

describe('the summary of a voice conversation', () => {
  it('counts the questions the person asked and names what the agent recorded', () => {
    expect(voiceSessionSummary(session, 'EN')).toMatch(
      /^You asked 2 questions, about pricing\. Challenges you mentioned: missed calls after hours\./i,
    )
  })

  it('is written in Spanish for a Spanish speaker', () => {
    expect(voiceSessionSummary(session, 'ES')).toMatch(/^Hizo 2 preguntas, sobre precios\./)
  })

  it('still says what happened when nothing was asked or recorded', () => {
    expect(voiceSessionSummary({ ...session, messages: [], topics: [], painPoints: [], outcome: null }, 'EN')).toMatch(
      /^You talked with our assistant\./,
    )
  })
})
