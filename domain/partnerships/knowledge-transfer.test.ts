import { describe, expect, it } from 'vitest'
import { knowledgeTransferRefusal, withKnowledgeTransfer } from './knowledge-transfer'

describe('knowledge transfer (§2.4: score 0–100, training modules, documentation)', () => {
  it('refuses an empty change, a score outside 0–100 and a blank name', () => {
    expect(knowledgeTransferRefusal({})).toMatch(/Say what changed/)
    expect(knowledgeTransferRefusal({ score: -1 })).toMatch(/0 to 100/)
    expect(knowledgeTransferRefusal({ score: 50.5 })).toMatch(/0 to 100/)
    expect(knowledgeTransferRefusal({ documents: [' '] })).toMatch(/1 to 200/)
    expect(knowledgeTransferRefusal({ score: 0 })).toBeNull()
    expect(knowledgeTransferRefusal({ score: 100, trainingModules: ['Basics'] })).toBeNull()
  })

  it('adds modules and documents once each and keeps the score unless given', () => {
    const now = withKnowledgeTransfer(
      { score: 30, trainingModules: ['Basics'], documents: [] },
      { trainingModules: ['Basics', ' Escalations '], documents: ['Runbook'] },
    )
    expect(now).toEqual({ score: 30, trainingModules: ['Basics', 'Escalations'], documents: ['Runbook'] })
  })
})
