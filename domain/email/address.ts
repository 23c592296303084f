import { z } from 'zod'

/**
 * RFC 5321 §4.5.3.1: the longest address an SMTP server must accept. Longer ones are refused with a 5xx at
 * sending time, so the CRM refuses them when they arrive instead of storing mail that can never be delivered.
 * The path limit of 256 octets includes the angle brackets, which leaves 254 for the address itself.
 */
export const emailAddressLimits = { localPartOctets: 64, domainOctets: 255, addressOctets: 254, labelOctets: 63 }

const octets = (text: string) => new TextEncoder().encode(text).length

/** Why an address (already syntactically an email) cannot be delivered by SMTP, or null when it can. */
export function emailAddressLengthProblem(address: string): string | null {
  const at = address.lastIndexOf('@')
  const localPart = at < 0 ? address : address.slice(0, at)
  const domain = at < 0 ? '' : address.slice(at + 1)
  if (octets(localPart) > emailAddressLimits.localPartOctets) {
    return `must have at most ${emailAddressLimits.localPartOctets} characters before the @ (RFC 5321)`
  }
  if (octets(domain) > emailAddressLimits.domainOctets) {
    return `must have at most ${emailAddressLimits.domainOctets} characters after the @ (RFC 5321)`
  }
  if (octets(address) > emailAddressLimits.addressOctets) {
    return `must be at most ${emailAddressLimits.addressOctets} characters long (RFC 5321)`
  }
  if (domain.split('.').some((label) => octets(label) > emailAddressLimits.labelOctets)) {
    return `must have at most ${emailAddressLimits.labelOctets} characters between dots in the domain (RFC 1035)`
  }
  return null
}

/**
 * The one rule for an email address the CRM accepts from anyone (API, forms, webhooks, staff records): trimmed,
 * lower-cased (one person, one lead), a valid address, and short enough for SMTP to deliver.
 */
export const emailAddress = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'must be a valid email address' }))
  .superRefine((address, context) => {
    const problem = emailAddressLengthProblem(address)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })
