import { describe, expect, it } from 'vitest'
import { countOf, plural } from './plural'

describe('plural', () => {
  it('takes the singular for exactly one and the plural for every other count, zero included', () => {
    expect([0, 1, 2, 11].map((count) => plural(count, 'email'))).toEqual(['emails', 'email', 'emails', 'emails'])
  })

  it('takes the plural it is given for words that are not made with -s', () => {
    expect(plural(1, 'mes', 'meses')).toBe('mes')
    expect(plural(3, 'mes', 'meses')).toBe('meses')
    expect(plural(2, 'is', 'are')).toBe('are')
  })
})

describe('countOf', () => {
  it('writes the count before its word', () => {
    expect(countOf(1, 'voice session')).toBe('1 voice session')
    expect(countOf(0, 'payment')).toBe('0 payments')
    expect(countOf(12, 'time zone')).toBe('12 time zones')
  })
})
