import type { AssumableInput, RoiCalculationChange } from '../../domain/integrations/roi-calculator'
import type { EmployeeCount, Industry } from '../../prisma/generated/enums'
import { ownerOfRow, signalOrApplyHere, type OwnerCandidateRow } from './event-owner'
import type { IngestionDependencies } from './ingestion-dependencies'
import { applyRecordedEvent } from './ingested-events'
import { roiCalculationPerson, storedNotes, tellRoiCalculationWorkflow, unknownCalculation } from './roi-calculations'

interface CalculationCandidate extends OwnerCandidateRow {
  via: 'person' | 'calculation' | 'contact' | 'lead'
  email: string | null
  industry: Industry | null
  employeeCount: EmployeeCount | null
  calculations: unknown
}

/**
 * The request's part of a claimed ROI calculator event (decision 0016). One statement reads the calculation's owner,
 * else the contact or lead with the address it has or this change brings (the order `storeCalculation` resolves them
 * in), and the inputs a report request's new lead is described by. A report request for a calculation the CRM has
 * not received is refused here (409, FAILED: the redelivery finishes it). Then the person's lead hears one event
 * naming the WebhookEvent, and its workflow stores the calculation (applyIngestedEvent). A calculation of nobody (no
 * address), of a customer or of a closed lead is stored here with the same function.
 */
export async function signalRoiCalculationEvent(
  dependencies: IngestionDependencies,
  change: RoiCalculationChange,
  { eventId, webhookEventId }: { eventId: string; webhookEventId: string },
): Promise<'settled'> {
  const rows = await dependencies.db.$queryRaw<CalculationCandidate[]>`
    WITH r AS (SELECT id, "leadId", "contactId", email, industry, "employeeCount", calculations
                 FROM "ROICalculation" WHERE "externalId" = ${change.externalId ?? null}::text),
         p AS (SELECT COALESCE(${change.email ?? null}::text, (SELECT email FROM r)) AS email)
    SELECT 'person' AS via, NULL AS "contactId", NULL AS "leadId", NULL AS status, NULL AS source, NULL AS "workflowId",
           p.email, NULL::"Industry" AS industry, NULL::"EmployeeCount" AS "employeeCount", NULL::jsonb AS calculations
      FROM p
    UNION ALL
    SELECT 'calculation', r."contactId", l.id, l.status::text, l.source::text, l."workflowId", NULL, r.industry,
           r."employeeCount", r.calculations
      FROM r LEFT JOIN "Lead" l ON l.id = r."leadId"
    UNION ALL
    (SELECT 'contact', c.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM "Contact" c, p
      WHERE lower(c.email) = lower(p.email) ORDER BY c."createdAt" LIMIT 1)
    UNION ALL
    SELECT 'lead', NULL, l.id, l.status::text, l.source::text, l."workflowId", NULL, NULL, NULL, NULL
      FROM "Lead" l, p WHERE l.email = p.email`
  const person = rows.find((row) => row.via === 'person')!
  const calculation = rows.find((row) => row.via === 'calculation')
  if (!calculation && !change.inputs) throw unknownCalculation()
  const owner = ownerOfRow(calculation) ??
    ownerOfRow(rows.find((row) => row.via === 'contact')) ??
    ownerOfRow(rows.find((row) => row.via === 'lead')) ?? { kind: 'nobody' as const }
  // Who a new lead is: the inputs of this change, else those the calculation was computed from.
  const inputs = change.inputs ?? { industry: calculation!.industry!, employeeCount: calculation!.employeeCount! }
  const assumedInputs: AssumableInput[] = change.inputs
    ? change.assumedInputs
    : storedNotes(calculation!.calculations).assumedInputs
  return signalOrApplyHere(dependencies, {
    owner,
    person: person.email ? roiCalculationPerson(person.email, inputs, assumedInputs, change) : null,
    event: {
      eventId: `roi-calculator:${eventId}`,
      kind: change.reportRequested ? 'roi.report.requested' : 'roi.calculation.completed',
      occurredAt: change.occurredAt.toISOString(),
      webhookEventId,
    },
    applyHere: async () => {
      const applied = await applyRecordedEvent(dependencies.db, webhookEventId)
      if (applied?.roiCalculation) await tellRoiCalculationWorkflow(dependencies, applied.roiCalculation, change)
    },
  })
}
