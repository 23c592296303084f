// The changes people make to a partnership through its workflow (pause, resume, extend, churn, graduate): which are
// allowed, when and by whom. Checked in the workflow's update validators, so every client gets the same answer and
// a refused change writes nothing. Status, phase and health are the workflow's; nobody types them over.
import type { PartnershipStatus } from '../../prisma/generated/enums'
import type { MoveActor } from '../deals/deal-moves'

export type { PartnershipStatus }

export type PartnershipChange =
  | { kind: 'pause'; reason: string }
  | { kind: 'resume' }
  | { kind: 'extend'; weeks: number; reason: string }
  | { kind: 'churn'; reason: string }
  | { kind: 'graduate' }

export interface PartnershipForChange {
  status: PartnershipStatus
  ownerId: string | null
  /** The tier's final milestone (§5.3) is done: the client may graduate. */
  finalMilestoneDone: boolean
}

export type PartnershipRefusalCode = 'not-allowed' | 'ended' | 'wrong-status' | 'reason-required' | 'not-ready'

export interface PartnershipRefusal {
  code: PartnershipRefusalCode
  message: string
}

/** An extension is whole weeks, at most a year at a time. */
export const maxExtensionWeeks = 52

/** Statuses whose partnership has ended (graduated or churned): no workflow left to run, nothing left to steer. */
export const endedPartnershipStatuses = ['GRADUATED', 'CHURNED'] as const satisfies readonly PartnershipStatus[]

export function partnershipHasEnded(status: PartnershipStatus): boolean {
  return (endedPartnershipStatuses as readonly PartnershipStatus[]).includes(status)
}

const ended: readonly PartnershipStatus[] = endedPartnershipStatuses

/**
 * §14.2 Partnerships: Admin, Sales Manager and Customer Success "CRUD", Sales Rep and Viewer read. A Customer
 * Success manager changes the partnerships they own, or one nobody owns; churn ends the revenue, so it is the
 * owner's or a manager's call, never a bystander's.
 */
export function mayChangePartnership(actor: MoveActor, partnership: Pick<PartnershipForChange, 'ownerId'>): boolean {
  if (actor.kind === 'api-key' || actor.role === 'ADMIN' || actor.role === 'SALES_MANAGER') return true
  return actor.role === 'CUSTOMER_SUCCESS' && (partnership.ownerId === null || partnership.ownerId === actor.userId)
}

const blank = (text: string) => text.trim().length === 0

export function partnershipChangeRefusal(
  partnership: PartnershipForChange,
  change: PartnershipChange,
  actor: MoveActor,
): PartnershipRefusal | null {
  if (!mayChangePartnership(actor, partnership)) {
    return { code: 'not-allowed', message: 'Only the partnership’s Customer Success owner or a manager may do this' }
  }
  if (ended.includes(partnership.status)) {
    return {
      code: 'ended',
      message: `The partnership has ${partnership.status === 'GRADUATED' ? 'graduated' : 'churned'}`,
    }
  }
  switch (change.kind) {
    case 'pause':
      if (partnership.status === 'PAUSED') return { code: 'wrong-status', message: 'The partnership is paused already' }
      return blank(change.reason) ? { code: 'reason-required', message: 'Say why the partnership is paused' } : null
    case 'resume':
      return partnership.status === 'PAUSED'
        ? null
        : { code: 'wrong-status', message: 'Only a paused partnership can be resumed' }
    case 'extend':
      if (!Number.isInteger(change.weeks) || change.weeks < 1 || change.weeks > maxExtensionWeeks) {
        return { code: 'wrong-status', message: `An extension is 1 to ${maxExtensionWeeks} whole weeks` }
      }
      return blank(change.reason) ? { code: 'reason-required', message: 'Say why the partnership is extended' } : null
    case 'churn':
      return blank(change.reason) ? { code: 'reason-required', message: 'Say why the client is leaving' } : null
    case 'graduate':
      if (partnership.status === 'PAUSED') return { code: 'wrong-status', message: 'Resume the partnership first' }
      return partnership.finalMilestoneDone
        ? null
        : { code: 'not-ready', message: 'The tier’s final milestone is not done yet' }
  }
}
