import { readFileSync } from 'node:fs'
import { temporal } from '@temporalio/proto'
import { Worker } from '@temporalio/worker'
import { describe, expect, it } from 'vitest'
import { bundledWorkflows } from '../support/temporal'

// Histories recorded from real runs of each version of the lead workflow. Today's code must replay every one
// of them exactly, or runs that are in flight when a new version is deployed would fail.
//   v1: acknowledge and complete (before the lifecycle patch).
//   v2: the lifecycle — voice session, nurture steps, contacted, qualified, converted.
const recordedHistories = ['lead-workflow-v1.json', 'lead-workflow-v2.json']

/** A history as `WorkflowHandle.fetchHistory()` returned it, written with JSON.stringify. */
function recorded(name: string) {
  const json: unknown = JSON.parse(readFileSync(new URL(`./histories/${name}`, import.meta.url), 'utf8'))
  return temporal.api.history.v1.History.fromObject(json as Record<string, unknown>)
}

describe('lead workflow replay', () => {
  it.each(recordedHistories)('replays %s with the current code', async (name) => {
    const history = recorded(name)
    expect(history.events?.length).toBeGreaterThan(5)
    await Worker.runReplayHistory({ workflowBundle: await bundledWorkflows() }, history, `replay-${name}`)
  })

  it('recorded v1 without the lifecycle patch marker and v2 with it', () => {
    const markers = (name: string) =>
      (recorded(name).events ?? []).filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
    expect(markers('lead-workflow-v1.json')).toHaveLength(0)
    expect(markers('lead-workflow-v2.json')).toHaveLength(1)
  })
})
