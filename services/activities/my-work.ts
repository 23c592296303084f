import { dayAround, taskStanding } from '../../domain/activities/task-policy'
import type { Database } from '../../lib/db'

// The "My work" page's data: the signed-in person's open tasks due before today ends, each with the record it is on.

export const myWorkTaskLimit = 200

export interface MyWorkTask {
  id: string
  subject: string
  description: string | null
  dueAt: string
  /** The record's page and name. */
  record: { kind: 'lead' | 'deal' | 'company' | 'contact'; path: string; name: string } | null
}

export interface MyWork {
  today: { start: string; end: string; timeZone: string }
  overdue: MyWorkTask[]
  dueToday: MyWorkTask[]
  /** True when more open tasks are due than the page lists (the oldest are shown first). */
  truncated: boolean
}

export async function loadMyWork(db: Database, userId: string, now: Date, timeZone: string): Promise<MyWork> {
  const today = dayAround(now, timeZone)
  const rows = await db.activity.findMany({
    where: { userId, type: 'TASK', completedAt: null, scheduledAt: { lt: today.end } },
    select: {
      id: true,
      subject: true,
      description: true,
      scheduledAt: true,
      leadId: true,
      opportunityId: true,
      companyId: true,
      contactId: true,
      lead: { select: { email: true, firstName: true, lastName: true, companyName: true } },
      opportunity: { select: { name: true } },
      company: { select: { name: true } },
      contact: { select: { firstName: true, lastName: true } },
    },
    orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }],
    take: myWorkTaskLimit + 1,
  })
  const overdue: MyWorkTask[] = []
  const dueToday: MyWorkTask[] = []
  for (const row of rows.slice(0, myWorkTaskLimit)) {
    const dueAt = row.scheduledAt!
    const record = row.lead
      ? {
          kind: 'lead' as const,
          path: `/leads/${row.leadId}`,
          name:
            [row.lead.firstName, row.lead.lastName].filter(Boolean).join(' ') ||
            row.lead.email + (row.lead.companyName ? ` (${row.lead.companyName})` : ''),
        }
      : row.opportunity
        ? { kind: 'deal' as const, path: `/opportunities/${row.opportunityId}`, name: row.opportunity.name }
        : row.company
          ? { kind: 'company' as const, path: `/companies/${row.companyId}`, name: row.company.name }
          : row.contact
            ? {
                kind: 'contact' as const,
                path: `/contacts/${row.contactId}`,
                name: `${row.contact.firstName} ${row.contact.lastName}`,
              }
            : null
    const task = { id: row.id, subject: row.subject, description: row.description, dueAt: dueAt.toISOString(), record }
    if (taskStanding({ dueAt, completedAt: null }, now, today) === 'overdue') overdue.push(task)
    else dueToday.push(task)
  }
  return {
    today: { start: today.start.toISOString(), end: today.end.toISOString(), timeZone },
    overdue,
    dueToday,
    truncated: rows.length > myWorkTaskLimit,
  }
}
