import { describe, expect, it } from 'vitest'
import { advancesSmsStatus } from './sms-delivery-status'

describe('advancesSmsStatus', () => {
  it.each([
    [null, 'queued', true],
    ['queued', 'sent', true],
    ['sent', 'delivered', true],
    ['queued', 'failed', true],
    ['sent', 'undelivered', true],
    // Late or repeated: never back, never sideways between final statuses.
    ['delivered', 'sent', false],
    ['delivered', 'delivered', false],
    ['undelivered', 'sent', false],
    ['failed', 'delivered', false],
    ['delivered', 'read', true],
    // Not a Twilio message status: ignored.
    ['queued', 'exploded', false],
  ] as const)('%s → %s: %s', (current, next, advances) => {
    expect(advancesSmsStatus(current, next)).toBe(advances)
  })
})
