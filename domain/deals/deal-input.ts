// The bodies of a deal's actions (move, tick a required action, assign), checked and trimmed, as the API and the
// pages receive them. Whether the action is allowed is the deal workflow's answer (deal-moves.ts), not this.
import { z } from 'zod'
import { pipelineStages } from '../records/record-vocabulary'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import { safeString, unsafeJsonFields } from '../validation/safe-text'
import type { DealMove } from './deal-moves'
import { requiredActions, type RequiredAction } from './pipeline-policy'

const optionalWords = (max: number) =>
  safeString()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined))

export const dealMoveInput = z.strictObject({
  stage: z.enum(pipelineStages.apiNames),
  reason: optionalWords(1000),
  lostReason: optionalWords(1000),
  competitor: optionalWords(200),
  override: z.boolean().optional(),
})

export const dealActionInput = z.strictObject({ action: z.enum(requiredActions) })

export const dealAssignInput = z.strictObject({ owner: safeString().trim().min(1).max(100) })

/** Sending the proposal takes no input: it goes to the deal's primary contact, from the deal as it stands. */
export const dealProposalSendInput = z.strictObject({})

/** A rep's email to the deal's primary contact (decision 0032). NUL and lone surrogates are refused by safeString. */
export const dealEmailInput = z.strictObject({
  subject: safeString().trim().min(1).max(200),
  body: safeString()
    .min(1)
    .max(10_000)
    .refine((body) => body.trim().length > 0, 'must not be blank'),
})

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

export function parseBody<S extends z.ZodType, T>(
  schema: S,
  body: unknown,
  noun: string,
  map: (data: z.infer<S>) => T,
): Parsed<T> {
  const input = body === undefined || body === null ? {} : body
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const unsafe = unsafeJsonFields(input)
  if (unsafe.length > 0) return { ok: false, errors: unsafe }
  const parsed = schema.safeParse(input)
  return parsed.success
    ? { ok: true, value: map(parsed.data) }
    : { ok: false, errors: toFieldErrors(parsed.error, input, noun) }
}

export function parseDealMove(body: unknown): Parsed<DealMove> {
  return parseBody(dealMoveInput, body, 'move', ({ stage, ...rest }) => ({
    toStage: pipelineStages.byApiName[stage],
    ...rest,
  }))
}

export function parseDealAction(body: unknown): Parsed<RequiredAction> {
  return parseBody(dealActionInput, body, 'checklist', ({ action }) => action)
}

export function parseDealAssign(body: unknown): Parsed<string> {
  return parseBody(dealAssignInput, body, 'assignment', ({ owner }) => owner)
}

export function parseDealProposalSend(body: unknown): Parsed<Record<string, never>> {
  return parseBody(dealProposalSendInput, body, 'proposal', () => ({}))
}

export function parseDealEmail(body: unknown): Parsed<{ subject: string; body: string }> {
  return parseBody(dealEmailInput, body, 'email', (email) => email)
}
