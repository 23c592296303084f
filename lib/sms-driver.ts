import twilio from 'twilio'
import type TwilioRequestClient from 'twilio/lib/base/RequestClient'

export interface OutgoingSms {
  to: string
  body: string
  /** Where Twilio reports queued → sent → delivered (or failed): the CRM's signed Twilio webhook. */
  statusCallback?: string
}

export interface SentSms {
  sid: string
  status: string
}

/** Twilio refused the message for good (a bad or unreachable number): retrying cannot help. */
export class SmsRejected extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.name = 'SmsRejected'
  }
}

export interface SmsDriver {
  /** The sending number (E.164). */
  readonly from: string
  send(sms: OutgoingSms): Promise<SentSms>
}

export interface TwilioSettings {
  accountSid: string
  authToken: string
  from: string
  /** Another base than https://api.twilio.com: the local stand-in in development and tests (dev/twilio-local.ts). */
  apiBase?: string
}

const twilioApiBase = 'https://api.twilio.com'

/** Twilio's 4xx replies that no retry changes (its error codes 21211, 21612, 21614, 21617, …). */
const permanentStatuses = new Set([400, 404])

/** The one place the Twilio SDK is constructed. */
export function createTwilioClient(settings: Omit<TwilioSettings, 'from'>) {
  const httpClient = settings.apiBase ? new RebasedRequestClient(settings.apiBase) : undefined
  return twilio(settings.accountSid, settings.authToken, httpClient ? { httpClient } : {})
}

export function createTwilioSmsDriver(settings: TwilioSettings): SmsDriver {
  const client = createTwilioClient(settings)
  return {
    from: settings.from,
    async send(sms) {
      try {
        const message = await client.messages.create({
          to: sms.to,
          from: settings.from,
          body: sms.body,
          ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}),
        })
        return { sid: message.sid, status: message.status }
      } catch (error) {
        const { status, code, message } = error as { status?: number; code?: number; message?: string }
        if (status !== undefined && permanentStatuses.has(status)) {
          throw new SmsRejected(code ?? status, message ?? 'Refused by Twilio')
        }
        throw error
      }
    },
  }
}

/** Twilio's own HTTP client, sending what it would send to api.twilio.com to another base instead. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBase: string) {
    super()
  }

  override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(twilioApiBase, this.apiBase.replace(/\/$/, '')) })
  }
}
