// Business ids of the entity workflows: one run per record, named after it. Imported by workflow code and by the
// clients that start them, so both always agree on the name.

export function leadWorkflowId(leadId: string): string {
  return `lead-${leadId}`
}

export function dealWorkflowId(opportunityId: string): string {
  return `deal-${opportunityId}`
}

export function partnershipWorkflowId(partnershipId: string): string {
  return `partnership-${partnershipId}`
}

export function anonymousVoiceSessionWorkflowId(voiceSessionId: string): string {
  return `voice-session-${voiceSessionId}`
}

export function taskWorkflowId(activityId: string): string {
  return `task-${activityId}`
}

/** A payment recorded as received after its partnership ended (decision 0050): one receipt per payment. */
export function paymentReceiptWorkflowId(partnershipId: string, paymentKey: string): string {
  return `partnership-${partnershipId}-payment-${paymentKey}-received`
}
