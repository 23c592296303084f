import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import type { Database } from '../../lib/db'
import { Prisma } from '../../lib/db'
import { leadDataFromSubmission, leadGapsFilledBy, type LeadSubmission } from '../../domain/leads/lead-input'
import { leadWorkflowId } from '../../workflows/lead-messages'
import { Problem } from '../problems/problem'
import { recordMarketingConsent } from '../ingestion/consent'
import { ingestionTransactionOptions, lockKey } from '../ingestion/ingestion-dependencies'
import { leadSelect, type SelectedLead } from './lead-representation'
import { signalLeadEvent, startLeadWorkflow } from './lead-workflow-client'

export interface CaptureLeadDependencies {
  db: Database
  temporal: Client
  taskQueue: string
}

export class WorkflowStartError extends Problem {
  constructor(cause: unknown) {
    super('workflow-engine-unavailable', `The lead's workflow could not be started (Temporal is not answering)`, {
      cause,
    })
    this.name = 'WorkflowStartError'
  }
}

const consentSource = 'website form'

/**
 * One person, one lead: a new address creates the lead and starts `lead-<id>`; a known address is the same person
 * coming back — their lead keeps its first touch, gains what it did not know, and its workflow hears
 * `lead.captured`. If a new lead's workflow cannot be started the new row is removed again, so nothing is
 * half-written.
 */
export async function captureLead(
  { db, temporal, taskQueue }: CaptureLeadDependencies,
  submission: LeadSubmission,
): Promise<{ lead: SelectedLead; created: boolean }> {
  const now = new Date()
  const captured = await db.$transaction(async (tx) => {
    await lockKey(tx, `person:${submission.email}`)
    const existing = await tx.lead.findUnique({
      where: { email: submission.email },
      select: {
        id: true,
        source: true,
        status: true,
        workflowId: true,
        firstName: true,
        lastName: true,
        phone: true,
        companyName: true,
        industry: true,
        employeeCount: true,
        aiMaturityIndicators: true,
        timezone: true,
      },
    })
    const lead =
      existing ??
      (await tx.lead.create({
        data: leadDataFromSubmission(submission),
        select: { id: true, source: true, status: true, workflowId: true },
      }))
    if (existing) {
      const gaps = leadGapsFilledBy(existing, submission)
      if (Object.keys(gaps).length > 0)
        await tx.lead.update({ where: { id: existing.id }, data: gaps, select: { id: true } })
    }
    await recordMarketingConsent(
      tx,
      { leadId: lead.id },
      {
        marketingConsent: submission.marketingConsent,
        at: now,
        source: consentSource,
        timezone: submission.timezone,
      },
    )
    return {
      lead: { id: lead.id, source: lead.source, status: lead.status, workflowId: lead.workflowId },
      created: !existing,
    }
  }, ingestionTransactionOptions)

  const { lead, created } = captured
  if (created) {
    try {
      await startLeadWorkflow(temporal, lead, taskQueue)
    } catch (error) {
      await removeUnstartedLead(db, lead.id)
      throw new WorkflowStartError(error)
    }
  } else {
    try {
      await signalLeadEvent(temporal, lead, taskQueue, {
        eventId: `lead-form:${randomUUID()}`,
        kind: 'lead.captured',
        occurredAt: now.toISOString(),
      })
    } catch (error) {
      throw new WorkflowStartError(error)
    }
  }
  return { lead: await recordWorkflowStarted(db, lead.id), created }
}

async function removeUnstartedLead(db: Database, leadId: string) {
  try {
    await db.$transaction([
      db.communicationPreference.deleteMany({ where: { leadId } }),
      db.lead.delete({ where: { id: leadId }, select: { id: true } }),
    ])
  } catch (error) {
    // Another source linked an engagement to the lead meanwhile: keep it; the next event starts its workflow.
    if (!(error instanceof Prisma.PrismaClientKnownRequestError)) throw error
  }
}

async function recordWorkflowStarted(db: Database, leadId: string): Promise<SelectedLead> {
  // The workflow may already have written a later status; only a lead still NOT_STARTED becomes RUNNING.
  await db.lead.updateMany({
    where: { id: leadId, workflowStatus: 'NOT_STARTED' },
    data: { workflowStatus: 'RUNNING' },
  })
  return db.lead.update({ where: { id: leadId }, data: { workflowId: leadWorkflowId(leadId) }, select: leadSelect })
}
