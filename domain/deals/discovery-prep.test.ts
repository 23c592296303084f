import { expect, it } from 'vitest'
import { discoveryPrepFacts } from './discovery-prep'

it('lists what the lead told us for the call’s preparation, leaving out what we do not know', () => {
  expect(
    discoveryPrepFacts({
      companyName: 'Cool Air HVAC',
      industry: 'HVAC',
      employeeCount: 'RANGE_5_10',
      source: 'VOICE_AGENT',
      leadScore: 72,
      aiMaturityIndicators: ['uses a CRM'],
      voiceSessions: 2,
      roiCalculations: 1,
      projectedWeeklyValue: 1250.4,
    }),
  ).toEqual([
    'Company: Cool Air HVAC (HVAC, 5-10 employees)',
    'Came in through: voice agent',
    'Lead score: 72/100',
    'AI maturity: uses a CRM',
    'Voice agent sessions: 2',
    'ROI calculations: 1',
    'Projected weekly value: $1,250',
  ])
  expect(
    discoveryPrepFacts({
      companyName: 'Solo Plumbing',
      industry: null,
      employeeCount: null,
      source: null,
      leadScore: null,
      aiMaturityIndicators: [],
      voiceSessions: 0,
      roiCalculations: 0,
      projectedWeeklyValue: null,
    }),
  ).toEqual(['Company: Solo Plumbing'])
})
