import { describe, expect, it } from 'vitest'
import { quietFromMs, quietSpellOf, systemStatusRefusal } from './delivered-systems'

const day = 24 * 60 * 60 * 1000

describe('a delivered system’s status (§2.4: planning → building → testing → deployed → optimizing)', () => {
  it.each([
    ['PLANNING', 'BUILDING'],
    ['BUILDING', 'TESTING'],
    ['TESTING', 'DEPLOYED'],
    ['DEPLOYED', 'OPTIMIZING'],
    ['TESTING', 'BUILDING'],
  ] as const)('%s → %s is allowed', (from, to) => {
    expect(systemStatusRefusal('CRM sync', from, to)).toBeNull()
  })

  it.each([
    ['PLANNING', 'TESTING', '“CRM sync” is planning: it goes to building before testing'],
    ['BUILDING', 'OPTIMIZING', '“CRM sync” is building: it goes to testing before optimizing'],
    ['DEPLOYED', 'BUILDING', '“CRM sync” is deployed: it cannot go back to building'],
    ['OPTIMIZING', 'DEPLOYED', '“CRM sync” is optimizing: it cannot go back to deployed'],
    ['TESTING', 'TESTING', '“CRM sync” is testing already'],
  ] as const)('%s → %s is refused', (from, to, message) => {
    expect(systemStatusRefusal('CRM sync', from, to)).toBe(message)
  })
})

describe('a live system not used for 7 days (§9.3)', () => {
  const deployedAtMs = 1_000 * day
  it('is quiet from its last use, else its deployment, plus 7 days', () => {
    expect(quietFromMs({ status: 'DEPLOYED', deployedAtMs, lastUsedAtMs: null })).toBe(deployedAtMs + 7 * day)
    expect(quietFromMs({ status: 'OPTIMIZING', deployedAtMs, lastUsedAtMs: deployedAtMs + 3 * day })).toBe(
      deployedAtMs + 10 * day,
    )
    expect(
      quietSpellOf({ status: 'DEPLOYED', deployedAtMs, lastUsedAtMs: null }, deployedAtMs + 7 * day - 1),
    ).toBeNull()
    expect(quietSpellOf({ status: 'DEPLOYED', deployedAtMs, lastUsedAtMs: null }, deployedAtMs + 7 * day)).toEqual({
      sinceMs: deployedAtMs,
    })
  })

  it('a system not live yet is never quiet', () => {
    expect(quietSpellOf({ status: 'TESTING', deployedAtMs: null, lastUsedAtMs: null }, deployedAtMs * 2)).toBeNull()
    expect(quietFromMs({ status: 'BUILDING', deployedAtMs, lastUsedAtMs: null })).toBeNull()
  })
})
