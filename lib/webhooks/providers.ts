import { webhookSecretVariables, type AppConfig, type WebhookProviderName } from '../config'
import type { WebhookProvider } from '../../prisma/generated/enums'
import { calcomSignatureHeader, verifyCalcomDelivery } from './calcom'
import {
  crmIntegrationVerifier,
  crmSignatureHeader,
  roiCalculatorEventTypes,
  voiceAgentEventTypes,
} from './crm-signature'
import type { WebhookVerifier } from './delivery'
import { stripeSignatureHeader, verifyStripeDelivery } from './stripe'
import { twilioSignatureHeader, verifyTwilioDelivery } from './twilio'

export interface WebhookProviderDefinition {
  name: WebhookProviderName
  /** WebhookEvent.provider of its events. */
  provider: WebhookProvider
  /** Paths under /api (seed 002 §13.2; §11.3 adds the landing page's calendar path). */
  paths: readonly string[]
  signatureHeader: string
  verify: WebhookVerifier
}

export const webhookProviders: readonly WebhookProviderDefinition[] = [
  {
    name: 'stripe',
    provider: 'STRIPE',
    paths: ['/webhooks/stripe'],
    signatureHeader: stripeSignatureHeader,
    verify: verifyStripeDelivery,
  },
  {
    name: 'calcom',
    provider: 'CALCOM',
    paths: ['/webhooks/calendar', '/crm/webhooks/calendar'],
    signatureHeader: calcomSignatureHeader,
    verify: verifyCalcomDelivery,
  },
  {
    name: 'twilio',
    provider: 'TWILIO',
    paths: ['/webhooks/twilio'],
    signatureHeader: twilioSignatureHeader,
    verify: verifyTwilioDelivery,
  },
  {
    name: 'voice-agent',
    provider: 'VOICE_AGENT',
    paths: ['/webhooks/voice-agent'],
    signatureHeader: crmSignatureHeader,
    verify: crmIntegrationVerifier(voiceAgentEventTypes),
  },
  {
    name: 'roi-calculator',
    provider: 'ROI_CALCULATOR',
    paths: ['/webhooks/roi-calculator'],
    signatureHeader: crmSignatureHeader,
    verify: crmIntegrationVerifier(roiCalculatorEventTypes),
  },
]

/** The signing secret of an enabled provider (the config refuses to load an enabled provider without one). */
export function webhookSecret(config: AppConfig, name: WebhookProviderName): string {
  const secret = config[webhookSecretVariables[name]]
  if (!secret) throw new Error(`${webhookSecretVariables[name]} is not set`)
  return secret
}
