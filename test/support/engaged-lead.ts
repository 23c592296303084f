import { randomUUID } from 'node:crypto'
import type { Database, Prisma } from '../../lib/db'

/**
 * A voice agent lead whose first score is 76 (> 70, so MQL), by seed 002 §3.3: industry match 20 + employees 10–25
 * 15 + voice engagement (20 + 6 questions × 15 + 2 full minutes × 10, capped at 100) 20 + an ROI calculation with a
 * report 15 + two sessions 6.
 */
export async function createEngagedLead(
  db: Database,
  { sessionAt, ...lead }: { sessionAt: Date } & Partial<Prisma.LeadUncheckedCreateInput>,
) {
  const created = await db.lead.create({
    data: {
      email: `lead-${randomUUID()}@example.com`,
      source: 'VOICE_AGENT',
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      ...lead,
    },
    select: { id: true, email: true },
  })
  await db.voiceSession.create({
    data: {
      leadId: created.id,
      externalSessionId: `session-${created.id}`,
      startTime: sessionAt,
      duration: 240,
      totalQuestions: 6,
      intents: ['PRICING_INQUIRY'],
    },
  })
  await db.rOICalculation.create({
    data: {
      leadId: created.id,
      industry: 'HVAC',
      employeeCount: 'RANGE_10_25',
      hourlyRate: 40,
      weeklyAdminHours: 20,
      calculations: {},
      reportRequested: true,
    },
  })
  return created
}
