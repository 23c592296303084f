import { describe, expect, it } from 'vitest'
import { redact, redactText } from './logger'

describe('redact', () => {
  it('masks values under sensitive keys at any depth', () => {
    expect(
      redact({ user: { email: 'a@b.co', password: 'hunter22hunter', role: 'ADMIN' }, headers: { authorization: 'x' } }),
    ).toEqual({
      user: { email: '[redacted]', password: '[redacted]', role: 'ADMIN' },
      headers: { authorization: '[redacted]' },
    })
  })

  it('masks addresses, phone numbers, keys and credentials inside free text', () => {
    const text = redactText(
      'RCPT <rosa@northwind.example> rejected; call +1 (555) 010-1234; key crm_abcdefghijklmnop; postgresql://crm:s3cret@db:5432/crm',
    )
    expect(text).not.toMatch(/rosa@|555|abcdefgh|s3cret/)
    expect(text).toContain('postgresql://crm:[redacted]@db:5432/crm')
  })

  it('keeps an error readable while masking what it quotes', () => {
    expect(redact(new Error('550 <ana@x.io> unknown'))).toMatchObject({
      name: 'Error',
      message: '550 <[email]> unknown',
    })
  })
})
