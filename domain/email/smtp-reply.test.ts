import { describe, expect, it } from 'vitest'
import { isPermanentRejection } from './smtp-reply'

describe('isPermanentRejection', () => {
  it.each([
    ['501 at RCPT TO (address too long)', { responseCode: 501, code: 'EENVELOPE' }, true],
    ['550 mailbox unavailable', { responseCode: 550, code: 'EENVELOPE' }, true],
    ['552 message too large after DATA', { responseCode: 552, code: 'EMESSAGE' }, true],
    ['554 without a library code', { responseCode: 554 }, true],
    ['451 greylisted', { responseCode: 451, code: 'EENVELOPE' }, false],
    ['421 service not available', { responseCode: 421, code: 'EENVELOPE' }, false],
    ['535 authentication failed (our account)', { responseCode: 535, code: 'EAUTH' }, false],
    ['554 greeting refused (the relay, not the message)', { responseCode: 554, code: 'ECONNECTION' }, false],
    ['503 bad sequence of commands', { responseCode: 503, code: 'EENVELOPE' }, false],
    ['connection refused (no reply)', { code: 'ESOCKET' }, false],
    ['a 2xx is not a failure', { responseCode: 250 }, false],
  ])('%s', (_label, failure, permanent) => {
    expect(isPermanentRejection(failure)).toBe(permanent)
  })
})
