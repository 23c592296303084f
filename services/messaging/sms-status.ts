// Twilio's delivery status callbacks recorded on the outbox row of the SMS (decision 0033): each status only moves
// the row forward (a late `sent` never overwrites `delivered`), so duplicates and any order leave the same row.
import { advancesSmsStatus } from '../../domain/communication/sms-delivery-status'
import type { Database } from '../../lib/db'

export interface SmsStatusReport {
  messageSid: string
  status: string
  errorCode: string | null
  at: Date
}

/** Applies one status to the SMS whose SID it names; false when no such SMS is recorded (yet). */
export async function recordSmsStatus(db: Database, report: SmsStatusReport): Promise<boolean> {
  for (;;) {
    const row = await db.outboxMessage.findFirst({
      where: { channel: 'SMS', providerMessageId: report.messageSid },
      select: { id: true, providerStatus: true },
    })
    if (!row) return false
    if (!advancesSmsStatus(row.providerStatus, report.status)) return true
    // Compare-and-set on the status read: a concurrent callback that moved it first makes this one look again.
    const { count } = await db.outboxMessage.updateMany({
      where: { id: row.id, providerStatus: row.providerStatus },
      data: {
        providerStatus: report.status,
        providerErrorCode: report.errorCode ?? undefined,
        providerStatusAt: report.at,
      },
    })
    if (count === 1) return true
  }
}

/**
 * Twilio can call back before its answer to the send has been recorded (the SID is not on the row yet): those
 * callbacks are stored as webhook events all the same. Once the SID is recorded, the sender applies them here.
 */
export async function applyRecordedSmsStatuses(db: Database, messageSid: string): Promise<void> {
  const events = await db.webhookEvent.findMany({
    where: { provider: 'TWILIO', eventId: { startsWith: `${messageSid}:` } },
    select: { payload: true, receivedAt: true },
  })
  for (const event of events) {
    const report = smsStatusReportOf(event.payload as Record<string, unknown>, event.receivedAt)
    if (report) await recordSmsStatus(db, report)
  }
}

/** The status a Twilio callback reports, or null when it reports none (an inbound message). */
export function smsStatusReportOf(payload: Record<string, unknown>, at: Date): SmsStatusReport | null {
  const text = (name: string) => (typeof payload[name] === 'string' && payload[name] !== '' ? payload[name] : null)
  const messageSid = text('MessageSid')
  const status = text('MessageStatus') ?? text('SmsStatus')
  if (!messageSid || !status || status === 'received') return null
  return { messageSid, status, errorCode: text('ErrorCode'), at }
}
