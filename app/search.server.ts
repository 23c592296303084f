import type { LoaderFunctionArgs } from '@remix-run/node'
import { problemFrom } from '../services/problems/problem-from-error'
import type { SearchAnswer } from '../services/search/global-search'
import { searchFor, searchLimits } from '../services/search/search-request'
import { requireUser } from './auth.server'

export interface SearchPageData {
  q: string
  answer: SearchAnswer | null
  /** Why the query was refused, naming the field ("q must be at least 2 characters"). */
  error: string | null
}

/**
 * /search?q=…: the page, and with `suggest=1` the header box's few results per kind. Both go through the same
 * `searchFor` as GET /api/search, so the page, the box and the API find the same records.
 */
export async function loadSearch(args: LoaderFunctionArgs): Promise<SearchPageData> {
  const user = requireUser(args)
  const params = new URL(args.request.url).searchParams
  const q = params.get('q') ?? ''
  if (q.trim() === '') return { q, answer: null, error: null }
  const perKind = params.get('suggest') === '1' ? searchLimits.suggest : searchLimits.page
  try {
    return { q, answer: await searchFor(args.context.db, user, q, perKind), error: null }
  } catch (error) {
    const problem = problemFrom(error)
    if (problem.status !== 400) throw error
    return { q, answer: null, error: problem.fields.map((field) => `${field.field} ${field.message}`).join('; ') }
  }
}
