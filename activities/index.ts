import type { ActivityDependencies } from './dependencies'
import { createAssignmentActivities } from './assignment'
import { createBillingActivities } from './billing'
import { createPartnershipPaymentActivities } from './partnership-payments'
import { createClientMessageActivities } from './client-messages'
import { createConversionActivities } from './conversion'
import { createDealActivities } from './deals'
import { createEmailActivities } from './email'
import { createIngestedEventActivities } from './ingested-events'
import { createLeadActionActivities } from './lead-actions'
import type { LeadLifecycleActivities } from './lead-lifecycle-contract'
import { createLeadSnapshotActivities } from './lead-snapshot'
import { createLeadStartActivities } from './lead-start'
import { createNotificationActivities } from './notifications'
import { createNurtureActivities } from './nurture'
import { createPartnershipActivities } from './partnerships'
import { createPartnershipWorkActivities } from './partnership-work'
import { createRecordActivities } from './records'
import { createRetargetingActivities } from './retargeting'
import { createScheduledReportActivities } from './scheduled-reports'
import { createScoringActivities } from './scoring'

export type { ActivityDependencies } from './dependencies'

/** The lead workflow's activities (activities/lead-lifecycle-contract.ts), one small module each. */
export function createLeadLifecycleActivities(dependencies: ActivityDependencies): LeadLifecycleActivities {
  return {
    ...createLeadSnapshotActivities(dependencies),
    ...createAssignmentActivities(dependencies),
    ...createScoringActivities(dependencies),
    ...createLeadStartActivities(dependencies),
    ...createNurtureActivities(dependencies),
    ...createNotificationActivities(dependencies),
    ...createLeadActionActivities(dependencies),
    ...createConversionActivities(dependencies),
    ...createRetargetingActivities(dependencies),
  }
}

/** Every activity the worker registers, built from injected clients. */
export function createActivities(dependencies: ActivityDependencies) {
  return {
    ...createRecordActivities(dependencies),
    ...createEmailActivities(dependencies),
    ...createIngestedEventActivities(dependencies),
    ...createLeadLifecycleActivities(dependencies),
    ...createDealActivities(dependencies),
    ...createPartnershipActivities(dependencies),
    ...createPartnershipWorkActivities(dependencies),
    ...createBillingActivities({ db: dependencies.db, billing: dependencies.billing }),
    ...createPartnershipPaymentActivities({
      db: dependencies.db,
      stripeBills: dependencies.billing !== undefined,
      stripeDunning: dependencies.stripeDunning ?? 'crm',
    }),
    ...createClientMessageActivities(dependencies),
    ...createScheduledReportActivities(dependencies),
  }
}

export type LeadActivities = ReturnType<typeof createActivities>
