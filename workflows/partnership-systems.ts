// The partnership's delivered systems in its workflow (decision 0035): added, moved through planning → building →
// testing → deployed → optimizing, and "System not used in 7 days → check-in email" (§9.3). Workflow code.
import type { LeadActivities } from '../activities'
import type { PartnershipWorkActivities } from '../activities/partnership-work-contract'
import { fellDueBeforeRun } from '../domain/leads/late-start'
import {
  quietFromMs,
  quietSpellOf,
  systemStatusRefusal,
  type SystemCategory,
  type SystemStatus,
} from '../domain/partnerships/delivered-systems'
import { iso, type WorkContext } from './partnership-work-context'
import { entityActivities } from './entity-run'

const { database, messages } = entityActivities<PartnershipWorkActivities & Pick<LeadActivities, 'notifyOwner'>>([
  'PartnershipNotFound',
])

type HealthSystems = Map<string, { deployedAtMs: number | null; lastUsedAtMs: number | null }>

export class PartnershipSystems {
  private readonly systems = new Map<string, { name: string; status: SystemStatus }>()
  /** Quiet spells checked in on, by key: one check-in per spell. */
  private readonly checkedIn = new Set<string>()
  private added: number

  constructor(
    private readonly context: WorkContext,
    /** The run's health evidence (adoption), kept up to date by the usage signal. */
    private readonly use: HealthSystems,
  ) {
    for (const system of context.snapshot.systems) {
      this.systems.set(system.systemId, { name: system.name, status: system.status })
      const known = use.get(system.systemId)
      use.set(system.systemId, {
        deployedAtMs: known?.deployedAtMs ?? system.deployedAtMs,
        lastUsedAtMs: Math.max(known?.lastUsedAtMs ?? 0, system.lastUsedAtMs ?? 0) || null,
      })
    }
    this.added = context.snapshot.systems.length
  }

  statusRefusal(systemId: string, status: SystemStatus): string | null {
    const system = this.systems.get(systemId)
    if (!system) return 'No such system in this partnership'
    return systemStatusRefusal(system.name, system.status, status)
  }

  async add(name: string, category: SystemCategory, hoursSavedPerWeek: number): Promise<void> {
    this.added += 1
    const { systemId } = await database(`Add the system ${name}`).addDeliveredSystem({
      partnershipId: this.context.partnershipId,
      idempotencyKey: `partnership-${this.context.partnershipId}/system/${this.added}`,
      name: name.trim(),
      category,
      hoursSavedPerWeek,
    })
    this.systems.set(systemId, { name: name.trim(), status: 'PLANNING' })
    this.context.changed()
  }

  async moveStatus(systemId: string, status: SystemStatus): Promise<void> {
    const system = this.systems.get(systemId)!
    const use = this.use.get(systemId) ?? { deployedAtMs: null, lastUsedAtMs: null }
    const deployedAtMs = status === 'DEPLOYED' && use.deployedAtMs === null ? Date.now() : null
    await database(`Record ${system.name} ${status.toLowerCase()}`).recordSystemStatus({
      partnershipId: this.context.partnershipId,
      systemId,
      status,
      deployedAtMs,
    })
    system.status = status
    if (deployedAtMs !== null) this.use.set(systemId, { ...use, deployedAtMs })
    this.context.changed()
  }

  async settle(nowMs: number): Promise<void> {
    if (!this.context.running()) return
    for (const [systemId, system] of this.systems) {
      const spell = quietSpellOf({ status: system.status, ...this.usedOf(systemId) }, nowMs)
      if (!spell) continue
      const key = `partnership-${this.context.partnershipId}/system/${systemId}/quiet/${spell.sinceMs}`
      if (this.checkedIn.has(key)) continue
      this.checkedIn.add(key)
      if (fellDueBeforeRun(quietFromMs({ status: system.status, ...this.usedOf(systemId) })!, this.context.runStart)) {
        continue
      }
      await this.checkIn(key, system.name, spell.sinceMs)
    }
  }

  nextWakeUpMs(): (number | null)[] {
    if (!this.context.running()) return []
    return [...this.systems].map(([systemId, system]) =>
      quietFromMs({ status: system.status, ...this.usedOf(systemId) }),
    )
  }

  view() {
    return [...this.systems].map(([systemId, system]) => ({ systemId, ...system, ...this.usedOf(systemId) }))
  }

  private usedOf(systemId: string) {
    return this.use.get(systemId) ?? { deployedAtMs: null, lastUsedAtMs: null }
  }

  /** A check-in email to the client and a note for the owner, once per quiet spell. */
  private async checkIn(key: string, name: string, sinceMs: number): Promise<void> {
    const { partnershipId, snapshot } = this.context
    const since = iso(sinceMs).slice(0, 10)
    const now = iso(Date.now())
    await messages(`Note for the owner: ${name} not used for 7 days`).notifyOwner({
      entity: { type: 'partnership', id: partnershipId },
      kind: 'PARTNERSHIP_SYSTEM_QUIET',
      idempotencyKey: key,
      detail: `${name} has not been used since ${since}. The client was sent a check-in email; a call may help.`,
      now,
    })
    if (!snapshot.contactId) return
    await this.context.messenger.send(`Check-in email: ${name} not used for 7 days`, {
      idempotencyKey: `${key}/check-in`,
      entity: { kind: 'partnership', id: partnershipId },
      recipient: { contactId: snapshot.contactId },
      template: 'partnership:system-check-in',
      channels: ['EMAIL'],
      email: {
        subject: `How is ${name} working for you?`,
        text:
          `We noticed ${name} has not been used since ${since}. Is something in the way: a step that is unclear, a ` +
          'change in how your team works, something that broke? Reply to this email and we will help you get it ' +
          'running again.',
        html: null,
      },
      timeline: { description: `Check-in emailed: ${name} not used since ${since}` },
      purpose: 'transactional',
      now,
    })
  }
}
