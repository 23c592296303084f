import type { Database } from '../lib/db'
import type { AttachmentRenderers } from '../lib/email-attachments'
import type { MailDriver } from '../lib/mail-driver'
import type { ReportData } from '../services/reports/report-data'

/** What activities need from the outside world, injected by the worker (and by tests). */
export interface ActivityDependencies {
  db: Database
  mail: MailDriver
  mailFrom: string
  /** Where the CRM's pages live, for links in staff alerts and the unsubscribe link. */
  appBaseUrl: string
  /** Signs the unsubscribe tokens in every marketing email (lib/unsubscribe.ts). */
  unsubscribeSecret: string
  /** The booking page the nurture emails send people to (Cal.com). */
  bookingUrl: string
  /** The public ROI calculator, linked from the voice follow-up. */
  roiCalculatorUrl: string
  /** Render what an outbox message references (the ROI report PDF) at send time; the outbox imports none. */
  attachmentRenderers: AttachmentRenderers
  /** Where scheduled reports read their figures; recorded history (services/reports/report-data.ts) by default. */
  reportData?: ReportData
}
