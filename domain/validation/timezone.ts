import { z } from 'zod'
import { isIanaTimezone } from '../time/zoned-time'

export const ianaTimezone = z.string().refine(isIanaTimezone, 'must be an IANA time zone, e.g. America/Chicago')
