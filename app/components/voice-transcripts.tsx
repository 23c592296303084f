import { ViewerTime } from './lead-time'
import { formatSeconds } from '../../domain/formatting/durations'
import { enumWordsInline } from '../../domain/records/enum-words'
import { countOf } from '../../domain/formatting/plural'

export interface TranscriptSession {
  id: string
  startTime: string
  endedAt: string | null
  duration: number
  language: string
  device: string | null
  totalQuestions: number
  topics: string[]
  intents: string[]
  painPoints: string[]
  objections: string[]
  sentiment: string | null
  outcome: string | null
  transcript: { role: 'user' | 'assistant'; content: string; timestamp: string }[]
}

function Chips({ label, values, tone }: { label: string; values: string[]; tone: string }) {
  if (values.length === 0) return null
  return (
    <div className="chip-row">
      <span className="chip-label">{label}</span>
      {values.map((value) => (
        <span key={value} className={`chip ${tone}`}>
          {enumWordsInline(value)}
        </span>
      ))}
    </div>
  )
}

/** Each voice session as a conversation, with what the agent (or our rules) made of it. */
export function VoiceTranscripts({ sessions }: { sessions: TranscriptSession[] }) {
  if (sessions.length === 0) return <p className="empty">No voice session with this lead.</p>
  return (
    <>
      {sessions.map((session, index) => (
        <details key={session.id} className="transcript" open={index === 0}>
          <summary>
            Session <ViewerTime iso={session.startTime} /> · {formatSeconds(session.duration)} ·{' '}
            {countOf(session.totalQuestions, 'question')} · {session.language === 'ES' ? 'Spanish' : 'English'}
            {session.device ? ` · ${enumWordsInline(session.device)}` : ''}
            {session.endedAt ? '' : ' · still going on'}
          </summary>
          <div className="chips">
            {session.sentiment ? (
              <Chips
                label="Sentiment"
                values={[session.sentiment]}
                tone={`sentiment-${session.sentiment.toLowerCase()}`}
              />
            ) : null}
            {session.outcome ? <Chips label="Outcome" values={[session.outcome]} tone="outcome" /> : null}
            <Chips label="Intents" values={session.intents} tone="intent" />
            <Chips label="Topics" values={session.topics} tone="topic" />
            <Chips label="Pain points" values={session.painPoints} tone="pain" />
            <Chips label="Objections" values={session.objections} tone="objection" />
          </div>
          {session.transcript.length === 0 ? (
            <p className="empty">No messages were recorded.</p>
          ) : (
            <ol className="conversation">
              {session.transcript.map((message, position) => (
                <li key={`${position}:${message.timestamp}`} className={`message from-${message.role}`}>
                  <span className="message-meta">
                    {message.role === 'user' ? 'Visitor' : 'Agent'}
                    {' · '}
                    <ViewerTime iso={message.timestamp} />
                  </span>
                  <p>{message.content}</p>
                </li>
              ))}
            </ol>
          )}
        </details>
      ))}
    </>
  )
}
