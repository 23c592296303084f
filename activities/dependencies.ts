import type { Database } from '../lib/db'
import type { AttachmentRenderers } from '../lib/email-attachments'
import type { MailDriver } from '../lib/mail-driver'
import type { DunningEmailSender } from '../domain/partnerships/payment-dunning'
import type { BillingDriver } from '../services/payments/billing-driver'
import type { SmsDriver } from '../lib/sms-driver'

/** SMS through Twilio (decision 0031): the driver, and where Twilio reports each message's delivery status. */
export interface SmsChannel {
  driver: SmsDriver
  /** The CRM's signed Twilio webhook (APP_BASE_URL/api/webhooks/twilio); null when it is not enabled. */
  statusCallbackUrl: string | null
}
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
  /** Stripe when STRIPE_SECRET_KEY is set (services/payments/stripe-billing.ts); unset, a person marks payments. */
  billing?: BillingDriver
  /** STRIPE_DUNNING: who emails a client about an unpaid Stripe invoice (decision 0034); `crm` when unset. */
  stripeDunning?: DunningEmailSender
  /** Absent or null without Twilio configured: client messages then go by email only. */
  sms?: SmsChannel | null
  /** Where scheduled reports read their figures; recorded history (services/reports/report-data.ts) by default. */
  reportData?: ReportData
}
