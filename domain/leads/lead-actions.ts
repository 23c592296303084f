// What a person (or an API key) may do to a lead as a process step, and what each step needs as input.
import { z } from 'zod'
import type { Grant } from '../access/permission-matrix'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import { unsafeJsonFields } from '../validation/safe-text'

export const leadActionNames = [
  'contacted',
  'qualify',
  'disqualify',
  'pause-nurture',
  'resume-nurture',
  'convert',
] as const
export type LeadActionName = (typeof leadActionNames)[number]

export function isLeadActionName(value: unknown): value is LeadActionName {
  return typeof value === 'string' && (leadActionNames as readonly string[]).includes(value)
}

export const conversionTierByApiName = {
  discovery: 'DISCOVERY',
  foundation: 'FOUNDATION',
  architect: 'ARCHITECT',
} as const

export type ConversionTierApiName = keyof typeof conversionTierByApiName

export type LeadActionRequest =
  | { action: 'contacted' | 'qualify' | 'pause-nurture' | 'resume-nurture' }
  | { action: 'disqualify'; reason: string }
  | {
      action: 'convert'
      tier: (typeof conversionTierByApiName)[ConversionTierApiName]
      companyId?: string
      opportunityName?: string
    }

const noInput = z.strictObject({})
const disqualifyInput = z.strictObject({
  reason: z
    .string({ message: 'must be text' })
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(500, 'must be at most 500 characters'),
})
const convertInput = z.strictObject({
  tier: z.enum(Object.keys(conversionTierByApiName) as [ConversionTierApiName, ...ConversionTierApiName[]], {
    message: 'must be one of discovery, foundation, architect',
  }),
  companyId: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Link to this existing company instead of creating one'),
  opportunityName: z.string().trim().min(1).max(200).optional(),
})

/** The body each action's route parses with (the other actions take an empty body): the OpenAPI document's source. */
export const leadActionInputSchemas = { disqualify: disqualifyInput, convert: convertInput } as const

export type LeadActionInputResult = { ok: true; request: LeadActionRequest } | { ok: false; errors: FieldError[] }

/** The body of a lead action (JSON or a form's fields), checked and trimmed. An absent body is an empty one. */
export function parseLeadActionInput(action: LeadActionName, body: unknown): LeadActionInputResult {
  const input = body === undefined || body === null ? {} : body
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] }
  }
  const unsafe = unsafeJsonFields(input)
  if (unsafe.length > 0) return { ok: false, errors: unsafe }
  switch (action) {
    case 'disqualify': {
      const parsed = disqualifyInput.safeParse(input)
      return parsed.success
        ? { ok: true, request: { action, reason: parsed.data.reason } }
        : { ok: false, errors: toFieldErrors(parsed.error, input, 'disqualification') }
    }
    case 'convert': {
      const parsed = convertInput.safeParse(input)
      if (!parsed.success) return { ok: false, errors: toFieldErrors(parsed.error, input, 'conversion') }
      const { tier, companyId, opportunityName } = parsed.data
      return {
        ok: true,
        request: {
          action,
          tier: conversionTierByApiName[tier],
          ...(companyId ? { companyId } : {}),
          ...(opportunityName ? { opportunityName } : {}),
        },
      }
    }
    default: {
      const parsed = noInput.safeParse(input)
      return parsed.success
        ? { ok: true, request: { action } }
        : { ok: false, errors: toFieldErrors(parsed.error, input, `${action} action`) }
    }
  }
}

/** What the permission matrix grants the actor, plus who they are when they are a person. */
export interface LeadActionGrants {
  leadsRead: Grant
  leadsUpdate: Grant
  opportunitiesCreate: Grant
  /** Set for a signed-in person; API keys have no user and no role. */
  user: { userId: string; role: string } | null
}

export type LeadActionDecision = 'allowed' | 'not-found' | 'forbidden'

/**
 * Lead actions are allowed with the leads `update` grant `all` (Admin, Sales Manager, a key with leads:update),
 * and to a Sales Rep on a lead assigned to them: the matrix's "Read own" is about editing the record, working your
 * own lead is the rep's job. Converting also creates an opportunity, so it needs that grant too. A lead outside an
 * "own" read grant is answered as missing, so its existence does not leak.
 */
export function decideLeadAction(
  grants: LeadActionGrants,
  lead: { assignedToId: string | null },
  action: LeadActionName,
): LeadActionDecision {
  const mayConvert = action !== 'convert' || grants.opportunitiesCreate !== 'none'
  if (grants.leadsUpdate === 'all') return mayConvert ? 'allowed' : 'forbidden'
  if (grants.leadsRead === 'none') return 'forbidden'
  const assignedToActor = grants.user !== null && lead.assignedToId === grants.user.userId
  if (grants.leadsRead === 'own' && !assignedToActor) return 'not-found'
  if (grants.user?.role === 'SALES_REP' && assignedToActor) return mayConvert ? 'allowed' : 'forbidden'
  return 'forbidden'
}

/** The step as the timeline and notices say it. */
export const leadActionLabels: Record<LeadActionName, string> = {
  contacted: 'Mark contacted',
  qualify: 'Qualify',
  disqualify: 'Disqualify',
  'pause-nurture': 'Pause nurture',
  'resume-nurture': 'Resume nurture',
  convert: 'Convert',
}

export const leadActionDoneNotices: Record<LeadActionName, string> = {
  contacted: 'The lead is marked contacted.',
  qualify: 'The lead is qualified (SQL).',
  disqualify: 'The lead is disqualified; its nurture has stopped.',
  'pause-nurture': 'Nurture is paused.',
  'resume-nurture': 'Nurture has resumed.',
  convert: 'The lead is converted.',
}
