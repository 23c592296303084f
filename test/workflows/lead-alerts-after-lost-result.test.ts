import type { temporal } from '@temporalio/proto'
import { ApplicationFailure, Context } from '@temporalio/activity'
import type { WorkflowHandle } from '@temporalio/client'
import { Worker } from '@temporalio/worker'
import { describe, expect, it } from 'vitest'
import { createActivities } from '../../activities'
import { createSmtpMailDriver } from '../../lib/mail-driver'
import { leadWorkflow } from '../../workflows/lead'
import { disqualifyLeadUpdate, leadStatusQuery, leadWorkflowId } from '../../workflows/lead-messages'
import { leadWorkflowOf, leadWorkflowTargetSelect } from '../../services/leads/lead-workflow'
import { createUser } from '../support/actors'
import { createEngagedLead } from '../support/engaged-lead'
import { bundledWorkflows, testActivityDependencies, uniqueTaskQueue } from '../support/temporal'
import { useTestServices } from '../support/test-services'

// The worker dies after an activity committed but before Temporal recorded its result: the retry finds the work
// done. The owner must still be alerted, exactly once (found by killing workers under load: 3 of 240 leads).

const services = useTestServices()

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

/** A voice lead whose first score is 76 (> 70 → MQL), made at the test server's time. */
async function engagedLead() {
  const at = new Date(await services.env.currentTimeMs())
  return createEngagedLead(services.database.db, { firstName: 'Robin', createdAt: at, sessionAt: at })
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

// v5 reads the lead, then assigns (an activity) and scores (a local activity); v6 does all three in one local
// activity and compares with the lead its starter read (`atStart`).
const startUps = [
  { name: 'v5 (no atStart)', v6: false },
  { name: 'v6 (atStart)', v6: true },
]

describe('alerts when an activity committed but its result was lost', () => {
  it.each(startUps)(
    'alerts the new owner of the assignment and of the qualification, once each: $name',
    async ({ v6 }) => {
      const rep = await createUser(services.database.db, { role: 'SALES_REP' })
      const lead = await engagedLead()
      const row = await services.database.db.lead.findUniqueOrThrow({
        where: { id: lead.id },
        select: leadWorkflowTargetSelect,
      })
      const [input] = leadWorkflowOf(row).args
      expect(input.atStart).toMatchObject({ ownerId: null, score: 0, qualificationStage: 'NONE' })
      const real = createActivities(
        testActivityDependencies({ db: services.database.db, mail: createSmtpMailDriver(services.inbox.url) }),
      )
      const taskQueue = uniqueTaskQueue('lost-result')
      const worker = await Worker.create({
        connection: services.env.nativeConnection,
        namespace: services.env.namespace ?? 'default',
        taskQueue,
        activities: {
          ...real,
          assignLeadOwner: commitsThenLosesItsFirstResult(real.assignLeadOwner),
          rescoreLead: commitsThenLosesItsFirstResult(real.rescoreLead),
          startLead: commitsThenLosesItsFirstResult(real.startLead),
        },
        workflowBundle: await bundledWorkflows(),
      })

      await worker.runUntil(async () => {
        const handle: WorkflowHandle<typeof leadWorkflow> = await services.env.client.workflow.start(leadWorkflow, {
          workflowId: leadWorkflowId(lead.id),
          taskQueue,
          args: [v6 ? input : { leadId: lead.id }],
        })
        try {
          await until(
            () => handle.query(leadStatusQuery),
            (status) => status.pendingEvents === 0,
          )
          const notifications = await until(
            () =>
              services.database.db.notification.findMany({
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
            async () => services.inbox.received.filter((email) => email.envelopeTo.includes(rep.email)),
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
          expect(retried.length).toBeGreaterThanOrEqual(v6 ? 1 : 2)
          const scheduled = (history.events ?? []).flatMap(
            (event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? [],
          )
          // v6 assigns in its start-up's local activity, v5 in an activity of its own.
          expect(scheduled.includes('assignLeadOwner')).toBe(!v6)
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
    },
  )
})
