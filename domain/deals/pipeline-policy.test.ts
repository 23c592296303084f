import { describe, expect, it } from 'vitest'
import { openStages, stageLimitMs, stagePolicies } from './pipeline-policy'

const day = 24 * 60 * 60 * 1000

describe('the pipeline of seed 002 §4', () => {
  it('has §4.1’s probabilities and §4.3’s limits and required actions, stage by stage', () => {
    const table = Object.entries(stagePolicies).map(([stage, policy]) => [
      stage,
      policy.probability,
      policy.maxDaysInStage,
      policy.requiredActions.join(' '),
    ])
    expect(table).toEqual([
      ['NEW_LEAD', 5, 1, 'assign_owner review_lead_data'],
      ['CONTACTED', 15, 3, 'initial_email follow_up_call_attempt'],
      ['DISCOVERY_CALL', 30, 7, 'schedule_discovery complete_discovery identify_tier'],
      ['PROPOSAL_SENT', 50, 14, 'send_proposal proposal_walkthrough_call'],
      ['NEGOTIATION', 75, 7, 'address_objections final_pricing contract_prep'],
      ['CLOSED_WON', 100, null, ''],
      ['CLOSED_LOST', 0, null, ''],
    ])
  })

  it('orders the open stages as §4.1 draws them and turns days into milliseconds', () => {
    expect(openStages).toEqual(['NEW_LEAD', 'CONTACTED', 'DISCOVERY_CALL', 'PROPOSAL_SENT', 'NEGOTIATION'])
    expect(stageLimitMs('PROPOSAL_SENT')).toBe(14 * day)
    expect(stageLimitMs('CLOSED_WON')).toBeNull()
  })
})
