// The lead's timeline: its activity rows (emails, sessions, calculations, meetings, status changes) and the alerts
// people got about it, as one list, newest first.

export type TimelineKind =
  'email' | 'voice-session' | 'roi-calculation' | 'meeting' | 'call' | 'note' | 'task' | 'system' | 'notification'

export interface TimelineActivityRow {
  id: string
  type: 'CALL' | 'EMAIL' | 'MEETING' | 'VOICE_SESSION' | 'ROI_CALCULATION' | 'NOTE' | 'TASK' | 'SYSTEM_EVENT'
  channel: string | null
  direction: 'INBOUND' | 'OUTBOUND' | null
  subject: string
  description: string | null
  outcome: string | null
  scheduledAt: Date | null
  completedAt: Date | null
  createdAt: Date
  user: { name: string } | null
}

export interface TimelineNotificationRow {
  id: string
  kind: string
  title: string
  body: string
  readAt: Date | null
  createdAt: Date
  user: { name: string }
}

export interface TimelineEntry {
  id: string
  kind: TimelineKind
  /** When it happened (ISO). */
  at: string
  title: string
  detail: string | null
  direction: 'inbound' | 'outbound' | null
  /** The person who did it, or who was alerted. */
  person: string | null
  /** A meeting's time, when it is not when the entry happened. */
  scheduledAt: string | null
}

const kindOfActivity: Record<TimelineActivityRow['type'], TimelineKind> = {
  CALL: 'call',
  EMAIL: 'email',
  MEETING: 'meeting',
  VOICE_SESSION: 'voice-session',
  ROI_CALCULATION: 'roi-calculation',
  NOTE: 'note',
  TASK: 'task',
  SYSTEM_EVENT: 'system',
}

function fromActivity(row: TimelineActivityRow): TimelineEntry {
  const detail = [row.description, row.outcome].filter((text): text is string => Boolean(text)).join(' — ')
  return {
    id: `activity:${row.id}`,
    kind: kindOfActivity[row.type],
    // An email is on the timeline when it went out; a meeting when it was booked (its time is shown apart).
    at: (row.type === 'MEETING' ? row.createdAt : (row.completedAt ?? row.createdAt)).toISOString(),
    title: row.subject,
    detail: detail || null,
    direction: row.direction ? (row.direction === 'INBOUND' ? 'inbound' : 'outbound') : null,
    person: row.user?.name ?? null,
    scheduledAt: row.type === 'MEETING' || row.type === 'TASK' ? (row.scheduledAt?.toISOString() ?? null) : null,
  }
}

function fromNotification(row: TimelineNotificationRow): TimelineEntry {
  return {
    id: `notification:${row.id}`,
    kind: 'notification',
    at: row.createdAt.toISOString(),
    title: row.title,
    detail: row.body,
    direction: null,
    person: row.user.name,
    scheduledAt: null,
  }
}

/** Both sources merged newest first (ties: the later id first, so the order is stable), at most `limit`. */
export function buildLeadTimeline(
  activities: TimelineActivityRow[],
  notifications: TimelineNotificationRow[],
  limit: number,
): TimelineEntry[] {
  return [...activities.map(fromActivity), ...notifications.map(fromNotification)]
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
    .slice(0, limit)
}
