import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { createCrmWorker } from '../../workers/create-worker'
import { taskReminderWorkflow } from '../../workflows/task-reminder'
import {
  taskClosedSignal,
  taskReminderStatusQuery,
  taskRescheduledSignal,
  taskWorkflowId,
} from '../../workflows/task-messages'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import {
  bundledWorkflows,
  createTimeSkippingEnvironment,
  testActivityDependencies,
  uniqueTaskQueue,
} from '../support/temporal'

// A task's reminder with its real activity (the notifications activity on real PostgreSQL, its email through a
// real SMTP server) on Temporal's time-skipping server. A task reminds its owner 15 minutes before it is due
// (decision 0022); the expected instants below are that arithmetic on the due time.

const minute = 60 * 1000
const hour = 60 * minute
const reminderLead = 15 * minute

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase

beforeAll(async () => {
  ;[inbox, database] = await Promise.all([startSmtpInbox(), createTestDatabase()])
})

afterAll(async () => {
  await inbox?.stop()
  await database?.drop()
})

beforeEach(async () => {
  env = await createTimeSkippingEnvironment()
})

afterEach(async () => {
  await env?.teardown()
})

async function createTask(dueInMs: number) {
  const { db } = database
  const owner = await createUser(db, { role: 'SALES_REP', name: 'Riley Rep' })
  const company = await db.company.create({
    data: {
      name: `Bayside HVAC ${randomUUID().slice(0, 8)}`,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      businessModel: 'SERVICE',
      source: 'WEBSITE',
    },
    select: { id: true, name: true },
  })
  const now = await env.currentTimeMs()
  const dueAt = new Date(now + dueInMs)
  const task = await db.activity.create({
    data: {
      type: 'TASK',
      subject: 'Call back about the proposal',
      companyId: company.id,
      scheduledAt: dueAt,
      userId: owner.id,
    },
    select: { id: true },
  })
  return { id: task.id, owner, company, dueAt, startedAtMs: now }
}

async function withReminder(
  task: { id: string; dueAt: Date },
  body: (handle: WorkflowHandle<typeof taskReminderWorkflow>) => Promise<void>,
) {
  const taskQueue = uniqueTaskQueue('task-reminder')
  const worker = await createCrmWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    dependencies: testActivityDependencies({ db: database.db, mail: createSmtpMailDriver(inbox.url) }),
    workflowBundle: await bundledWorkflows(),
  })
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(taskReminderWorkflow, {
      workflowId: taskWorkflowId(task.id),
      taskQueue,
      args: [{ activityId: task.id, dueAt: task.dueAt.toISOString() }],
    })
    await body(handle)
  })
}

/** At the instant, give or take the seconds a workflow task and an activity take on the test server's clock. */
function expectAtAbout(actual: Date, expectedMs: number) {
  expect(actual.getTime()).toBeGreaterThanOrEqual(expectedMs - 5_000)
  expect(actual.getTime()).toBeLessThan(expectedMs + 5_000)
}

const notificationsOf = (userId: string) =>
  database.db.notification.findMany({
    where: { userId },
    select: { kind: true, title: true, body: true, link: true, createdAt: true },
  })

describe('a task reminds its owner (decision 0022)', () => {
  it('reminds the owner once, 15 minutes before the due time, linking to the record the task is on', async () => {
    const task = await createTask(2 * hour)
    await withReminder(task, async (handle) => {
      expect(await handle.result()).toEqual({ reminded: true, reason: 'Reminded' })
    })
    const notifications = await notificationsOf(task.owner.id)
    expect(notifications).toHaveLength(1)
    expect(notifications[0]).toMatchObject({
      kind: 'TASK_DUE',
      title: 'Task due: Call back about the proposal',
      link: `/companies/${task.company.id}`,
    })
    expect(notifications[0]!.body).toContain(`On ${task.company.name}`)
    expectAtAbout(notifications[0]!.createdAt, task.dueAt.getTime() - reminderLead)
    expect(inbox.to(task.owner.email).map((mail) => mail.subject)).toEqual([
      '[Durable CRM] Task due: Call back about the proposal',
    ])
  })

  it('moves the reminder with the due time', async () => {
    const task = await createTask(2 * hour)
    const movedTo = new Date(task.dueAt.getTime() + 3 * hour)
    await withReminder(task, async (handle) => {
      await env.sleep(30 * minute)
      await database.db.activity.update({ where: { id: task.id }, data: { scheduledAt: movedTo } })
      await handle.signal(taskRescheduledSignal, { dueAt: movedTo.toISOString() })
      expect(await handle.query(taskReminderStatusQuery)).toMatchObject({
        dueAt: movedTo.toISOString(),
        remindsAt: new Date(movedTo.getTime() - reminderLead).toISOString(),
        closed: null,
      })
      expect(await handle.result()).toEqual({ reminded: true, reason: 'Reminded' })
    })
    const notifications = await notificationsOf(task.owner.id)
    expect(notifications).toHaveLength(1)
    expectAtAbout(notifications[0]!.createdAt, movedTo.getTime() - reminderLead)
  })

  it('ends without reminding when the task is completed before it is due', async () => {
    const task = await createTask(2 * hour)
    await withReminder(task, async (handle) => {
      await env.sleep(30 * minute)
      await database.db.activity.update({ where: { id: task.id }, data: { completedAt: new Date() } })
      await handle.signal(taskClosedSignal, { reason: 'completed' })
      expect(await handle.result()).toEqual({ reminded: false, reason: 'Task completed' })
    })
    expect(await notificationsOf(task.owner.id)).toEqual([])
  })

  it('ends without reminding when the task is deleted', async () => {
    const task = await createTask(2 * hour)
    await withReminder(task, async (handle) => {
      await env.sleep(10 * minute)
      await database.db.activity.delete({ where: { id: task.id } })
      await handle.signal(taskClosedSignal, { reason: 'deleted' })
      expect(await handle.result()).toEqual({ reminded: false, reason: 'Task deleted' })
    })
    expect(await notificationsOf(task.owner.id)).toEqual([])
  })

  it('reminds at once for a task logged already overdue', async () => {
    const task = await createTask(-1 * hour)
    await withReminder(task, async (handle) => {
      expect(await handle.result()).toEqual({ reminded: true, reason: 'Reminded' })
    })
    const [notification] = await notificationsOf(task.owner.id)
    // At once: within a minute of the start on the test server's clock, not an hour later or never.
    expect(notification!.createdAt.getTime() - task.startedAtMs).toBeGreaterThanOrEqual(0)
    expect(notification!.createdAt.getTime() - task.startedAtMs).toBeLessThan(minute)
  })

  it('stays silent for a task completed in the database whose signal never arrived', async () => {
    const task = await createTask(2 * hour)
    await database.db.activity.update({ where: { id: task.id }, data: { completedAt: new Date() } })
    await withReminder(task, async (handle) => {
      expect(await handle.result()).toEqual({ reminded: false, reason: 'Task no longer open' })
    })
    expect(await notificationsOf(task.owner.id)).toEqual([])
  })
})
