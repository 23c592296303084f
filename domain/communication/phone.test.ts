import { describe, expect, it } from 'vitest'
import { e164PhoneNumber } from './phone'

describe('e164PhoneNumber', () => {
  it.each([
    ['+15551230001', '+15551230001'],
    ['+1 (555) 123-0001', '+15551230001'],
    ['+44 20 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['555-1234', null],
    ['(555) 123-0001', null],
    ['+0123456789', null],
    ['', null],
    [null, null],
  ])('%j → %j', (stored, expected) => {
    expect(e164PhoneNumber(stored)).toBe(expected)
  })
})
