// Knowledge transfer per partnership (seed 002 §2.4: `knowledgeTransferScore` 0–100 "independence readiness",
// `trainingModulesCompleted`, `documentationDelivered`): what a person records, checked in the workflow's validator.

export interface KnowledgeTransfer {
  score: number
  trainingModules: string[]
  documents: string[]
}

export interface KnowledgeTransferChange {
  /** The new independence-readiness score, 0–100. */
  score?: number
  /** Training modules completed now (added to the list). */
  trainingModules?: string[]
  /** Documents delivered now (added to the list). */
  documents?: string[]
}

export function knowledgeTransferRefusal(change: KnowledgeTransferChange): string | null {
  const { score, trainingModules = [], documents = [] } = change
  if (score === undefined && trainingModules.length === 0 && documents.length === 0) {
    return 'Say what changed: a score, a training module or a document'
  }
  if (score !== undefined && (!Number.isInteger(score) || score < 0 || score > 100)) {
    return 'The knowledge transfer score is a whole number from 0 to 100'
  }
  const names = [...trainingModules, ...documents]
  if (names.some((name) => name.trim().length === 0 || name.length > 200)) {
    return 'A training module or document is named in 1 to 200 characters'
  }
  return null
}

/** The lists grow (a module completed stays completed); a name already there is not added twice. */
export function withKnowledgeTransfer(current: KnowledgeTransfer, change: KnowledgeTransferChange): KnowledgeTransfer {
  const add = (list: string[], more: string[] = []) => {
    const result = [...list]
    for (const name of more.map((n) => n.trim())) if (!result.includes(name)) result.push(name)
    return result
  }
  return {
    score: change.score ?? current.score,
    trainingModules: add(current.trainingModules, change.trainingModules),
    documents: add(current.documents, change.documents),
  }
}
