import { writeFileSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import type { WorkflowHandle } from '@temporalio/client'
import type { TestWorkflowEnvironment } from '@temporalio/testing'
import type { leadWorkflow } from '../../workflows/lead'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  leadEventSignal,
  leadStatusQuery,
  leadWorkflowId,
  markContactedUpdate,
  qualifyLeadUpdate,
} from '../../workflows/lead-messages'
import { createTimeSkippingEnvironment } from '../support/temporal'
import { FakeLead, testActor, withLeadWorkflow } from './lead-lifecycle-harness'

// Records the history of a typical lead with the current workflow code into test/workflows/histories/, the way
// the replay test's histories were made. Run only on purpose, when a new workflow version is introduced:
//   RECORD_LEAD_HISTORY=lead-workflow-v4.json npx vitest run test/workflows/lead-history-recording.test.ts
const target = process.env.RECORD_LEAD_HISTORY

const minute = 60_000
const hour = 60 * minute

let env: TestWorkflowEnvironment

beforeAll(async () => {
  if (target) env = await createTimeSkippingEnvironment()
})

afterAll(async () => {
  await env?.teardown()
})

async function settled(handle: WorkflowHandle<typeof leadWorkflow>) {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    if ((await handle.query(leadStatusQuery)).pendingEvents === 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('recording a lead history', () => {
  it.runIf(target)('a typical lead: captured, assigned, scored, booked, contacted, qualified, closed', async () => {
    const fake = new FakeLead(`lead-${randomUUID()}`, {
      source: 'WEBSITE',
      createdAt: new Date(await env.currentTimeMs()).toISOString(),
    })
    fake.scores = [
      { score: 45 },
      { score: 85, qualificationStage: 'MQL', qualificationTrigger: 'Lead score > 70 → MQL' },
    ]
    await withLeadWorkflow(env, fake, async (handle) => {
      await env.sleep(minute)
      await settled(handle)
      await handle.signal(leadEventSignal, {
        eventId: 'recording:booking-1',
        kind: 'booking.created',
        occurredAt: new Date(await env.currentTimeMs()).toISOString(),
        refId: 'booking-1',
      })
      await settled(handle)
      await handle.executeUpdate(markContactedUpdate, { args: [{ actor: testActor }] })
      await env.sleep(hour)
      await handle.executeUpdate(qualifyLeadUpdate, { args: [{ actor: testActor }] })
      await env.sleep(minute)
    })
    const history = await env.client.workflow.getHandle(leadWorkflowId(fake.leadId)).fetchHistory()
    expect(history.events?.length).toBeGreaterThan(5)
    console.info(`${target}: ${history.events?.length} history events`)
    writeFileSync(new URL(`./histories/${target}`, import.meta.url), JSON.stringify(history, null, 2) + '\n')
  })
})
