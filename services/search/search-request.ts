import { parseSearchQuery } from '../../domain/search/search-query'
import type { Database } from '../../lib/db'
import type { Actor } from '../auth/actor'
import { Problem } from '../problems/problem'
import { globalSearch, type SearchAnswer } from './global-search'

/** Results per kind: the header's drop-down shows a few, the page and the API more. */
export const searchLimits = { suggest: 5, page: 20 } as const

/** `q` as the API and the page receive it: refused with 400 naming `q`, or searched within the actor's rights. */
export async function searchFor(
  db: Database,
  actor: Actor,
  q: unknown,
  perKind: number = searchLimits.page,
): Promise<SearchAnswer> {
  const parsed = parseSearchQuery(q)
  if (!parsed.ok) throw new Problem('invalid-input', 'The search is not valid', { fields: parsed.errors })
  return globalSearch(db, actor, parsed, perKind)
}
