import type { Parsed } from '../../domain/integrations/parse'
import { smsKeywordOf, type SmsKeyword } from '../../domain/communication/sms-keywords'
import { smsStatusReportOf, type SmsStatusReport } from './sms-status'

export type TwilioEvent =
  | { kind: 'status'; report: Omit<SmsStatusReport, 'at'> }
  | {
      kind: 'inbound'
      messageSid: string
      from: string
      body: string
      keyword: { keyword: SmsKeyword; word: string } | null
    }
  /** A voice call's status: recorded only. */
  | { kind: 'other' }

/** A verified Twilio callback in the CRM's terms: a message's delivery status, or a reply from a phone. */
export function parseTwilioEvent(payload: Record<string, unknown>): Parsed<TwilioEvent> {
  const text = (name: string) => (typeof payload[name] === 'string' ? payload[name] : '')
  const status = text('MessageStatus') || text('SmsStatus')
  if (text('MessageSid') && status === 'received') {
    if (!text('From')) return { ok: false, errors: [{ field: 'From', message: 'is required for an inbound message' }] }
    const [messageSid, from, body] = [text('MessageSid'), text('From'), text('Body')]
    return { ok: true, value: { kind: 'inbound', messageSid, from, body, keyword: smsKeywordOf(body) } }
  }
  const report = smsStatusReportOf(payload, new Date(0))
  // A status the CRM does not know (Twilio adds some) is recorded and changes no row: advancesSmsStatus ignores it.
  if (report) {
    const { at: _at, ...withoutTime } = report
    return { ok: true, value: { kind: 'status', report: withoutTime } }
  }
  return { ok: true, value: { kind: 'other' } }
}
