import type { Prisma } from '../../lib/db'
import type { RoiCalculationChange } from '../../domain/integrations/roi-calculator'
import type { VoiceSessionChange } from '../../domain/integrations/voice-agent'

// What a voice agent or ROI calculator event is stored as on its claim (`WebhookEvent.change`, decision 0016): the
// event as validated at the door, in the CRM's terms; the workflow's activity decodes it, it does not validate again.

/** A voice agent event as stored on its claim (`WebhookEvent.change`): the change in the CRM's terms, and its id. */
export interface RecordedVoiceChange {
  /** Names the change for the lead's workflow and for what it keeps aside (`voice-agent:<event id>`). */
  eventId: string
  change: VoiceSessionChange
}

export function recordedVoiceChangeJson(recorded: RecordedVoiceChange): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(recorded)) as Prisma.InputJsonObject
}

export function recordedVoiceChangeFromJson(json: unknown): RecordedVoiceChange {
  const { eventId, change } = json as { eventId: string; change: Record<string, unknown> }
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : undefined)
  return {
    eventId,
    change: {
      ...(change as unknown as VoiceSessionChange),
      startTime: date(change.startTime),
      endTime: date(change.endTime),
      occurredAt: new Date(change.occurredAt as string),
    },
  }
}

export function recordedRoiChangeJson(change: RoiCalculationChange): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(change)) as Prisma.InputJsonObject
}

export function recordedRoiChangeFromJson(json: unknown): RoiCalculationChange {
  const stored = json as Record<string, unknown>
  return { ...(stored as unknown as RoiCalculationChange), occurredAt: new Date(stored.occurredAt as string) }
}
