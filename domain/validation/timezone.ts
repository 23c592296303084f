import { z } from 'zod'

export function isIanaTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export const ianaTimezone = z.string().refine(isIanaTimezone, 'must be an IANA time zone, e.g. America/Chicago')
