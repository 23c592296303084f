import { expect, it } from 'vitest'
import { parseDealAction, parseDealAssign, parseDealMove } from './deal-input'

it('reads a move in the API’s words and names every field at fault', () => {
  expect(parseDealMove({ stage: 'closed_lost', lostReason: '  Budget  ', competitor: '' })).toEqual({
    ok: true,
    value: { toStage: 'CLOSED_LOST', lostReason: 'Budget', competitor: undefined },
  })
  expect(parseDealMove({ stage: 'won' })).toMatchObject({ ok: false, errors: [{ field: 'stage' }] })
  expect(parseDealMove({})).toEqual({ ok: false, errors: [{ field: 'stage', message: 'is required' }] })
  expect(parseDealMove({ stage: 'contacted', colour: 'red' })).toEqual({
    ok: false,
    errors: [{ field: 'colour', message: 'is not a move field' }],
  })
  expect(parseDealMove({ stage: 'contacted', reason: 'a\u0000b' })).toMatchObject({
    ok: false,
    errors: [{ field: 'reason' }],
  })
  expect(parseDealMove([])).toEqual({ ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] })
})

it('reads a ticked action and an assignment', () => {
  expect(parseDealAction({ action: 'identify_tier' })).toEqual({ ok: true, value: 'identify_tier' })
  expect(parseDealAction({ action: 'pray' })).toMatchObject({ ok: false, errors: [{ field: 'action' }] })
  expect(parseDealAssign({ owner: ' user-1 ' })).toEqual({ ok: true, value: 'user-1' })
  expect(parseDealAssign({ owner: '' })).toMatchObject({ ok: false, errors: [{ field: 'owner' }] })
})
