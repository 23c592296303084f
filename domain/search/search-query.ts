import type { FieldError } from '../validation/field-errors'

// What the global search box accepts. Each word must appear (anywhere, any case) in one of a record's searched
// fields, so "ana reyes" finds Ana Reyes although first and last name are separate columns.

export const searchQueryMinLength = 2
export const searchQueryMaxLength = 100
/** More words than this narrow nothing further and only cost another index scan each. */
export const searchMaxTerms = 5

export type ParsedSearchQuery = { ok: true; terms: string[]; text: string } | { ok: false; errors: FieldError[] }

export function parseSearchQuery(raw: unknown): ParsedSearchQuery {
  const fail = (message: string): ParsedSearchQuery => ({ ok: false, errors: [{ field: 'q', message }] })
  if (Array.isArray(raw)) return fail('must be given once')
  if (raw === undefined || raw === null) return fail('is required')
  if (typeof raw !== 'string') return fail('must be text')
  const text = raw.trim().replace(/\s+/g, ' ')
  if (text === '') return fail('is required')
  if (text.length < searchQueryMinLength) return fail(`must be at least ${searchQueryMinLength} characters`)
  if (text.length > searchQueryMaxLength) return fail(`must be at most ${searchQueryMaxLength} characters`)
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return fail('must not hold control characters')
  const terms = [...new Set(text.toLowerCase().split(' '))].slice(0, searchMaxTerms)
  return { ok: true, terms, text }
}

/** A term as a LIKE pattern body: % and _ match themselves, not "anything". */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (character) => `\\${character}`)
}
