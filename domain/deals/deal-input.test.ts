import { expect, it } from 'vitest'
import { parseDealAction, parseDealAssign, parseDealEmail, parseDealMove } from './deal-input'

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

it('reads an email to the contact: subject 1–200 characters, body 1–10,000, no NUL', () => {
  expect(parseDealEmail({ subject: '  Hello  ', body: ' Hi,\n\nthere ' })).toEqual({
    ok: true,
    value: { subject: 'Hello', body: ' Hi,\n\nthere ' },
  })
  expect(parseDealEmail({ subject: 's'.repeat(200), body: 'b'.repeat(10_000) }).ok).toBe(true)
  const fieldsOf = (body: unknown) => {
    const parsed = parseDealEmail(body)
    return parsed.ok ? [] : parsed.errors.map((error) => error.field).sort()
  }
  expect(fieldsOf({ subject: '   ', body: 'x' })).toEqual(['subject'])
  expect(fieldsOf({ subject: 's'.repeat(201), body: 'b'.repeat(10_001) })).toEqual(['body', 'subject'])
  expect(fieldsOf({ subject: 'x', body: '  \n ' })).toEqual(['body'])
  expect(fieldsOf({ subject: 'a\u0000b', body: 'x' })).toEqual(['subject'])
  expect(fieldsOf({ subject: 'x', body: 'x', to: 'someone@else.example' })).toEqual(['to'])
})
