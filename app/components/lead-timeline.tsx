import type { TimelineEntry, TimelineKind } from '../../domain/leads/lead-timeline'
import { ViewerTime } from './lead-time'

const kindLabels: Record<TimelineKind, string> = {
  email: 'Email',
  'voice-session': 'Voice session',
  'roi-calculation': 'ROI calculation',
  meeting: 'Meeting',
  call: 'Call',
  note: 'Note',
  task: 'Task',
  system: 'Status',
  notification: 'Alert',
}

/** Everything that happened to the lead, newest first. */
export function LeadTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="empty">Nothing has happened to this lead yet.</p>
  return (
    <ol className="timeline">
      {entries.map((entry) => (
        <li key={entry.id} className={`timeline-entry kind-${entry.kind}`}>
          <div className="timeline-when">
            <ViewerTime iso={entry.at} />
          </div>
          <div className="timeline-what">
            <span className={`badge kind-${entry.kind}`}>
              {kindLabels[entry.kind]}
              {entry.direction ? ` · ${entry.direction}` : ''}
            </span>{' '}
            <strong>{entry.title}</strong>
            {entry.person && !entry.detail?.includes(entry.person) ? (
              <span className="muted"> · {entry.kind === 'notification' ? `to ${entry.person}` : entry.person}</span>
            ) : null}
            {entry.detail ? <p className="timeline-detail">{entry.detail}</p> : null}
            {entry.scheduledAt ? (
              <p className="timeline-detail">
                For <ViewerTime iso={entry.scheduledAt} />
              </p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  )
}
