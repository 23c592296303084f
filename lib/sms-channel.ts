import type { SmsChannel } from '../activities/dependencies'
import type { AppConfig } from './config'
import { createTwilioSmsDriver } from './sms-driver'

/**
 * The worker's SMS channel from its configuration: Twilio (or, in development, the local stand-in `npm start` runs
 * and points TWILIO_API_BASE at); null without an account, number and token, and client messages go by email.
 */
export function smsChannelFrom(
  config: Pick<
    AppConfig,
    | 'TWILIO_ACCOUNT_SID'
    | 'TWILIO_AUTH_TOKEN'
    | 'TWILIO_FROM_NUMBER'
    | 'TWILIO_API_BASE'
    | 'APP_BASE_URL'
    | 'WEBHOOK_PROVIDERS'
  >,
): SmsChannel | null {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM_NUMBER: from } = config
  if (!accountSid || !authToken || !from) return null
  return {
    driver: createTwilioSmsDriver({ accountSid, authToken, from, apiBase: config.TWILIO_API_BASE }),
    statusCallbackUrl: config.WEBHOOK_PROVIDERS.includes('twilio')
      ? `${config.APP_BASE_URL.replace(/\/+$/, '')}/api/webhooks/twilio`
      : null,
  }
}
