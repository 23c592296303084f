// The partnerships list's URL (a GET form, so a filtered list is a link to share) as a query. An empty parameter
// means "no filter"; any other value that is not allowed is an error naming the parameter.
import type { PartnershipStatus, Phase } from '../../prisma/generated/enums'
import type { FieldError } from '../validation/field-errors'

export const partnershipListStatuses = [
  'open',
  'all',
  'onboarding',
  'active',
  'completing',
  'paused',
  'graduated',
  'churned',
] as const
export const partnershipListPhases = ['onboarding', 'discover', 'co_create', 'deploy', 'independent'] as const
/** §5.2 / §9.3 bands: healthy 70+ (or no data yet), watch 50–69, at risk below 50 or flagged by the workflow. */
export const partnershipListHealth = ['healthy', 'watch', 'at-risk'] as const
export const partnershipListOverdue = ['any', 'milestones', 'payments'] as const
export const partnershipListSorts = ['next', 'health', 'targetEnd', 'company', 'phase'] as const

export interface PartnershipListQuery {
  /** `open` = not graduated or churned. */
  status: 'open' | 'all' | PartnershipStatus
  phase: Phase | null
  health: (typeof partnershipListHealth)[number] | null
  overdue: (typeof partnershipListOverdue)[number] | null
  mineOnly: boolean
  sort: (typeof partnershipListSorts)[number]
  direction: 'asc' | 'desc'
}

export const partnershipListParams = ['status', 'phase', 'health', 'overdue', 'owner', 'sort', 'direction'] as const
export type PartnershipListValues = Record<(typeof partnershipListParams)[number], string>

export const defaultPartnershipListQuery: PartnershipListQuery = {
  status: 'open',
  phase: null,
  health: null,
  overdue: null,
  mineOnly: false,
  sort: 'next',
  direction: 'asc',
}

export type ParsedPartnershipListQuery =
  | { ok: true; query: PartnershipListQuery; values: PartnershipListValues }
  | { ok: false; errors: FieldError[]; values: PartnershipListValues }

function pick<T extends string>(value: string, allowed: readonly T[], field: string, errors: FieldError[]): T | null {
  if (value === '') return null
  if ((allowed as readonly string[]).includes(value)) return value as T
  errors.push({ field, message: `must be one of ${allowed.join(', ')}` })
  return null
}

export function parsePartnershipListQuery(params: URLSearchParams): ParsedPartnershipListQuery {
  const values = Object.fromEntries(
    partnershipListParams.map((name) => [name, (params.get(name) ?? '').trim()]),
  ) as PartnershipListValues
  const errors: FieldError[] = []
  const status = pick(values.status, partnershipListStatuses, 'status', errors) ?? 'open'
  const phase = pick(values.phase, partnershipListPhases, 'phase', errors)
  const query: PartnershipListQuery = {
    status: status === 'open' || status === 'all' ? status : (status.toUpperCase() as PartnershipStatus),
    phase: phase ? (phase.toUpperCase() as Phase) : null,
    health: pick(values.health, partnershipListHealth, 'health', errors),
    overdue: pick(values.overdue, partnershipListOverdue, 'overdue', errors),
    mineOnly: pick(values.owner, ['me', 'anyone'] as const, 'owner', errors) === 'me',
    sort: pick(values.sort, partnershipListSorts, 'sort', errors) ?? defaultPartnershipListQuery.sort,
    // Ascending by default: the soonest milestone, the lowest health (the sickest) first.
    direction: pick(values.direction, ['asc', 'desc'] as const, 'direction', errors) ?? 'asc',
  }
  return errors.length > 0 ? { ok: false, errors, values } : { ok: true, query, values }
}
