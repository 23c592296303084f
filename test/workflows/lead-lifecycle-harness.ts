import type { TestWorkflowEnvironment } from '@temporalio/testing'
import { Worker } from '@temporalio/worker'
import type {
  ApplyLeadActionInput,
  AssignLeadOwnerInput,
  LeadLifecycleActivities,
  LeadSnapshot,
  NotifyOwnerInput,
  NurtureSendOutcome,
  RescoreResult,
  SendNurtureStepInput,
  StartLeadInput,
} from '../../activities/lead-lifecycle-contract'
import type { LeadWorkflowStateUpdate, WorkflowStateUpdate } from '../../activities/records'
import type { WorkflowHandle } from '@temporalio/client'
import { leadWorkflow } from '../../workflows/lead'
import {
  disqualifyLeadUpdate,
  leadEventSignal,
  leadStatusQuery,
  leadWorkflowId,
  type LeadAtStart,
  type LeadEvent,
  type LeadWorkflowInput,
} from '../../workflows/lead-messages'
import { bundledWorkflows, uniqueTaskQueue } from '../support/temporal'
import { endTestRun } from '../support/run-history'
import { reportingStall } from '../support/stalled-run-report'

/**
 * Typed in-memory stand-ins for the lead workflow's activities: the workflow's own logic (timers, stops, pause,
 * deferrals, alerts) under test, with every call recorded at the workflow time it was made.
 */
export class FakeLead {
  readonly leadId: string
  snapshot: LeadSnapshot
  readonly sends: SendNurtureStepInput[] = []
  readonly notifications: NotifyOwnerInput[] = []
  readonly actions: ApplyLeadActionInput[] = []
  readonly projections: LeadWorkflowStateUpdate[] = []
  readonly retargeting: { voiceSessionId: string; now: string }[] = []
  /** Names of the activities called, in order. */
  readonly calls: string[] = []
  acknowledgements = 0
  /** What the next rescorings return (the last one repeats). */
  scores: Partial<RescoreResult>[] = [{}]
  /** Decides a send's outcome; default: sent. */
  decide: (input: SendNurtureStepInput) => NurtureSendOutcome | undefined = () => undefined

  constructor(leadId: string, snapshot: Partial<LeadSnapshot> = {}) {
    this.leadId = leadId
    this.snapshot = {
      leadId,
      status: 'NEW',
      qualificationStage: 'NONE',
      score: 0,
      ownerId: null,
      source: 'VOICE_AGENT',
      createdAt: new Date().toISOString(),
      nurturePaused: false,
      unsubscribed: false,
      marketingConsent: true,
      hasRoiCalculation: false,
      hasActiveBooking: false,
      endedVoiceSessionIds: [],
      roiCalculationIds: [],
      nurtureTriggers: [],
      sentNurtureSteps: [],
      ...snapshot,
    }
  }

  sentSteps(): string[] {
    return this.sends.filter((send) => this.outcomeOf(send) === 'sent').map((send) => `${send.sequence}/${send.step}`)
  }

  private readonly outcomes = new Map<SendNurtureStepInput, NurtureSendOutcome['outcome']>()
  outcomeOf(send: SendNurtureStepInput) {
    return this.outcomes.get(send)
  }

  /** The lead as a caller that starts its workflow reads it (v6's `atStart`). */
  atStart(): LeadAtStart {
    const { source, createdAt, status, qualificationStage, score, ownerId } = this.snapshot
    return { source, createdAt, status, qualificationStage, score, ownerId }
  }

  activities(): LeadLifecycleActivities & Record<string, (...args: never[]) => Promise<unknown>> {
    const activities: Omit<LeadLifecycleActivities, 'startLead'> &
      Record<string, (...args: never[]) => Promise<unknown>> = {
      recordLeadWorkflowState: async (update: LeadWorkflowStateUpdate) => {
        this.projections.push(update)
      },
      recordWorkflowState: async ({ entity, ...update }: WorkflowStateUpdate) => {
        this.projections.push({ ...update, leadId: entity.id })
      },
      sendLeadAcknowledgement: async () => {
        this.acknowledgements += 1
        return { outboxMessageId: 'ack', sentAt: new Date().toISOString(), alreadySent: false }
      },
      loadLeadSnapshot: async () => ({ ...this.snapshot }),
      assignLeadOwner: async ({ projection }: AssignLeadOwnerInput) => {
        this.calls.push('assignLeadOwner')
        if (projection) this.projections.push({ ...projection, leadId: this.leadId })
        this.snapshot.ownerId ??= 'rep-1'
        return { ownerId: this.snapshot.ownerId }
      },
      rescoreLead: async () => {
        this.calls.push('rescoreLead')
        const next = this.scores.length > 1 ? this.scores.shift()! : this.scores[0]!
        const score = next.score ?? this.snapshot.score
        const result: RescoreResult = {
          score,
          band: score < 40 ? 'cold' : score < 70 ? 'warm' : 'hot',
          factors: [],
          status: this.snapshot.status,
          qualificationStage: this.snapshot.qualificationStage,
          qualificationTrigger: null,
          ...next,
        }
        this.snapshot = {
          ...this.snapshot,
          score,
          status: result.status,
          qualificationStage: result.qualificationStage,
        }
        return result
      },
      sendNurtureStep: async (input) => {
        this.sends.push(input)
        const outcome = this.decide(input) ?? {
          outcome: 'sent' as const,
          outboxMessageId: `${input.sequence}/${input.step}`,
          sentAt: input.now,
          alreadySent: false,
        }
        this.outcomes.set(input, outcome.outcome)
        return outcome
      },
      notifyOwner: async (input) => {
        this.calls.push(`notifyOwner:${input.kind}`)
        this.notifications.push(input as NotifyOwnerInput)
        return { notified: true, recipients: 1 }
      },
      applyLeadAction: async (input) => {
        this.actions.push(input)
        const statusByAction: Partial<Record<ApplyLeadActionInput['action'], LeadSnapshot['status']>> = {
          contacted: 'CONTACTED',
          qualified: 'QUALIFIED',
          disqualified: 'UNQUALIFIED',
        }
        const status = statusByAction[input.action]
        if (status) this.snapshot.status = status
        if (input.action === 'nurture-paused') this.snapshot.nurturePaused = true
        if (input.action === 'nurture-resumed') this.snapshot.nurturePaused = false
      },
      convertLead: async () => {
        this.snapshot.status = 'CONVERTED'
        return { companyId: 'company-1', contactId: 'contact-1', opportunityId: 'opportunity-1' }
      },
      fireRetargetingEvent: async (input: { voiceSessionId: string; now: string }) => {
        this.retargeting.push(input)
        return { fired: true, reason: 'Fired' }
      },
    }
    return {
      ...activities,
      startLead: async ({ leadId, now, projection }: StartLeadInput) => {
        const { ownerId } = await activities.assignLeadOwner({ leadId, now, projection })
        const scoring = await activities.rescoreLead({ leadId, now })
        return { ownerId, scoring, snapshot: await activities.loadLeadSnapshot({ leadId }) }
      },
    }
  }
}

/** A worker of the real workflow bundle with the fake's activities, on a task queue of its own. */
export async function fakeLeadWorker(
  env: TestWorkflowEnvironment,
  fake: FakeLead,
  taskQueue = uniqueTaskQueue('lead-lifecycle'),
  { cacheWorkflows = true }: { cacheWorkflows?: boolean } = {},
) {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities: fake.activities(),
    workflowBundle: await bundledWorkflows(),
    // Without a cache there is no sticky queue: a task left by a stopped worker goes to the next one at once.
    ...(cacheWorkflows ? {} : { maxCachedWorkflows: 0 }),
  })
  return { worker, taskQueue }
}

/**
 * Runs the real lead workflow for the fake lead on its own worker, then ends it (disqualified) so the test
 * server can go on skipping time for the tests after it.
 */
export async function withLeadWorkflow(
  env: TestWorkflowEnvironment,
  fake: FakeLead,
  body: (handle: WorkflowHandle<typeof leadWorkflow>, startedAtMs: number) => Promise<void>,
  input: Omit<LeadWorkflowInput, 'leadId'> = {},
) {
  const { worker, taskQueue } = await fakeLeadWorker(env, fake)
  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start(leadWorkflow, {
      workflowId: leadWorkflowId(fake.leadId),
      taskQueue,
      // v6 by default, as the app starts it: a test of an older start-up passes `atStart: undefined`.
      args: [{ leadId: fake.leadId, atStart: fake.atStart(), ...input }],
    })
    const startedAtMs = await env.currentTimeMs()
    // A run that stalls is described before the test times out, so the failure says where it stood.
    await reportingStall(handle, runBody(handle, startedAtMs))
  })

  async function runBody(handle: WorkflowHandle<typeof leadWorkflow>, startedAtMs: number) {
    try {
      await body(handle, startedAtMs)
    } finally {
      await endLeadRun(handle)
    }
  }
}

/** Ends the run the way a person would (disqualified), on a worker the caller keeps running. */
export function endLeadRun(handle: WorkflowHandle<typeof leadWorkflow>) {
  return endTestRun(handle, () =>
    handle.executeUpdate(disqualifyLeadUpdate, { args: [{ actor: testActor, reason: 'Test over' }] }),
  )
}

export const testActor = { userId: 'manager-1', name: 'Morgan Manager' }

/** Signals an event and waits until the workflow has handled it (rescored, started or stopped sequences). */
export async function signalAndSettle(handle: WorkflowHandle<typeof leadWorkflow>, leadEvent: LeadEvent) {
  await handle.signal(leadEventSignal, leadEvent)
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if ((await handle.query(leadStatusQuery)).pendingEvents === 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`The workflow did not handle ${leadEvent.kind} in time`)
}
