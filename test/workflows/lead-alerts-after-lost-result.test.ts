import type { temporal } from '@temporalio/proto'
import { randomUUID } from 'node:crypto'
import { ApplicationFailure, Context } from '@temporalio/activity'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createActivities } from '../../activities'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { leadWorkflow } from '../../workflows/lead'
import { disqualifyLeadUpdate, leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { createUser } from '../support/actors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox'
import {
  bundledWorkflows,
  createTimeSkippingEnvironment,
  testActivityDependencies,
  uniqueTaskQueue,
} from '../support/temporal'

// The worker dies after an activity committed but before Temporal recorded its result: the retry finds the work
// done. The owner must still be alerted, exactly once (found by killing workers under load: 3 of 240 leads).

let env: TestWorkflowEnvironment
let inbox: SmtpInbox
let database: TestDatabase

beforeAll(async () => {
  ;[env, inbox, database] = await Promise.all([createTimeSkippingEnvironment(), startSmtpInbox(), createTestDatabase()])
})

afterAll(async () => {
  await env?.teardown()
  await inbox?.stop()
  await database?.drop()
})

const actor = { userId: null, name: 'Lost result test' }

/** The real activity, whose first attempt commits and then fails as if the worker died before reporting. */
function commitsThenLosesItsFirstResult<Input, Output>(activity: (input: Input) => Promise<Output>) {
  return async (input: Input): Promise<Output> => {
    const result = await activity(input)
    if (Context.current().info.attempt === 1) {
      throw ApplicationFailure.retryable('The worker died before Temporal recorded the result', 'WorkerLost')
    }
    return result
  }
}

/** The attempt a local activity's marker records (0 for any other event). */
function localActivityAttempt(event: temporal.api.history.v1.IHistoryEvent): number {
  const marker = event.markerRecordedEventAttributes
  const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { attempt: number }).attempt : 0
}

/** A voice lead whose first score is 76 (> 70 → MQL): industry 20 + employees 15 + voice 20 + ROI 15 + session 6. */
async function engagedLead() {
  const lead = await database.db.lead.create({
    data: {
      email: `lead-${randomUUID()}@example.com`,
      firstName: 'Robin',
      source: 'VOICE_AGENT',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      createdAt: new Date(await env.currentTimeMs()),
    },
    select: { id: true },
  })
  await database.db.voiceSession.create({
    data: {
      leadId: lead.id,
      externalSessionId: `session-${lead.id}`,
      startTime: new Date(await env.currentTimeMs()),
      duration: 240,
      totalQuestions: 6,
      intents: ['PRICING_INQUIRY'],
    },
  })
  await database.db.rOICalculation.create({
    data: {
      leadId: lead.id,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      hourlyRate: 40,
      weeklyAdminHours: 20,
      calculations: {},
      reportRequested: true,
    },
  })
  return lead
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('alerts when an activity committed but its result was lost', () => {
  it('alerts the new owner of the assignment and of the qualification, once each', async () => {
    const rep = await createUser(database.db, { role: 'SALES_REP' })
    const lead = await engagedLead()
    const real = createActivities(testActivityDependencies({ db: database.db, mail: createSmtpMailDriver(inbox.url) }))
    const taskQueue = uniqueTaskQueue('lost-result')
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: {
        ...real,
        assignLeadOwner: commitsThenLosesItsFirstResult(real.assignLeadOwner),
        rescoreLead: commitsThenLosesItsFirstResult(real.rescoreLead),
      },
      workflowBundle: await bundledWorkflows(),
    })

    await worker.runUntil(async () => {
      const handle: WorkflowHandle<typeof leadWorkflow> = await env.client.workflow.start(leadWorkflow, {
        workflowId: leadWorkflowId(lead.id),
        taskQueue,
        args: [{ leadId: lead.id }],
      })
      try {
        await until(
          () => handle.query(leadStatusQuery),
          (status) => status.pendingEvents === 0,
        )
        const notifications = await until(
          () =>
            database.db.notification.findMany({
              where: { leadId: lead.id },
              select: { userId: true, kind: true },
              orderBy: { kind: 'asc' },
            }),
          (rows) => rows.length >= 2,
        )
        expect(notifications).toEqual([
          { userId: rep.id, kind: 'LEAD_ASSIGNED' },
          { userId: rep.id, kind: 'LEAD_QUALIFIED' },
        ])
        const alertEmails = await until(
          async () => inbox.received.filter((email) => email.envelopeTo.includes(rep.email)),
          (emails) => emails.length >= 2,
        )
        expect(alertEmails).toHaveLength(2)
        // Both first attempts really committed: the retries found the owner and the stage already there. The
        // assignment is an activity (its attempt is on its started event); the scoring a local activity (on its
        // marker).
        const history = await handle.fetchHistory()
        const retried = (history.events ?? []).filter(
          (event) => (event.activityTaskStartedEventAttributes?.attempt ?? 0) > 1 || localActivityAttempt(event) > 1,
        )
        expect(retried.length).toBeGreaterThanOrEqual(2)
      } finally {
        await handle
          .executeUpdate(disqualifyLeadUpdate, { args: [{ actor, reason: 'Test over' }] })
          .catch(() => undefined)
        await until(
          async () => (await handle.describe()).status.name,
          (name) => name !== 'RUNNING',
        )
      }
    })
  })
})
