// The bodies of what people and systems record about a partnership's work (decision 0035), checked and trimmed as
// the API receives them. Whether the record is allowed now is the workflow's answer (its validator), not this.
import { z } from 'zod'
import { SystemCategory, SystemStatus } from '../../prisma/generated/enums'
import { parseBody, type Parsed } from '../deals/deal-input'
import { isoInstant } from '../validation/instant'
import { safeString } from '../validation/safe-text'
import type { PartnershipWork } from '../../workflows/partnership-work-messages'

const name = safeString().trim().min(1).max(200)

export const partnershipWorkInputs = {
  'meeting-held': z.strictObject({}),
  'meeting-missed': z.strictObject({}),
  'add-system': z.strictObject({
    name,
    category: z.enum(Object.values(SystemCategory) as [SystemCategory, ...SystemCategory[]]),
    hoursSavedPerWeek: z.number().min(0).max(168).default(0),
  }),
  'system-status': z.strictObject({ status: z.enum(Object.values(SystemStatus) as [SystemStatus, ...SystemStatus[]]) }),
  'knowledge-transfer': z.strictObject({
    score: z.number().int().min(0).max(100).optional(),
    trainingModules: z.array(name).max(50).optional(),
    documents: z.array(name).max(50).optional(),
  }),
  testimonial: z.strictObject({}),
} as const

export type PartnershipWorkInputKind = keyof typeof partnershipWorkInputs

/** `target` is the meeting's or the system's id from the path, where the kind has one. */
export function parsePartnershipWork(
  kind: PartnershipWorkInputKind,
  body: unknown,
  target = '',
): Parsed<PartnershipWork> {
  return parseBody(partnershipWorkInputs[kind], body, kind, (data): PartnershipWork => {
    switch (kind) {
      case 'meeting-held':
        return { kind: 'meeting', meetingId: target, outcome: 'attended' }
      case 'meeting-missed':
        return { kind: 'meeting', meetingId: target, outcome: 'missed' }
      case 'system-status':
        return { kind: 'system-status', systemId: target, ...(data as { status: PartnershipWorkStatus }) }
      case 'add-system':
        return { kind: 'add-system', ...(data as Omit<Extract<PartnershipWork, { kind: 'add-system' }>, 'kind'>) }
      case 'knowledge-transfer':
        return { kind: 'knowledge-transfer', ...(data as object) }
      case 'testimonial':
        return { kind: 'testimonial' }
    }
  })
}

type PartnershipWorkStatus = Extract<PartnershipWork, { kind: 'system-status' }>['status']

/** §5.2 "NPS/feedback": a satisfaction score 1–10 (§2.4 `satisfactionScore`), from a survey tool or a person. */
export const satisfactionInput = z.strictObject({
  score: z.number().int().min(1).max(10),
  comment: safeString().trim().max(5000).optional(),
  /** The survey tool's id of the response: a redelivery is recorded once. */
  responseId: safeString().trim().min(1).max(200).optional(),
  receivedAt: isoInstant.optional(),
})

export type SatisfactionInput = z.infer<typeof satisfactionInput>

export function parseSatisfaction(body: unknown): Parsed<SatisfactionInput> {
  return parseBody(satisfactionInput, body, 'feedback', (data) => data)
}

/** Issuing a system's usage token takes no input. */
export const usageTokenInput = z.strictObject({})

export function parseUsageTokenRequest(body: unknown): Parsed<Record<string, never>> {
  return parseBody(usageTokenInput, body, 'request', () => ({}))
}

/** A delivered system reports that it was used (decision 0035): when, and optionally how often since the last report. */
export const systemUsageInput = z.strictObject({
  usedAt: isoInstant.optional(),
  count: z.number().int().min(1).max(1_000_000).optional(),
})

export type SystemUsageInput = z.infer<typeof systemUsageInput>

export function parseSystemUsage(body: unknown): Parsed<SystemUsageInput> {
  return parseBody(systemUsageInput, body, 'usage', (data) => data)
}
