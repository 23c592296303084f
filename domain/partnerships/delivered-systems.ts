// A delivered system's way from planning to optimizing (seed 002 §2.4 `DeliveredSystem.status`) and when a deployed
// one has gone quiet (§9.3 "System not used in 7 days"). Pure; the partnership workflow checks a status change in
// its update's validator and decides the check-in (decision 0035).
import type { SystemCategory, SystemStatus } from '../../prisma/generated/enums'

export type { SystemCategory, SystemStatus }

const dayMs = 24 * 60 * 60 * 1000

export const systemStatusOrder: readonly SystemStatus[] = ['PLANNING', 'BUILDING', 'TESTING', 'DEPLOYED', 'OPTIMIZING']

/**
 * Forward one step at a time (planning → building → testing → deployed → optimizing); the one way back is a failed
 * test (testing → building). A deployed system is live with the client: it is never moved back to building, a new
 * version is built as optimizing.
 */
export function systemStatusRefusal(name: string, from: SystemStatus, to: SystemStatus): string | null {
  if (from === to) return `“${name}” is ${to.toLowerCase()} already`
  const step = systemStatusOrder.indexOf(to) - systemStatusOrder.indexOf(from)
  if (step === 1) return null
  if (from === 'TESTING' && to === 'BUILDING') return null
  if (step > 1) {
    const next = systemStatusOrder[systemStatusOrder.indexOf(from) + 1]!
    return `“${name}” is ${from.toLowerCase()}: it goes to ${next.toLowerCase()} before ${to.toLowerCase()}`
  }
  return `“${name}” is ${from.toLowerCase()}: it cannot go back to ${to.toLowerCase()}`
}

export const live = (status: SystemStatus) => status === 'DEPLOYED' || status === 'OPTIMIZING'

/** §9.3: a live system not used for 7 days gets a check-in. */
export const quietAfterMs = 7 * dayMs

export interface SystemUse {
  status: SystemStatus
  deployedAtMs: number | null
  lastUsedAtMs: number | null
}

/**
 * The quiet spell a live system is in at `nowMs`, named by the instant it began (its last use, else its
 * deployment), or null while it is used. One check-in per spell: a use ends the spell, the next one is a new spell.
 */
export function quietSpellOf(system: SystemUse, nowMs: number): { sinceMs: number } | null {
  if (!live(system.status) || system.deployedAtMs === null) return null
  const sinceMs = Math.max(system.deployedAtMs, system.lastUsedAtMs ?? system.deployedAtMs)
  return nowMs - sinceMs >= quietAfterMs ? { sinceMs } : null
}

/** When a live system goes quiet if nobody uses it, or null. */
export function quietFromMs(system: SystemUse): number | null {
  if (!live(system.status) || system.deployedAtMs === null) return null
  return Math.max(system.deployedAtMs, system.lastUsedAtMs ?? system.deployedAtMs) + quietAfterMs
}
