import type { PartnershipWork } from '../../workflows/partnership-work-messages'
import { recordPartnershipWorkUpdate } from '../../workflows/partnership-work-messages'
import { workflowActorOf } from '../workflows/entity-actions'
import { updatePartnership, type PartnershipActionContext } from './partnership-actions'

// What people record about a partnership's work (decision 0035): a meeting held or missed, a system added or moved
// on, knowledge transfer, the testimonial. Transport-free: each is the workflow's `recordPartnershipWork` update,
// whose validator gives every client the same answer.

const actions: Record<PartnershipWork['kind'], string> = {
  meeting: 'record-meeting',
  'add-system': 'add-system',
  'system-status': 'system-status',
  'knowledge-transfer': 'knowledge-transfer',
  testimonial: 'testimonial',
}

export function recordPartnershipWork(context: PartnershipActionContext, partnershipId: string, work: PartnershipWork) {
  return updatePartnership(context, partnershipId, actions[work.kind], recordPartnershipWorkUpdate, {
    ...work,
    actor: workflowActorOf(context.actor),
  })
}
