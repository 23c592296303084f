import { describe, expect, it } from 'vitest'
import {
  escapeUnsafeText,
  maxJsonDepth,
  safeString,
  storableJson,
  unsafeJsonFields,
  unsafeTextReason,
} from './safe-text'

const nul = 'a\u0000b'
const loneHigh = 'x\ud800y'
const loneLow = '\udc00'
const pair = 'emoji \ud83d\ude00 ok'

describe('text the CRM can store', () => {
  it('refuses NUL and lone surrogates, and keeps surrogate pairs and other control characters', () => {
    expect(unsafeTextReason(nul)).toBe('must not contain a NUL character (U+0000)')
    expect(unsafeTextReason(loneHigh)).toMatch(/lone surrogate/)
    expect(unsafeTextReason(loneLow)).toMatch(/lone surrogate/)
    expect(unsafeTextReason(pair)).toBeUndefined()
    expect(unsafeTextReason('tab\there\u0001')).toBeUndefined()
  })

  it('escapes what it refuses, and only that', () => {
    expect(escapeUnsafeText(nul)).toBe('a\\u0000b')
    expect(escapeUnsafeText(loneHigh)).toBe('x\\ud800y')
    expect(escapeUnsafeText(`${loneLow}${pair}\ud83d`)).toBe('\\udc00emoji \ud83d\ude00 ok\\ud83d')
    expect(escapeUnsafeText(pair)).toBe(pair)
  })

  it('is a zod string that names the reason', () => {
    const schema = safeString().trim().min(1)
    expect(schema.safeParse(' ok ').data).toBe('ok')
    expect(schema.safeParse(nul).error?.issues.map((issue) => issue.message)).toEqual([
      'must not contain a NUL character (U+0000)',
    ])
  })
})

describe('a JSON body', () => {
  it('names every unsafe value and key by its path, in the order sent', () => {
    const body = { ok: 'fine', a: { b: [pair, nul] }, [`k${loneLow}`]: 1, c: loneHigh }
    expect(unsafeJsonFields(body)).toEqual([
      { field: 'a.b.1', message: 'must not contain a NUL character (U+0000)' },
      { field: 'k\\udc00', message: expect.stringMatching(/^is a field name that must not contain a lone surrogate/) },
      { field: 'c', message: expect.stringMatching(/lone surrogate/) },
    ])
    expect(unsafeJsonFields({ ok: [1, true, null, { pair }] })).toEqual([])
  })

  it(`refuses nesting deeper than ${maxJsonDepth} levels, even a million deep, without a stack overflow`, () => {
    const nest = (depth: number) => {
      let value: unknown = 'leaf'
      for (let level = 0; level < depth; level += 1) value = [value]
      return { deep: value }
    }
    expect(unsafeJsonFields(nest(maxJsonDepth - 1))).toEqual([])
    const deepField = ['deep', ...Array<string>(maxJsonDepth - 1).fill('0')].join('.')
    expect(unsafeJsonFields(nest(maxJsonDepth))).toEqual([
      { field: deepField, message: `is nested more than ${maxJsonDepth} levels deep` },
    ])
    expect(unsafeJsonFields(nest(1_000_000))).toHaveLength(1)
  })

  it('can be made storable: unsafe text escaped, deep nesting replaced', () => {
    const stored = storableJson({ [`k${'\u0000'}`]: [loneHigh, 2, null], deep: [[[[]]]] }) as Record<string, unknown>
    expect(stored['k\\u0000']).toEqual(['x\\ud800y', 2, null])
    expect(unsafeJsonFields(stored)).toEqual([])
  })
})
