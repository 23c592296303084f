// The leads list's URL (a GET form, so a filtered list is a link to share) as a query, and back again.
import type { Industry, LeadSource, LeadStatus, QualificationStage } from '../../prisma/generated/enums'
import { instantOfWallClock } from '../time/zoned-time'
import type { FieldError } from '../validation/field-errors'
import { industryByApiName, leadSourceByApiName, leadStatusByApiName } from './lead-vocabulary'

export const qualificationStageByApiName = { none: 'NONE', mql: 'MQL', sql: 'SQL' } as const satisfies Record<
  string,
  QualificationStage
>

export const leadSortFields = ['createdAt', 'leadScore', 'updatedAt', 'name'] as const
export type LeadSortField = (typeof leadSortFields)[number]
export type SortDirection = 'asc' | 'desc'

export const leadListPageSizes = [25, 50, 100] as const
export const defaultLeadSort = { field: 'createdAt', direction: 'desc' } as const satisfies LeadListSort
const defaultPerPage = 25
/** Past this, OFFSET paging walks too many rows (see bench/results/leads-list.md); narrow the filters instead. */
export const maxLeadListOffset = 10_000

export type OwnerFilter =
  { kind: 'anyone' } | { kind: 'unassigned' } | { kind: 'me' } | { kind: 'user'; userId: string }

export interface LeadListFilters {
  status: LeadStatus | null
  stage: QualificationStage | null
  source: LeadSource | null
  industry: Industry | null
  owner: OwnerFilter
  scoreMin: number | null
  scoreMax: number | null
  /** Calendar days (YYYY-MM-DD) in UTC, both inclusive: the app shows times in UTC. */
  createdFrom: string | null
  createdTo: string | null
}

export interface LeadListSort {
  field: LeadSortField
  direction: SortDirection
}

export interface LeadListQuery {
  filters: LeadListFilters
  sort: LeadListSort
  page: number
  perPage: number
}

/** The URL parameters the list understands, in the order its links write them. */
export const leadListParams = [
  'status',
  'stage',
  'source',
  'industry',
  'owner',
  'scoreMin',
  'scoreMax',
  'createdFrom',
  'createdTo',
  'sort',
  'direction',
  'perPage',
  'page',
] as const
export type LeadListParam = (typeof leadListParams)[number]
export type LeadListValues = Record<LeadListParam, string>

export type ParsedLeadListQuery =
  | { ok: true; query: LeadListQuery; values: LeadListValues }
  | { ok: false; errors: FieldError[]; values: LeadListValues }

const ownerIdPattern = /^[a-z0-9]{8,40}$/i
const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * Reads the list's parameters. An empty parameter means "no filter"; anything else that is not one of the
 * allowed values is an error naming the parameter, so a hand-edited link never silently lists something else.
 */
export function parseLeadListQuery(params: URLSearchParams): ParsedLeadListQuery {
  const values = Object.fromEntries(
    leadListParams.map((name) => [name, (params.get(name) ?? '').trim()]),
  ) as LeadListValues
  const errors: FieldError[] = []
  const fail = (field: LeadListParam, message: string) => {
    errors.push({ field, message })
    return null
  }
  const oneOf = <T extends string>(field: LeadListParam, mapping: Record<string, T>): T | null => {
    const raw = values[field].toLowerCase()
    if (raw === '') return null
    if (!Object.hasOwn(mapping, raw)) return fail(field, `must be one of ${Object.keys(mapping).join(', ')}`)
    return mapping[raw] ?? null
  }
  const score = (field: 'scoreMin' | 'scoreMax'): number | null => {
    const raw = values[field]
    if (raw === '') return null
    if (!/^\d{1,3}$/.test(raw) || Number(raw) > 100) return fail(field, 'must be a whole number from 0 to 100')
    return Number(raw)
  }
  const day = (field: 'createdFrom' | 'createdTo'): string | null => {
    const raw = values[field]
    if (raw === '') return null
    return isCalendarDay(raw) ? raw : fail(field, 'must be a date as YYYY-MM-DD')
  }
  const positive = (field: 'page', fallback: number): number => {
    const raw = values[field]
    if (raw === '') return fallback
    if (!/^\d{1,7}$/.test(raw) || Number(raw) < 1)
      return fail(field, 'must be a whole number of at least 1') ?? fallback
    return Number(raw)
  }

  const owner = parseOwner(values.owner)
  if (!owner) fail('owner', 'must be unassigned, me or a user id')
  const filters: LeadListFilters = {
    status: oneOf('status', leadStatusByApiName),
    stage: oneOf('stage', qualificationStageByApiName),
    source: oneOf('source', leadSourceByApiName),
    industry: oneOf('industry', industryByApiName),
    owner: owner ?? { kind: 'anyone' },
    scoreMin: score('scoreMin'),
    scoreMax: score('scoreMax'),
    createdFrom: day('createdFrom'),
    createdTo: day('createdTo'),
  }
  if (filters.scoreMin !== null && filters.scoreMax !== null && filters.scoreMax < filters.scoreMin) {
    fail('scoreMax', 'must not be below the minimum score')
  }
  if (filters.createdFrom && filters.createdTo && filters.createdTo < filters.createdFrom) {
    fail('createdTo', 'must not be before the from date')
  }

  const sortField = values.sort === '' ? defaultLeadSort.field : values.sort
  if (!(leadSortFields as readonly string[]).includes(sortField))
    fail('sort', `must be one of ${leadSortFields.join(', ')}`)
  const direction = values.direction === '' ? defaultDirection(sortField as LeadSortField) : values.direction
  if (direction !== 'asc' && direction !== 'desc') fail('direction', 'must be asc or desc')

  const perPage = values.perPage === '' ? defaultPerPage : Number(values.perPage)
  if (!(leadListPageSizes as readonly number[]).includes(perPage))
    fail('perPage', `must be one of ${leadListPageSizes.join(', ')}`)
  const page = positive('page', 1)
  if (errors.length === 0 && (page - 1) * perPage > maxLeadListOffset) {
    fail(
      'page',
      `is too far: the list pages through the first ${maxLeadListOffset.toLocaleString('en-US')} matches; narrow the filters`,
    )
  }

  if (errors.length > 0) return { ok: false, errors, values }
  return {
    ok: true,
    values,
    query: {
      filters,
      sort: { field: sortField as LeadSortField, direction: direction as SortDirection },
      page,
      perPage,
    },
  }
}

/** Names read best A→Z; dates and scores newest/highest first. */
export function defaultDirection(field: LeadSortField): SortDirection {
  return field === 'name' ? 'asc' : 'desc'
}

function parseOwner(raw: string): OwnerFilter | null {
  if (raw === '') return { kind: 'anyone' }
  if (raw === 'unassigned') return { kind: 'unassigned' }
  if (raw === 'me') return { kind: 'me' }
  return ownerIdPattern.test(raw) ? { kind: 'user', userId: raw } : null
}

function isCalendarDay(raw: string): boolean {
  const match = dayPattern.exec(raw)
  if (!match) return false
  const date = new Date(`${raw}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === raw
}

/** Midnight of a calendar day (`2026-11-30`), `daysLater` days on, on the wall clock of `timeZone`. */
function midnightOf(day: string, daysLater: number, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number]
  return instantOfWallClock(year, month, date + daysLater, 0, timeZone)
}

/**
 * The filters as a Prisma `where` for Lead (a plain object: this module does no IO). The created days are calendar
 * days of `timeZone`, the reader's, as the Reports page's periods are.
 */
export function leadListWhere(filters: LeadListFilters, viewerId: string, timeZone: string): Record<string, unknown> {
  const where: Record<string, unknown> = {}
  if (filters.status) where.status = filters.status
  if (filters.stage) where.qualificationStage = filters.stage
  if (filters.source) where.source = filters.source
  if (filters.industry) where.industry = filters.industry
  if (filters.owner.kind === 'unassigned') where.assignedToId = null
  if (filters.owner.kind === 'me') where.assignedToId = viewerId
  if (filters.owner.kind === 'user') where.assignedToId = filters.owner.userId
  if (filters.scoreMin !== null || filters.scoreMax !== null) {
    where.leadScore = {
      ...(filters.scoreMin !== null ? { gte: filters.scoreMin } : {}),
      ...(filters.scoreMax !== null ? { lte: filters.scoreMax } : {}),
    }
  }
  if (filters.createdFrom || filters.createdTo) {
    where.createdAt = {
      ...(filters.createdFrom ? { gte: midnightOf(filters.createdFrom, 0, timeZone) } : {}),
      ...(filters.createdTo ? { lt: midnightOf(filters.createdTo, 1, timeZone) } : {}),
    }
  }
  return where
}

/**
 * The sort as a Prisma `orderBy`, always ending in `id` so equal values page in a stable order. Names sort by
 * last name, first name, then email (a lead may have no name); PostgreSQL's default NULLS placement is kept so one
 * index serves both directions.
 */
export function leadListOrderBy(sort: LeadListSort): Record<string, SortDirection>[] {
  const { direction } = sort
  const leading: Record<string, SortDirection>[] =
    sort.field === 'name'
      ? [{ lastName: direction }, { firstName: direction }, { email: direction }]
      : [{ [sort.field]: direction }]
  return [...leading, { id: direction }]
}

/** The rows a page shows: "n–m of N". */
export function leadListRange(query: Pick<LeadListQuery, 'page' | 'perPage'>, rowsOnPage: number, total: number) {
  const first = rowsOnPage === 0 ? 0 : (query.page - 1) * query.perPage + 1
  const last = rowsOnPage === 0 ? 0 : first + rowsOnPage - 1
  const lastPage = Math.max(1, Math.ceil(Math.min(total, maxLeadListOffset + query.perPage) / query.perPage))
  return { first, last, total, hasPrevious: query.page > 1, hasNext: query.page < lastPage, lastPage }
}

/**
 * A link to the list with some parameters changed: empty and default values are left out, so links stay short,
 * and a change of filters or sort goes back to page 1 unless the page is given.
 */
export function leadListHref(values: LeadListValues, changes: Partial<LeadListValues>): string {
  const merged: LeadListValues = { ...values, page: '', ...changes }
  const sortField = (merged.sort || defaultLeadSort.field) as LeadSortField
  const search = new URLSearchParams()
  for (const name of leadListParams) {
    const value = merged[name]
    if (value === '') continue
    if (name === 'sort' && value === defaultLeadSort.field) continue
    if (
      name === 'direction' &&
      (leadSortFields as readonly string[]).includes(sortField) &&
      value === defaultDirection(sortField)
    )
      continue
    if (name === 'perPage' && value === String(defaultPerPage)) continue
    if (name === 'page' && value === '1') continue
    search.set(name, value)
  }
  const text = search.toString()
  return text === '' ? '/leads' : `/leads?${text}`
}
