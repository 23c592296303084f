import { describe, expect, it } from 'vitest'
import { entityLinkColumns } from './entity-reference'

describe('entityLinkColumns', () => {
  it.each([
    [
      { kind: 'lead', id: 'l1' },
      { leadId: 'l1', opportunityId: null, partnershipId: null },
    ],
    [
      { kind: 'deal', id: 'o1' },
      { leadId: null, opportunityId: 'o1', partnershipId: null },
    ],
    [
      { kind: 'partnership', id: 'p1' },
      { leadId: null, opportunityId: null, partnershipId: 'p1' },
    ],
    [null, { leadId: null, opportunityId: null, partnershipId: null }],
  ] as const)('links %o through exactly its own column', (entity, columns) => {
    expect(entityLinkColumns(entity)).toEqual(columns)
  })
})
