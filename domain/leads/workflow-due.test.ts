import { describe, expect, it } from 'vitest'
import { leadWorkflowDue } from './workflow-due'

const now = Date.parse('2026-12-02T10:00:00Z')
const lead = (overrides: Partial<{ status: string; workflowStatus: string; createdAtMs: number }> = {}) => ({
  status: 'NEW',
  workflowStatus: 'NOT_STARTED',
  createdAtMs: now - 60_000,
  ...overrides,
})

describe('leadWorkflowDue', () => {
  it.each([
    ['an open lead captured a minute ago without a workflow', lead(), undefined, true],
    ['a contacted lead without a workflow', lead({ status: 'CONTACTED' }), undefined, true],
    ['a qualified lead without a workflow', lead({ status: 'QUALIFIED' }), undefined, true],
    ['a lead whose workflow wrote RUNNING', lead({ workflowStatus: 'RUNNING' }), undefined, false],
    ['a lead whose workflow completed', lead({ workflowStatus: 'COMPLETED' }), undefined, false],
    ['a converted lead (seeded history)', lead({ status: 'CONVERTED' }), undefined, false],
    ['a disqualified lead', lead({ status: 'UNQUALIFIED' }), undefined, false],
    [
      'a lead captured 4 s ago (its request is still starting it)',
      lead({ createdAtMs: now - 4_000 }),
      undefined,
      false,
    ],
    ['a lead captured exactly 5 s ago', lead({ createdAtMs: now - 5_000 }), undefined, true],
    ['a lead started by the reconciler a minute ago', lead(), now - 60_000, false],
    ['a lead started by the reconciler 5 minutes ago, still not run', lead(), now - 5 * 60_000, true],
  ])('%s: %s', (_, candidate, lastStartedAtMs, due) => {
    expect(leadWorkflowDue(candidate, now, lastStartedAtMs)).toBe(due)
  })
})
