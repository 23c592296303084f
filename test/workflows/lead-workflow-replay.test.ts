import { Worker } from '@temporalio/worker'
import { describe, expect, it } from 'vitest'
import { recordedHistory } from '../support/recorded-history'
import { bundledWorkflows } from '../support/temporal'

// Histories recorded from real runs of each version of the lead workflow. Today's code must replay every one
// of them exactly, or runs that are in flight when a new version is deployed would fail.
//   v1: acknowledge and complete (before the lifecycle patch).
//   v2: the lifecycle — voice session, nurture steps, contacted, qualified, converted.
//   v3: late start — assigned, scored (MQL, above 80) and alerted from the activities' "now" answers, booked,
//       contacted, qualified, disqualified (test/workflows/lead-history-recording.test.ts made v3 and v4).
//   v4: the same lead, with alerts decided in the workflow and unchanged projections not rewritten.
//   v5: the same lead with the fast start-up (lead-fast-start-v5 only): local activities read and score, the
//       acknowledgement and the assignment leave together.
//   v6: the same lead started with `atStart` (lead-start-v6 only): one local activity assigns, scores and reads,
//       alerts compare with `atStart`, one upsert for stage, owner and band.
//   v7: the same lead (lead-start-v7 only): the start-up's local activity also writes the plan expected from
//       `atStart`, so no second local activity writes it.
const recordedHistories = [
  'lead-workflow-v1.json',
  'lead-workflow-v2.json',
  'lead-workflow-v3.json',
  'lead-workflow-v4.json',
  'lead-workflow-v5.json',
  'lead-workflow-v6.json',
  'lead-workflow-v7.json',
]

describe('lead workflow replay', () => {
  it.each(recordedHistories)('replays %s with the current code', async (name) => {
    const history = recordedHistory(name)
    expect(history.events?.length).toBeGreaterThan(5)
    await Worker.runReplayHistory({ workflowBundle: await bundledWorkflows() }, history, `replay-${name}`)
  })

  it('recorded each version with the patch markers of its time', () => {
    const markers = (name: string) =>
      (recordedHistory(name).events ?? []).filter(
        (event) => event.markerRecordedEventAttributes?.markerName === 'core_patch',
      )
    expect(markers('lead-workflow-v1.json')).toHaveLength(0)
    expect(markers('lead-workflow-v2.json')).toHaveLength(1)
    expect(markers('lead-workflow-v3.json')).toHaveLength(2)
    expect(markers('lead-workflow-v4.json')).toHaveLength(3)
    // v5 implies every earlier patch and asks only its own.
    expect(markers('lead-workflow-v5.json')).toHaveLength(1)
    expect(markers('lead-workflow-v6.json')).toHaveLength(1)
    expect(markers('lead-workflow-v7.json')).toHaveLength(1)
    const patchIds = (name: string) =>
      markers(name).map((event) => {
        const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data
        return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : null
      })
    expect(patchIds('lead-workflow-v5.json')).toEqual(['lead-fast-start-v5'])
    expect(patchIds('lead-workflow-v6.json')).toEqual(['lead-start-v6'])
    expect(patchIds('lead-workflow-v7.json')).toEqual(['lead-start-v7'])
  })
})
