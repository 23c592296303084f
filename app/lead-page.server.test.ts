import { describe, expect, it } from 'vitest'
import { plannedWorkflowOf } from './lead-page.server'

const step = {
  key: 'nurture:1',
  label: 'Nurture email 1',
  kind: 'email',
  dueAt: '2026-12-08T14:00:00.000Z',
  expectedSendAt: '2026-12-08T14:00:00.000Z',
  willFire: true,
  reason: '',
}
const plan = { plannedAt: '2026-12-07T10:00:00.000Z', phase: 'open', paused: false, steps: [step], sequences: [] }

describe('plannedWorkflowOf', () => {
  it('shows a converted lead with no run (imported or seeded closed) as closed, not as missing its workflow', () => {
    expect(plannedWorkflowOf({ workflowId: null, status: 'CONVERTED', upcomingSteps: null })).toEqual({
      state: 'planned',
      plan: { plannedAt: '', phase: 'converted', paused: false, steps: [], sequences: [] },
    })
  })

  it('drops what a disqualified lead had planned: the row closes before the run records its last plan', () => {
    expect(plannedWorkflowOf({ workflowId: 'lead-1', status: 'UNQUALIFIED', upcomingSteps: plan })).toEqual({
      state: 'planned',
      plan: { ...plan, phase: 'disqualified', steps: [] },
    })
  })

  it('says an open lead whose run has not recorded itself has no workflow yet, and one with a run but no plan is unplanned', () => {
    expect(plannedWorkflowOf({ workflowId: null, status: 'NEW', upcomingSteps: null })).toEqual({ state: 'none' })
    expect(plannedWorkflowOf({ workflowId: 'lead-1', status: 'NEW', upcomingSteps: null })).toEqual({
      state: 'unplanned',
    })
  })

  it('shows an open lead its plan as the workflow wrote it', () => {
    expect(plannedWorkflowOf({ workflowId: 'lead-1', status: 'QUALIFIED', upcomingSteps: plan })).toEqual({
      state: 'planned',
      plan,
    })
  })
})
