import { describe, expect, it } from 'vitest'
import { mergeTranscript, storedTranscript, type VoiceMessage } from './voice-transcript'

const user = (timestamp: string, content: string): VoiceMessage => ({ role: 'user', content, timestamp })
const agent = (timestamp: string, content: string): VoiceMessage => ({ role: 'assistant', content, timestamp })

describe('mergeTranscript', () => {
  it('keeps messages in time order whatever order they arrive in', () => {
    const stored = [user('2026-11-23T10:00:05Z', 'How much does it cost?')]
    const late = [agent('2026-11-23T10:00:00Z', 'Hi, how can I help?'), agent('2026-11-23T10:00:09Z', 'From $4,000.')]
    expect(mergeTranscript(stored, late).map((message) => message.content)).toEqual([
      'Hi, how can I help?',
      'How much does it cost?',
      'From $4,000.',
    ])
  })

  it('keeps a redelivered message once, also when its timestamp is written with an offset', () => {
    const message = user('2026-11-23T10:00:05Z', 'Do you work with plumbers?')
    const sameInstant = user('2026-11-23T04:00:05-06:00', 'Do you work with plumbers?')
    expect(mergeTranscript([message], [message, sameInstant])).toEqual([message])
  })

  it('keeps two different messages of the same instant, and the same words from both sides', () => {
    const at = '2026-11-23T10:00:05Z'
    const merged = mergeTranscript([], [user(at, 'Yes'), agent(at, 'Yes'), user(at, 'Great')])
    expect(merged).toEqual([user(at, 'Yes'), agent(at, 'Yes'), user(at, 'Great')])
  })

  it('ignores stored entries that are not messages', () => {
    expect(mergeTranscript([{ role: 'system' }, 'x', null], [user('2026-11-23T10:00:00Z', 'Hola')])).toEqual([
      user('2026-11-23T10:00:00Z', 'Hola'),
    ])
    expect(mergeTranscript({ not: 'an array' }, [])).toEqual([])
  })
})

describe('storedTranscript', () => {
  it('reads the stored messages as stored, leaving out what is not a message', () => {
    const stored = [
      agent('2026-11-23T10:00:09Z', 'From $4,000.'),
      { role: 'user', content: 'No time' },
      user('2026-11-23T10:00:05Z', 'How much?'),
    ]
    expect(storedTranscript(stored)).toEqual([
      agent('2026-11-23T10:00:09Z', 'From $4,000.'),
      user('2026-11-23T10:00:05Z', 'How much?'),
    ])
    expect(storedTranscript(null)).toEqual([])
  })
})
