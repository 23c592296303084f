import { describe, expect, it } from 'vitest'
import { buildLeadTimeline, type TimelineActivityRow, type TimelineNotificationRow } from './lead-timeline'

const activity = (id: string, fields: Partial<TimelineActivityRow>): TimelineActivityRow => ({
  id,
  type: 'SYSTEM_EVENT',
  channel: null,
  direction: null,
  subject: id,
  description: null,
  outcome: null,
  scheduledAt: null,
  completedAt: null,
  createdAt: new Date('2026-11-20T10:00:00Z'),
  user: null,
  ...fields,
})

const notification = (id: string, createdAt: string): TimelineNotificationRow => ({
  id,
  kind: 'LEAD_HIGH_SCORE',
  title: 'High-value lead',
  body: 'Score 85',
  readAt: null,
  createdAt: new Date(createdAt),
  user: { name: 'Morgan Lee' },
})

describe('buildLeadTimeline', () => {
  it('merges activities and alerts newest first, each in its own words', () => {
    const entries = buildLeadTimeline(
      [
        activity('email', {
          type: 'EMAIL',
          direction: 'OUTBOUND',
          subject: 'Your ROI report',
          description: 'Nurture step report',
          createdAt: new Date('2026-11-20T09:00:00Z'),
          completedAt: new Date('2026-11-20T09:00:05Z'),
        }),
        activity('status', {
          subject: 'Marked contacted',
          user: { name: 'Sam Rep' },
          createdAt: new Date('2026-11-20T11:00:00Z'),
        }),
        activity('meeting', {
          type: 'MEETING',
          direction: 'INBOUND',
          subject: 'Discovery call',
          outcome: 'scheduled',
          createdAt: new Date('2026-11-20T08:00:00Z'),
          scheduledAt: new Date('2026-11-25T15:00:00Z'),
        }),
      ],
      [notification('n1', '2026-11-20T10:30:00Z')],
      10,
    )
    expect(entries.map((entry) => entry.id)).toEqual([
      'activity:status',
      'notification:n1',
      'activity:email',
      'activity:meeting',
    ])
    expect(entries[0]).toMatchObject({ kind: 'system', title: 'Marked contacted', person: 'Sam Rep', direction: null })
    expect(entries[1]).toMatchObject({
      kind: 'notification',
      title: 'High-value lead',
      detail: 'Score 85',
      person: 'Morgan Lee',
    })
    expect(entries[2]).toMatchObject({
      kind: 'email',
      at: '2026-11-20T09:00:05.000Z',
      direction: 'outbound',
      detail: 'Nurture step report',
    })
    expect(entries[3]).toMatchObject({
      kind: 'meeting',
      at: '2026-11-20T08:00:00.000Z',
      scheduledAt: '2026-11-25T15:00:00.000Z',
      detail: 'scheduled',
      direction: 'inbound',
    })
  })

  it('keeps at most `limit` entries, the newest, in a stable order for equal times', () => {
    const same = new Date('2026-11-20T10:00:00Z')
    const entries = buildLeadTimeline(
      [
        activity('a', { createdAt: same }),
        activity('c', { createdAt: same }),
        activity('old', { createdAt: new Date('2026-01-01T00:00:00Z') }),
      ],
      [notification('b', same.toISOString())],
      3,
    )
    expect(entries.map((entry) => entry.id)).toEqual(['notification:b', 'activity:c', 'activity:a'])
  })
})
