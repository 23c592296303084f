import { recipientTimeZone } from '../../domain/communication/local-time'
import type { Prisma } from '../../lib/db'

// The client's clock for a partnership (decision 0046): the zone its won deal's primary contact reads messages in
// (0043's order: their preference, their record, their company, the agency's). Its weekly meeting is on this clock.

export const clientTimeZoneSelect = {
  opportunity: {
    select: {
      primaryContact: {
        select: {
          timezone: true,
          company: { select: { timezone: true } },
          communicationPreference: { select: { timezone: true } },
        },
      },
    },
  },
} satisfies Prisma.PartnershipSelect

type ClientTimeZoneRow = Prisma.PartnershipGetPayload<{ select: typeof clientTimeZoneSelect }>

export function clientTimeZoneOf({ opportunity: { primaryContact: contact } }: ClientTimeZoneRow): string {
  return recipientTimeZone({
    preference: contact.communicationPreference?.timezone,
    person: contact.timezone,
    company: contact.company.timezone,
  })
}
