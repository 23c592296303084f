import { describe, expect, it } from 'vitest'
import { likeLiteral, parseSearchQuery } from './search-query'

describe('parseSearchQuery', () => {
  it('splits words, lower-cases them and drops repeats', () => {
    expect(parseSearchQuery('  Ana   REYES ana ')).toEqual({ ok: true, terms: ['ana', 'reyes'], text: 'Ana REYES ana' })
  })

  it('keeps at most five words', () => {
    const parsed = parseSearchQuery('aa bb cc dd ee ff gg')
    expect(parsed.ok && parsed.terms).toEqual(['aa', 'bb', 'cc', 'dd', 'ee'])
  })

  it.each([
    [undefined, 'is required'],
    ['', 'is required'],
    ['   ', 'is required'],
    ['a', 'must be at least 2 characters'],
    ['x'.repeat(101), 'must be at most 100 characters'],
    [['ab', 'cd'], 'must be given once'],
    [42, 'must be text'],
    ['ab\u0000cd', 'must not hold control characters'],
  ])('refuses %j naming q', (raw, message) => {
    expect(parseSearchQuery(raw)).toEqual({ ok: false, errors: [{ field: 'q', message }] })
  })

  it('accepts exactly 100 characters', () => {
    expect(parseSearchQuery('y'.repeat(100)).ok).toBe(true)
  })
})

describe('likeLiteral', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(likeLiteral('50%_a\\b')).toBe('50\\%\\_a\\\\b')
  })
})
