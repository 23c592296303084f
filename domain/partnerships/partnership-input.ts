// The bodies of a partnership's changes (pause, resume, extend, churn, graduate, complete a milestone), checked and
// trimmed, as the API and the pages receive them. Whether the change is allowed is the workflow's answer
// (partnership-changes.ts), not this.
import { z } from 'zod'
import { parseBody, type Parsed } from '../deals/deal-input'
import { safeString } from '../validation/safe-text'
import { maxExtensionWeeks, type PartnershipChange } from './partnership-changes'

const reason = safeString().trim().min(1).max(1000)

export const partnershipChangeInputs = {
  pause: z.strictObject({ reason }),
  resume: z.strictObject({}),
  extend: z.strictObject({ weeks: z.number().int().min(1).max(maxExtensionWeeks), reason }),
  churn: z.strictObject({ reason }),
  graduate: z.strictObject({}),
} as const

export type PartnershipChangeKind = keyof typeof partnershipChangeInputs

export function parsePartnershipChange(kind: PartnershipChangeKind, body: unknown): Parsed<PartnershipChange> {
  return parseBody(partnershipChangeInputs[kind], body, kind, (data) => ({ kind, ...data }) as PartnershipChange)
}

export const milestoneCompletionInput = z.strictObject({})

export function parseMilestoneCompletion(body: unknown): Parsed<Record<string, never>> {
  return parseBody(milestoneCompletionInput, body, 'completion', () => ({}))
}
