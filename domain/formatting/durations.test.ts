import { describe, expect, it } from 'vitest'
import { formatElapsed, formatSeconds } from './durations'

const minute = 60_000
const hour = 60 * minute

describe('formatElapsed', () => {
  it.each([
    [20_000, '1 min'],
    [59 * minute, '59 min'],
    [hour, '1 h'],
    [47 * hour + 59 * minute, '47 h'],
    [52 * hour, '2 d 4 h'],
    [72 * hour, '3 d'],
  ])('%i ms reads %s', (ms, words) => {
    expect(formatElapsed(ms)).toBe(words)
  })

  it('leaves the hours out past two days where space is short', () => {
    expect(formatElapsed(52 * hour, { short: true })).toBe('2 d')
    expect(formatElapsed(5 * hour, { short: true })).toBe('5 h')
  })
})

describe('formatSeconds', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [60, '1 min'],
    [539, '8 min 59 s'],
    [3_600, '60 min'],
  ])('%i s reads %s', (seconds, words) => {
    expect(formatSeconds(seconds)).toBe(words)
  })
})
