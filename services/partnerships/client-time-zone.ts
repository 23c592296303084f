import type { Client } from '@temporalio/client'
import { recipientTimeZone } from '../../domain/communication/local-time'
import type { Prisma } from '../../lib/db'
import { endedPartnershipStatuses, tellPartnershipMeetingsChanged } from './partnership-workflow'

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

/**
 * A contact's or a company's zone changed (decision 0051): each running partnership whose client that is hears its
 * client's clock now, read in the transaction that changes it and told before it commits (as a new weekly slot is),
 * so a Temporal that does not answer leaves the zone as it was.
 */
export async function tellPartnershipsOfClientClock(
  transaction: Pick<Prisma.TransactionClient, 'partnership'>,
  temporal: Client,
  client: { contactId: string } | { companyId: string },
): Promise<void> {
  const partnerships = await transaction.partnership.findMany({
    where: {
      status: { notIn: [...endedPartnershipStatuses] },
      opportunity: {
        primaryContact: 'contactId' in client ? { id: client.contactId } : { companyId: client.companyId },
      },
    },
    select: { id: true, ...clientTimeZoneSelect },
  })
  for (const partnership of partnerships) {
    await tellPartnershipMeetingsChanged(temporal, partnership.id, { timeZone: clientTimeZoneOf(partnership) })
  }
}
