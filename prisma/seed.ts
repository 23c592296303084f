// `npm run seed`: loads the demo data of seed-data.ts into DATABASE_URL (or the running `npm start`'s database) and
// starts the workflows of its open records. Every row has a fixed id and is inserted with skipDuplicates, so
// running it again adds nothing and leaves edits made in the app alone.
import 'dotenv/config'
import { pathToFileURL } from 'node:url'
import path from 'node:path'
import { readRunningSystem } from '../dev/running-system'
import { repoRoot } from '../dev/temporal-binaries'
import { loadConfig } from '../lib/config'
import { createDatabase, type Database } from '../lib/db'
import { createTemporalClient } from '../lib/temporal'
import { ensureReportSchedules } from '../services/reports/report-schedules'
import { generateSeedData, type SeedData } from './seed-data'
import { startSeededWorkflows } from './seed-workflows'

type Client = Parameters<Parameters<Database['$transaction']>[0]>[0]

/** Inserts what is missing, in one transaction; returns how many rows each table gained. */
export async function seed(db: Database, data: SeedData = generateSeedData()) {
  return db.$transaction(
    async (tx: Client) => {
      // Parents before children: each table's foreign keys point at tables inserted above it.
      const options = { skipDuplicates: true } as const
      const begun = await historiesBegun(tx)
      return {
        users: (await tx.user.createMany({ data: data.users, ...options })).count,
        companies: (await tx.company.createMany({ data: data.companies, ...options })).count,
        contacts: (await tx.contact.createMany({ data: data.contacts, ...options })).count,
        communicationPreferences: (
          await tx.communicationPreference.createMany({ data: data.communicationPreferences, ...options })
        ).count,
        opportunities: (await tx.opportunity.createMany({ data: data.opportunities, ...options })).count,
        dealStageTransitions: (
          await tx.dealStageTransition.createMany({
            data: data.dealStageTransitions.filter((row) => !begun.deals.has(row.opportunityId)),
            ...options,
          })
        ).count,
        proposedSystems: (await tx.proposedSystem.createMany({ data: data.proposedSystems, ...options })).count,
        leads: (await tx.lead.createMany({ data: data.leads, ...options })).count,
        partnerships: (await tx.partnership.createMany({ data: data.partnerships, ...options })).count,
        partnershipMilestones: (
          await tx.partnershipMilestone.createMany({ data: data.partnershipMilestones, ...options })
        ).count,
        partnershipMeetings: (await tx.partnershipMeeting.createMany({ data: data.partnershipMeetings, ...options }))
          .count,
        partnershipStatusChanges: (
          await tx.partnershipStatusChange.createMany({
            data: data.partnershipStatusChanges.filter((row) => !begun.partnershipStatus.has(row.partnershipId)),
            ...options,
          })
        ).count,
        partnershipHealthSnapshots: (
          await tx.partnershipHealthSnapshot.createMany({
            data: data.partnershipHealthSnapshots.filter((row) => !begun.partnershipHealth.has(row.partnershipId)),
            ...options,
          })
        ).count,
        deliveredSystems: (await tx.deliveredSystem.createMany({ data: data.deliveredSystems, ...options })).count,
        payments: (await tx.payment.createMany({ data: data.payments, ...options })).count,
        voiceSessions: (await tx.voiceSession.createMany({ data: data.voiceSessions, ...options })).count,
        roiCalculations: (await tx.rOICalculation.createMany({ data: data.roiCalculations, ...options })).count,
        calendarBookings: (await tx.calendarBooking.createMany({ data: data.calendarBookings, ...options })).count,
        activities: (await tx.activity.createMany({ data: data.activities, ...options })).count,
        outboxMessages: (await tx.outboxMessage.createMany({ data: data.outboxMessages, ...options })).count,
        marketingSpends: (await tx.marketingSpend.createMany({ data: data.marketingSpends, ...options })).count,
        scheduledReportRecipients: (
          await tx.scheduledReportRecipient.createMany({ data: data.scheduledReportRecipients, ...options })
        ).count,
      } satisfies Record<keyof SeedData, number>
    },
    { timeout: 60_000 },
  )
}

/**
 * The records whose history has begun, for each history the seed writes: they get no seeded one. A run that started on
 * a database seeded before the seed carried that history began its own, and the two would number their entries alike.
 */
async function historiesBegun(tx: Client) {
  const deals = await tx.dealStageTransition.findMany({ distinct: ['opportunityId'], select: { opportunityId: true } })
  const statuses = await tx.partnershipStatusChange.findMany({
    distinct: ['partnershipId'],
    select: { partnershipId: true },
  })
  const health = await tx.partnershipHealthSnapshot.findMany({
    distinct: ['partnershipId'],
    select: { partnershipId: true },
  })
  return {
    deals: new Set(deals.map((row) => row.opportunityId)),
    partnershipStatus: new Set(statuses.map((row) => row.partnershipId)),
    partnershipHealth: new Set(health.map((row) => row.partnershipId)),
  }
}

async function main() {
  const dataDir = path.resolve(repoRoot, process.env.DATA_DIR || '.data')
  // Beside a running `npm start`, its database and Temporal; otherwise what the environment (or .env) names.
  const running = process.env.DATABASE_URL ? null : readRunningSystem(dataDir)
  if (!process.env.DATABASE_URL && !running) {
    console.error(
      `DATABASE_URL is not set and no running \`npm start\` was found in ${dataDir}: start the system with ` +
        '`npm start` (or `npm start -- --seed`), or point DATABASE_URL and TEMPORAL_ADDRESS at your own.',
    )
    process.exit(1)
  }
  const config = loadConfig({ ...process.env, ...running })
  const db = createDatabase(config.DATABASE_URL)
  const temporal = createTemporalClient(config)
  try {
    const seededAt = new Date()
    const data = generateSeedData(seededAt, config)
    const inserted = await seed(db, data)
    for (const table of Object.keys(data) as (keyof SeedData)[]) {
      const count = inserted[table]
      console.log(`${table.padEnd(26)} ${String(count).padStart(4)} new of ${data[table].length}`)
    }
    const started = await startSeededWorkflows(temporal, db, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      seededAt,
      leadIds: data.leads.map((lead) => lead.id!),
      opportunityIds: data.opportunities.map((deal) => deal.id!),
      partnershipIds: data.partnerships.map((partnership) => partnership.id!),
      voiceSessionIds: data.voiceSessions.map((session) => session.id!),
    }).catch((error: unknown) => {
      throw new Error(
        `The rows are in, but the workflows of the seeded records could not be started on Temporal at ` +
          `${config.TEMPORAL_ADDRESS} (${error instanceof Error ? error.message : String(error)}). ` +
          'Run `npm run seed` again once Temporal answers: it adds nothing twice.',
      )
    })
    // The seeded recipients' report schedules, now rather than at the worker's next start.
    await ensureReportSchedules({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE }).then(
      (schedules) =>
        console.log(
          `report schedules              ${schedules.created.length} created, ${schedules.updated.length} kept`,
        ),
      (error: unknown) =>
        console.warn(
          `report schedules              not ensured (${error instanceof Error ? error.message : String(error)}); ` +
            'the worker creates them at its next start',
        ),
    )
    console.log(
      `workflows started             ${started.leads} open leads, ${started.deals} open deals, ${started.partnerships} running partnerships, ${started.anonymousVoiceSessions} anonymous voice sessions`,
    )
  } finally {
    await temporal.connection.close()
    await db.$disconnect()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
