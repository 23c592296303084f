import { expect, it } from 'vitest'
import type { MoveActor } from './deal-moves'
import { dealEmailBodies, dealEmailIdempotencyKey, dealEmailRefusal } from './deal-email'

const owner: MoveActor = { kind: 'user', userId: 'rep-1', role: 'SALES_REP' }
const otherRep: MoveActor = { kind: 'user', userId: 'rep-2', role: 'SALES_REP' }
const manager: MoveActor = { kind: 'user', userId: 'mgr-1', role: 'SALES_MANAGER' }

it('lets the owner rep and a manager email from an open deal, nobody from a closed one', () => {
  const open = { stage: 'CONTACTED' as const, ownerId: 'rep-1' }
  expect(dealEmailRefusal(open, owner)).toBeNull()
  expect(dealEmailRefusal(open, manager)).toBeNull()
  expect(dealEmailRefusal(open, otherRep)?.code).toBe('not-allowed')
  expect(dealEmailRefusal({ stage: 'CLOSED_LOST', ownerId: 'rep-1' }, manager)?.code).toBe('closed')
  expect(dealEmailRefusal({ stage: 'CLOSED_WON', ownerId: 'rep-1' }, owner)?.code).toBe('closed')
})

it('keys the n-th email of a deal, and escapes the HTML with paragraphs at blank lines', () => {
  expect(dealEmailIdempotencyKey('d1', 3)).toBe('deal-d1/email/3')
  expect(dealEmailBodies('Hi <b>Ada</b> & co,\r\n\r\nline one\nline two')).toEqual({
    text: 'Hi <b>Ada</b> & co,\r\n\r\nline one\nline two',
    html: '<!doctype html><html><body><p>Hi &#60;b&#62;Ada&#60;/b&#62; &#38; co,</p><p>line one<br>line two</p></body></html>',
  })
})
