import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { unreadNotificationCount } from '../../app/notifications.server'
import { action, loader } from '../../app/routes/notifications'
import type { NotificationKind } from '../../prisma/generated/enums'
import { createUser, type TestUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { pageContextFor } from '../support/page-context'
import { createDealWithPartnership } from '../support/deal-records'

// The notifications page's loader and action against a real PostgreSQL: only your own, newest first, per-item
// and "mark all" read, and the unread count the top bar shows.

let database: TestDatabase
let rep: TestUser
let otherRep: TestUser
let leadId: string

beforeAll(async () => {
  database = await createTestDatabase()
  rep = await createUser(database.db, { role: 'SALES_REP', name: 'Ana Rep' })
  otherRep = await createUser(database.db, { role: 'SALES_REP', name: 'Bo Rep' })
  leadId = (
    await database.db.lead.create({
      data: {
        email: 'rosa@northwind.example',
        firstName: 'Rosa',
        lastName: 'Diaz',
        source: 'VOICE_AGENT',
        assignedToId: rep.id,
      },
      select: { id: true },
    })
  ).id
})

beforeEach(async () => {
  await database.db.notification.deleteMany({})
})

afterAll(async () => {
  await database?.drop()
})

const contextFor = (user: TestUser) => pageContextFor(database, user)

async function notify(
  user: TestUser,
  key: string,
  kind: NotificationKind,
  createdAt: string,
  readAt: string | null = null,
) {
  return database.db.notification.create({
    data: {
      idempotencyKey: `${key}:${user.id}`,
      userId: user.id,
      leadId,
      kind,
      title: `${kind} ${key}`,
      body: `About Rosa Diaz (${key})`,
      link: `http://localhost:3000/leads/${leadId}`,
      createdAt: new Date(createdAt),
      readAt: readAt ? new Date(readAt) : null,
    },
    select: { id: true },
  })
}

function post(user: TestUser, fields: Record<string, string>) {
  return action({
    request: new Request('http://crm.test/notifications', { method: 'POST', body: new URLSearchParams(fields) }),
    context: contextFor(user),
    params: {},
  }).catch((thrown: unknown) => thrown as Response)
}

async function page(user: TestUser, search = '') {
  return loader({
    request: new Request(`http://crm.test/notifications${search}`),
    context: contextFor(user),
    params: {},
  })
}

describe('notifications page', () => {
  it('links each notification to its record: a lead, a deal or a partnership', async () => {
    const { deal, partnership } = await createDealWithPartnership(database.db, {
      startDate: new Date('2026-11-20T10:00:00Z'),
      targetEndDate: new Date('2027-02-12T10:00:00Z'),
    })
    await notify(rep, 'lead', 'LEAD_ASSIGNED', '2026-11-20T10:00:00Z')
    const about = (
      key: string,
      kind: NotificationKind,
      record: { opportunityId: string } | { partnershipId: string },
    ) =>
      database.db.notification.create({
        data: { idempotencyKey: `${key}:${rep.id}`, userId: rep.id, kind, title: key, body: key, ...record },
      })
    await about('deal', 'DEAL_ASSIGNED', { opportunityId: deal.id })
    await about('partnership', 'PARTNERSHIP_ASSIGNED', { partnershipId: partnership.id })

    const { notifications } = await page(rep)

    expect(Object.fromEntries(notifications.map((notification) => [notification.kind, notification.record]))).toEqual({
      LEAD_ASSIGNED: { href: `/leads/${leadId}`, label: 'Open Rosa Diaz' },
      DEAL_ASSIGNED: { href: `/opportunities/${deal.id}`, label: 'Open the deal Northwind — Foundation' },
      PARTNERSHIP_ASSIGNED: {
        href: `/partnerships/${partnership.id}`,
        label: 'Open the partnership with Northwind Plumbing',
      },
    })
  })

  it('lists only the signed-in person’s notifications, newest first, with the lead and what is unread', async () => {
    await notify(rep, 'a', 'LEAD_ASSIGNED', '2026-11-20T10:00:00Z', '2026-11-20T11:00:00Z')
    await notify(rep, 'b', 'LEAD_HIGH_SCORE', '2026-11-21T10:00:00Z')
    await notify(rep, 'c', 'LEAD_QUALIFIED', '2026-11-22T10:00:00Z')
    await notify(otherRep, 'd', 'LEAD_ASSIGNED', '2026-11-22T12:00:00Z')

    const { notifications, unread } = await page(rep)

    expect(notifications.map((notification) => notification.title)).toEqual([
      'LEAD_QUALIFIED c',
      'LEAD_HIGH_SCORE b',
      'LEAD_ASSIGNED a',
    ])
    expect(notifications.map((notification) => notification.readAt === null)).toEqual([true, true, false])
    expect(notifications[0]?.record).toEqual({ href: `/leads/${leadId}`, label: 'Open Rosa Diaz' })
    expect(unread).toBe(2)
    expect(await unreadNotificationCount(database.db, rep.id)).toBe(2)
    expect(await unreadNotificationCount(database.db, otherRep.id)).toBe(1)
  })

  it('marks one notification read, keeps the first read time on a repeat, and answers 404 for someone else’s', async () => {
    const mine = await notify(rep, 'e', 'LEAD_NEW_OVERDUE', '2026-11-22T09:00:00Z')
    const theirs = await notify(otherRep, 'f', 'LEAD_ASSIGNED', '2026-11-22T09:00:00Z')

    const response = await post(rep, { intent: 'read', notificationId: mine.id })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/notifications')
    const firstRead = await database.db.notification.findUniqueOrThrow({
      where: { id: mine.id },
      select: { readAt: true },
    })
    expect(firstRead.readAt).toBeInstanceOf(Date)

    await post(rep, { intent: 'read', notificationId: mine.id })
    const again = await database.db.notification.findUniqueOrThrow({ where: { id: mine.id }, select: { readAt: true } })
    expect(again.readAt).toEqual(firstRead.readAt)

    const refused = await post(rep, { intent: 'read', notificationId: theirs.id })
    expect(refused.status).toBe(404)
    const untouched = await database.db.notification.findUniqueOrThrow({
      where: { id: theirs.id },
      select: { readAt: true },
    })
    expect(untouched.readAt).toBeNull()
    expect((await post(rep, { intent: 'read', notificationId: 'no-such-notification' })).status).toBe(404)
  })

  it('marks all of the person’s unread notifications read, and only theirs', async () => {
    await notify(rep, 'g', 'LEAD_ASSIGNED', '2026-11-22T09:00:00Z')
    await notify(rep, 'h', 'LEAD_HIGH_SCORE', '2026-11-22T09:05:00Z')
    await notify(rep, 'i', 'LEAD_QUALIFIED', '2026-11-22T09:10:00Z', '2026-11-22T09:11:00Z')
    await notify(otherRep, 'j', 'LEAD_ASSIGNED', '2026-11-22T09:00:00Z')

    const response = await post(rep, { intent: 'read-all' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(
      `/notifications?notice=${encodeURIComponent('Marked 2 notifications read.')}`,
    )
    expect(await unreadNotificationCount(database.db, rep.id)).toBe(0)
    expect(await unreadNotificationCount(database.db, otherRep.id)).toBe(1)
    const earlier = await database.db.notification.findFirstOrThrow({
      where: { title: 'LEAD_QUALIFIED i' },
      select: { readAt: true },
    })
    expect(earlier.readAt).toEqual(new Date('2026-11-22T09:11:00Z'))

    const { notice, unread } = await page(rep, `?notice=${encodeURIComponent('Marked 2 notifications read.')}`)
    expect(unread).toBe(0)
    expect(notice).toBe('Marked 2 notifications read.')
    const second = await post(rep, { intent: 'read-all' })
    expect(second.headers.get('location')).toBe(`/notifications?notice=${encodeURIComponent('Nothing was unread.')}`)
  })

  it('refuses an unknown action and sends a signed-out visitor to sign in', async () => {
    expect((await post(rep, { intent: 'delete-everything' })).status).toBe(400)
    const outcome = await loader({
      request: new Request('http://crm.test/notifications'),
      context: { ...contextFor(rep), actor: undefined },
      params: {},
    }).catch((thrown: unknown) => thrown as Response)
    expect((outcome as Response).headers.get('location')).toBe('/sign-in?redirectTo=%2Fnotifications')
  })
})
