import { describe, expect, it } from 'vitest'
import { emailAddress, emailAddressLengthProblem } from './address'

// Lengths by hand from RFC 5321 §4.5.3.1: local part 64 octets, domain 255, the whole address 254.
const local64 = 'a'.repeat(64)
const domainOf = (length: number) => {
  // Labels of 60 characters joined by dots, ending in ".com", exactly `length` characters long.
  const labels: string[] = []
  let remaining = length - 4
  while (remaining > 0) {
    const size = Math.min(60, remaining)
    labels.push('b'.repeat(size))
    remaining -= size + 1
  }
  const domain = `${labels.join('.')}.com`
  return domain.length === length ? domain : domain.slice(domain.length - length)
}

describe('emailAddressLengthProblem', () => {
  it.each([
    ['a 64-character local part', `${local64}@example.com`, null],
    ['a 65-character local part', `a${local64}@example.com`, 'before the @'],
    ['a 254-character address', `a@${domainOf(252)}`, null],
    ['a 255-character address', `a@${domainOf(253)}`, 'at most 254 characters long'],
    ['a 256-character domain', `a@${domainOf(256)}`, 'at most 255 characters after the @'],
    ['a 64-character domain label', `a@${'c'.repeat(64)}.com`, 'between dots'],
    [
      'the 323-character address from the field',
      `${'x'.repeat(300)}@example-plumbing.com`.slice(0, 323),
      'before the @',
    ],
    ['multi-byte characters counted as octets (33 × 2 = 66)', `${'ł'.repeat(33)}@example.com`, 'before the @'],
  ])('%s', (_label, address, expected) => {
    const problem = emailAddressLengthProblem(address)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toContain(expected)
  })
})

describe('emailAddress', () => {
  it('trims and lower-cases a deliverable address', () => {
    expect(emailAddress.parse('  Ana@Example.COM ')).toBe('ana@example.com')
  })

  it('refuses what SMTP would refuse, with the reason', () => {
    const result = emailAddress.safeParse(`${'x'.repeat(310)}@example.com`)
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('must have at most 64 characters before the @ (RFC 5321)')
  })
})
