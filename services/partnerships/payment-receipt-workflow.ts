import { paymentReceiptWorkflowId } from '../../workflows/entity-ids'
import type { PaymentReceiptInput, paymentReceiptWorkflow } from '../../workflows/payment-receipt'
import { CrmEntityType } from '../../workflows/search-attributes'
import type { EntityWorkflow } from '../workflows/entity-workflow-client'

/**
 * A payment received outside its partnership's run (decisions 0050, 0052): one workflow per payment,
 * `partnership-<id>-payment-<key>-received`; a second start while one runs attaches to it.
 */
export function paymentReceiptWorkflowOf(input: PaymentReceiptInput): EntityWorkflow<typeof paymentReceiptWorkflow> {
  return {
    workflowType: 'paymentReceiptWorkflow',
    workflowId: paymentReceiptWorkflowId(input.partnershipId, input.paymentKey),
    args: [input],
    searchAttributes: [{ key: CrmEntityType, value: 'payment-receipt' }],
    summary: `Payment ${input.paymentKey} received outside the partnership's run`,
  }
}
