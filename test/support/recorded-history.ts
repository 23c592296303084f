// The histories recorded of each workflow version (test/workflows/histories/): what today's code must replay.
import { readFileSync } from 'node:fs'
import { temporal } from '@temporalio/proto'

type History = temporal.api.history.v1.History

const histories = new URL('../workflows/histories/', import.meta.url)

/** A history as `WorkflowHandle.fetchHistory()` returned it, written with JSON.stringify. */
export function recordedHistory(file: string): History {
  const json = JSON.parse(readFileSync(new URL(file, histories), 'utf8')) as Record<string, unknown>
  return temporal.api.history.v1.History.fromObject(json)
}

/** The patch IDs a history's markers record. */
export function patchesIn(history: temporal.api.history.v1.IHistory): string[] {
  const ids = new Set<string>()
  for (const event of history.events ?? []) {
    const payload = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]
    if (!payload?.data) continue
    const { id } = JSON.parse(new TextDecoder().decode(payload.data)) as { id: string }
    ids.add(id)
  }
  return [...ids]
}
