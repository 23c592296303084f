import { likeLiteral } from '../../domain/search/search-query'
import type { RecordResource } from '../../domain/access/permission-matrix'
import type { Database } from '../../lib/db'
import type { Actor } from '../auth/actor'
import { grantFor } from '../auth/grants'
import { readScope } from '../auth/ownership'
import { enumWords } from '../../domain/records/enum-words'

// The global search of issue 12, transport-free: GET /api/search, the /search page and the header box call
// `globalSearch`, and so does bench/global-search.bench.ts. Each kind is narrowed by the caller's §14.2 read grant
// through `readScope` (services/auth/ownership.ts), the code the lists use, so nobody finds what their list hides.
// Every word must appear in one of the kind's searched fields (ILIKE '%word%', served by the trigram indexes of
// migration 20261203060000_global_search_trigram).

export const searchKinds = ['leads', 'companies', 'contacts', 'opportunities', 'partnerships'] as const
export type SearchKind = (typeof searchKinds)[number]

export interface SearchHit {
  kind: SearchKind
  id: string
  title: string
  detail: string
  href: string
}

export interface SearchGroup {
  kind: SearchKind
  label: string
  hits: SearchHit[]
  /** More records match than `hits` holds. */
  more: boolean
}

export interface SearchAnswer {
  query: string
  groups: SearchGroup[]
}

type Where = Record<string, unknown>
type Row = Record<string, unknown> & { id: string }

interface KindSearch {
  resource: RecordResource
  label: string
  /** Where one word matches this kind's record. */
  word(pattern: Where): Where
  find(db: Database, where: Where, take: number): Promise<Row[]>
  hit(row: Row): Omit<SearchHit, 'kind' | 'id'>
}

const newestFirst = [{ updatedAt: 'desc' }, { id: 'desc' }] as const
const text = (value: unknown) => (typeof value === 'string' ? value : '')
const joinedWith =
  (separator: string) =>
  (...parts: unknown[]) =>
    parts
      .map(text)
      .filter((part) => part !== '')
      .join(separator)
const joined = joinedWith(' · ')
const fullName = joinedWith(' ')

const kinds: Record<SearchKind, KindSearch> = {
  leads: {
    resource: 'leads',
    label: 'Leads',
    word: (pattern) => ({
      OR: [{ email: pattern }, { firstName: pattern }, { lastName: pattern }, { companyName: pattern }],
    }),
    find: (db, where, take) =>
      db.lead.findMany({
        where,
        orderBy: [...newestFirst],
        take,
        select: { id: true, email: true, firstName: true, lastName: true, companyName: true, status: true },
      }),
    hit: (row) => ({
      title: fullName(row.firstName, row.lastName) || text(row.email),
      detail: joined(row.email, row.companyName),
      href: `/leads/${row.id}`,
    }),
  },
  companies: {
    resource: 'companies',
    label: 'Companies',
    word: (pattern) => ({ OR: [{ name: pattern }, { website: pattern }] }),
    find: (db, where, take) =>
      db.company.findMany({
        where,
        orderBy: [...newestFirst],
        take,
        select: { id: true, name: true, website: true, city: true },
      }),
    hit: (row) => ({ title: text(row.name), detail: joined(row.website, row.city), href: `/companies/${row.id}` }),
  },
  contacts: {
    resource: 'contacts',
    label: 'Contacts',
    word: (pattern) => ({ OR: [{ email: pattern }, { firstName: pattern }, { lastName: pattern }] }),
    find: (db, where, take) =>
      db.contact.findMany({
        where,
        orderBy: [...newestFirst],
        take,
        select: { id: true, email: true, firstName: true, lastName: true, company: { select: { name: true } } },
      }),
    hit: (row) => ({
      title: fullName(row.firstName, row.lastName),
      detail: joined(row.email, (row.company as { name?: string } | null)?.name),
      href: `/contacts/${row.id}`,
    }),
  },
  opportunities: {
    resource: 'opportunities',
    label: 'Deals',
    // The deal's name (which names its company, "Northwind — Foundation"): a join to Company here made every
    // search scan both tables (bench/results/global-search.md).
    word: (pattern) => ({ name: pattern }),
    find: (db, where, take) =>
      db.opportunity.findMany({
        where,
        orderBy: [...newestFirst],
        take,
        select: { id: true, name: true, stage: true, company: { select: { name: true } } },
      }),
    hit: (row) => ({
      title: text(row.name),
      detail: joined((row.company as { name?: string } | null)?.name, enumWords(text(row.stage))),
      href: `/opportunities/${row.id}`,
    }),
  },
  partnerships: {
    resource: 'partnerships',
    label: 'Partnerships',
    word: (pattern) => ({ company: { is: { OR: [{ name: pattern }, { website: pattern }] } } }),
    find: (db, where, take) =>
      db.partnership.findMany({
        where,
        orderBy: [...newestFirst],
        take,
        select: { id: true, tier: true, status: true, company: { select: { name: true } } },
      }),
    hit: (row) => ({
      title: text((row.company as { name?: string } | null)?.name),
      detail: joined(enumWords(text(row.tier)), enumWords(text(row.status))),
      href: `/partnerships/${row.id}`,
    }),
  },
}

/**
 * Up to `perKind` records of each kind the actor may read whose searched fields hold every term, newest first.
 * Kinds the actor may not read are left out entirely (not shown as empty).
 */
export async function globalSearch(
  db: Database,
  actor: Actor,
  query: { terms: string[]; text: string },
  perKind: number,
): Promise<SearchAnswer> {
  const groups = await Promise.all(
    searchKinds.map(async (kind): Promise<SearchGroup | null> => {
      const search = kinds[kind]
      const scope = readScope(grantFor(actor, search.resource, 'read'), search.resource, actor)
      if (!scope) return null
      const words = query.terms.map((term) => search.word({ contains: likeLiteral(term), mode: 'insensitive' }))
      const rows = await search.find(db, { AND: [scope, ...words] }, perKind + 1)
      return {
        kind,
        label: search.label,
        hits: rows.slice(0, perKind).map((row) => ({ kind, id: row.id, ...search.hit(row) })),
        more: rows.length > perKind,
      }
    }),
  )
  return { query: query.text, groups: groups.filter((group) => group !== null) }
}
