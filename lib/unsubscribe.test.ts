import { describe, expect, it } from 'vitest'
import {
  listUnsubscribeHeaders,
  oneClickUnsubscribeUrl,
  unsubscribeToken,
  unsubscribeUrl,
  verifyUnsubscribeToken,
} from './unsubscribe'

const secret = 'unsubscribe-test-secret-0123456789abcdef'
const leadId = 'cmi0abcdef0000lead00001'

describe('unsubscribe tokens', () => {
  it('name the lead, are URL-safe, and verify with the secret they were made with', () => {
    const token = unsubscribeToken(leadId, secret)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)
    expect(encodeURIComponent(token)).toBe(token)
    expect(verifyUnsubscribeToken(token, secret)).toEqual({ leadId })
    // Deterministic: a link in an old email and a new one are the same link.
    expect(unsubscribeToken(leadId, secret)).toBe(token)
  })

  it('refuse another secret, another lead with this signature, a changed signature, and garbage', () => {
    const token = unsubscribeToken(leadId, secret)
    const [encodedLead, signature] = token.split('.') as [string, string]
    expect(verifyUnsubscribeToken(token, 'another-secret-0123456789abcdef-xyz')).toBeNull()
    const otherLead = Buffer.from('cmi0abcdef0000lead00002').toString('base64url')
    expect(verifyUnsubscribeToken(`${otherLead}.${signature}`, secret)).toBeNull()
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`
    expect(verifyUnsubscribeToken(`${encodedLead}.${flipped}`, secret)).toBeNull()
    for (const garbage of [
      '',
      '.',
      'abc',
      `${encodedLead}.`,
      `.${signature}`,
      `${encodedLead}.${signature}x`,
      `${token}.x`,
      '../etc/passwd',
    ]) {
      expect(verifyUnsubscribeToken(garbage, secret), garbage).toBeNull()
    }
  })

  it('refuse a non-canonical encoding of the lead id (trailing bits set)', () => {
    const token = unsubscribeToken('ab', secret) // "ab" is base64url "YWI"; "YWJ" decodes to "ab" too
    const [, signature] = token.split('.') as [string, string]
    expect(token.startsWith('YWI.')).toBe(true)
    expect(verifyUnsubscribeToken(`YWJ.${signature}`, secret)).toBeNull()
  })
})

describe('unsubscribe links and headers', () => {
  it('builds the page link and the one-click API link under the app base URL', () => {
    const token = unsubscribeToken(leadId, secret)
    expect(unsubscribeUrl('https://crm.example.com/', leadId, secret)).toBe(
      `https://crm.example.com/unsubscribe/${token}`,
    )
    expect(oneClickUnsubscribeUrl('https://crm.example.com', leadId, secret)).toBe(
      `https://crm.example.com/api/unsubscribe/${token}`,
    )
  })

  it('gives RFC 8058 headers whose POST target is the API endpoint, whichever link is passed', () => {
    const token = unsubscribeToken(leadId, secret)
    const expected = {
      'List-Unsubscribe': `<https://crm.example.com/api/unsubscribe/${token}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    }
    expect(listUnsubscribeHeaders(unsubscribeUrl('https://crm.example.com', leadId, secret))).toEqual(expected)
    expect(listUnsubscribeHeaders(oneClickUnsubscribeUrl('https://crm.example.com', leadId, secret))).toEqual(expected)
  })
})
