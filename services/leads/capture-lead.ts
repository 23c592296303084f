import { randomUUID } from 'node:crypto'
import type { Client } from '@temporalio/client'
import type { KeptField } from '../../domain/integrations/parse'
import type { Database } from '../../lib/db'
import { leadDataFromSubmission, leadGapsFilledBy, type LeadSubmission } from '../../domain/leads/lead-input'
import { leadWorkflowId } from '../../workflows/entity-ids'
import { leadEventSignal } from '../../workflows/lead-messages'
import { logger } from '../../lib/logger'
import { newConsentPreference, recordMarketingConsent } from '../ingestion/consent'
import { ingestionTransactionOptions, lockKey, type Transaction } from '../ingestion/ingestion-dependencies'
import { keptFieldsEntry, recordKeptFields } from '../ingestion/kept-fields'
import { uniqueViolationFields } from '../records/prisma-errors'
import { signalEntityWorkflow, startEntityWorkflow } from '../workflows/entity-workflow-client'
import { leadSelect, type SelectedLead } from './lead-representation'
import { leadWorkflowOf } from './lead-workflow'

export interface CaptureLeadDependencies {
  db: Database
  temporal: Client
  taskQueue: string
}

export interface CapturedLead {
  /** The lead as it stands after this capture, its workflow columns as this request leaves them (see below). */
  lead: SelectedLead
  created: boolean
  /**
   * `started`: the lead's workflow runs (or was told). `pending`: Temporal did not answer in time; the lead is
   * recorded and the workflow reconciler starts its workflow once Temporal is back.
   */
  workflow: 'started' | 'pending'
}

const consentSource = 'website form'

/** What the capture source sent that the lead has no column for, and how the timeline names the source. */
export interface KeptFromSubmission {
  label: string
  fields: KeptField[]
}

/**
 * One person, one lead: a new address creates the lead and starts `lead-<id>`; a known address is the same person
 * coming back — their lead keeps its first touch, gains what it did not know, and its workflow hears
 * `lead.captured`. The lead, its consent and what was kept are written together or not at all.
 * When Temporal does not answer in time the lead stays recorded with its workflow NOT_STARTED, which is the
 * durable queue the workflow reconciler drains. The web process never writes the lead's workflow columns: the
 * workflow does, through its activity.
 */
export async function captureLead(
  { db, temporal, taskQueue }: CaptureLeadDependencies,
  submission: LeadSubmission,
  kept: KeptFromSubmission = { label: 'a lead submission', fields: [] },
): Promise<CapturedLead> {
  const now = new Date()
  const { lead, created } =
    (await insertNewPerson(db, submission, kept, now)) ?? (await knownPersonReturning(db, submission, kept, now))

  const workflow = leadWorkflowOf(lead)
  try {
    if (created) await startEntityWorkflow(temporal, workflow, taskQueue)
    else
      await signalEntityWorkflow(temporal, workflow, taskQueue, leadEventSignal, {
        eventId: `lead-form:${randomUUID()}`,
        kind: 'lead.captured',
        occurredAt: now.toISOString(),
      })
  } catch (error) {
    logger.warn('The lead is recorded; its workflow will be started by the reconciler', { leadId: lead.id, error })
    return { lead, created, workflow: 'pending' }
  }
  return { lead: asStarted(lead), created, workflow: 'started' }
}

/**
 * The lead as the answer reports it once its workflow runs: the id is `lead-<id>` by construction, and a lead whose
 * workflow has not written its projection yet reads as running. Computed, never written: the projection is the
 * workflow's.
 */
function asStarted(lead: SelectedLead): SelectedLead {
  return {
    ...lead,
    workflowId: lead.workflowId ?? leadWorkflowId(lead.id),
    workflowStatus: lead.workflowStatus === 'NOT_STARTED' ? 'RUNNING' : lead.workflowStatus,
  }
}

const { outboxMessages: _outboxMessages, ...leadScalarSelect } = leadSelect

/**
 * A new person (the common case) as one INSERT, its consent and kept fields nested in it: no transaction and no lock
 * of our own, because the unique address is the lock — a concurrent capture or event for the same address waits on
 * it and then finds this lead (decision 0058). `null` when the address is known: the caller's transaction takes over.
 */
async function insertNewPerson(
  db: Database,
  submission: LeadSubmission,
  kept: KeptFromSubmission,
  now: Date,
): Promise<{ lead: SelectedLead; created: true } | null> {
  try {
    const inserted = await db.lead.create({
      data: {
        ...leadDataFromSubmission(submission),
        ...(submission.marketingConsent === true && {
          communicationPreference: {
            create: newConsentPreference({
              marketingConsent: true,
              at: now,
              source: consentSource,
              timezone: submission.timezone,
            }),
          },
        }),
        ...(kept.fields.length > 0 && {
          activities: {
            create: { ...keptFieldsEntry({ label: kept.label, channel: 'FORM' }, kept.fields), type: 'SYSTEM_EVENT' },
          },
        }),
      },
      select: leadScalarSelect,
    })
    return { lead: { ...inserted, outboxMessages: [] }, created: true }
  } catch (error) {
    if (uniqueViolationFields(error)?.includes('email')) return null
    throw error
  }
}

/** A known address: the person's lead gains what it did not know, their consent and what was kept, in one transaction. */
async function knownPersonReturning(
  db: Database,
  submission: LeadSubmission,
  kept: KeptFromSubmission,
  now: Date,
): Promise<{ lead: SelectedLead; created: false }> {
  return db.$transaction(async (tx) => {
    // The lock every ingestion path takes for a person, so two read-modify-writes of one lead never interleave.
    await lockKey(tx, `person:${submission.email}`)
    const lead = await knownLeadGainingGaps(tx, submission)
    await recordMarketingConsent(
      tx,
      { leadId: lead.id },
      { marketingConsent: submission.marketingConsent, at: now, source: consentSource, timezone: submission.timezone },
    )
    await recordKeptFields(
      tx,
      { leadId: lead.id, contactId: null },
      { label: kept.label, channel: 'FORM' },
      kept.fields,
    )
    return { lead, created: false as const }
  }, ingestionTransactionOptions)
}

async function knownLeadGainingGaps(tx: Transaction, submission: LeadSubmission): Promise<SelectedLead> {
  const existing = await tx.lead.findUniqueOrThrow({ where: { email: submission.email }, select: leadSelect })
  const gaps = leadGapsFilledBy(existing, submission)
  if (Object.keys(gaps).length === 0) return existing
  return tx.lead.update({ where: { id: existing.id }, data: gaps, select: leadSelect })
}
