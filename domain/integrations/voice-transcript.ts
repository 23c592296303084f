// A voice session's transcript as events add to it (seed 002 §6.1, §6.3). Events may arrive late,
// twice or out of order: messages are deduplicated by (timestamp, role, content) and kept in time order.

export interface VoiceMessage {
  role: 'user' | 'assistant'
  content: string
  /** ISO 8601. */
  timestamp: string
  audioUrl?: string
  transcriptionConfidence?: number
}

function isVoiceMessage(value: unknown): value is VoiceMessage {
  if (typeof value !== 'object' || value === null) return false
  const { role, content, timestamp } = value as Record<string, unknown>
  return (role === 'user' || role === 'assistant') && typeof content === 'string' && typeof timestamp === 'string'
}

const messageKey = (message: VoiceMessage) =>
  `${new Date(message.timestamp).toISOString()}|${message.role}|${message.content}`

/** A session's stored messages (a JSON column): the entries that are messages, as stored. */
export function storedTranscript(stored: unknown): VoiceMessage[] {
  return Array.isArray(stored) ? stored.filter(isVoiceMessage) : []
}

/** The stored transcript plus new messages: each message once, oldest first (ties keep arrival order). */
export function mergeTranscript(stored: unknown, incoming: readonly VoiceMessage[]): VoiceMessage[] {
  const byKey = new Map<string, VoiceMessage>()
  for (const message of [...storedTranscript(stored), ...incoming]) {
    const key = messageKey(message)
    if (!byKey.has(key)) byKey.set(key, message)
  }
  return [...byKey.values()]
    .map((message, arrival) => ({ message, arrival, at: Date.parse(message.timestamp) }))
    .sort((a, b) => a.at - b.at || a.arrival - b.arrival)
    .map(({ message }) => message)
}
