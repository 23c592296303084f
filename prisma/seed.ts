// `npm run seed`: loads the demo data of seed-data.ts into DATABASE_URL. Every row has a fixed id and is
// inserted with skipDuplicates, so running it again adds nothing and leaves edits made in the app alone.
import 'dotenv/config'
import { pathToFileURL } from 'node:url'
import { createDatabase, type Database } from '../lib/db'
import { generateSeedData, type SeedData } from './seed-data'

type Client = Parameters<Parameters<Database['$transaction']>[0]>[0]

/** Inserts what is missing, in one transaction; returns how many rows each table gained. */
export async function seed(db: Database, data: SeedData = generateSeedData()) {
  return db.$transaction(
    async (tx: Client) => {
      // Parents before children: each table's foreign keys point at tables inserted above it.
      const options = { skipDuplicates: true } as const
      return {
        users: (await tx.user.createMany({ data: data.users, ...options })).count,
        companies: (await tx.company.createMany({ data: data.companies, ...options })).count,
        contacts: (await tx.contact.createMany({ data: data.contacts, ...options })).count,
        communicationPreferences: (
          await tx.communicationPreference.createMany({ data: data.communicationPreferences, ...options })
        ).count,
        opportunities: (await tx.opportunity.createMany({ data: data.opportunities, ...options })).count,
        proposedSystems: (await tx.proposedSystem.createMany({ data: data.proposedSystems, ...options })).count,
        leads: (await tx.lead.createMany({ data: data.leads, ...options })).count,
        partnerships: (await tx.partnership.createMany({ data: data.partnerships, ...options })).count,
        deliveredSystems: (await tx.deliveredSystem.createMany({ data: data.deliveredSystems, ...options })).count,
        payments: (await tx.payment.createMany({ data: data.payments, ...options })).count,
        voiceSessions: (await tx.voiceSession.createMany({ data: data.voiceSessions, ...options })).count,
        roiCalculations: (await tx.rOICalculation.createMany({ data: data.roiCalculations, ...options })).count,
        calendarBookings: (await tx.calendarBooking.createMany({ data: data.calendarBookings, ...options })).count,
        activities: (await tx.activity.createMany({ data: data.activities, ...options })).count,
      } satisfies Record<keyof SeedData, number>
    },
    { timeout: 60_000 },
  )
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) {
    console.error('DATABASE_URL is not set: point it at the database to seed (see .env.example).')
    process.exit(1)
  }
  const db = createDatabase(databaseUrl)
  try {
    const data = generateSeedData()
    const inserted = await seed(db, data)
    for (const table of Object.keys(data) as (keyof SeedData)[]) {
      const count = inserted[table]
      console.log(`${table.padEnd(26)} ${String(count).padStart(4)} new of ${data[table].length}`)
    }
  } finally {
    await db.$disconnect()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
