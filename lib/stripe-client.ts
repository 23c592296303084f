import Stripe from 'stripe'
import type { AppConfig } from './config'

/**
 * The one place the Stripe SDK is constructed (decision 0029). Undefined when STRIPE_SECRET_KEY is unset: the CRM
 * then bills without Stripe and a person marks payments received. The SDK's own retries are off: activities retry
 * with Temporal's policy, under the same idempotency key.
 */
export function createStripeClient(
  config: Pick<AppConfig, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>,
): Stripe | undefined {
  if (!config.STRIPE_SECRET_KEY) return undefined
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : undefined
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: 0,
    timeout: 20_000,
    appInfo: { name: 'durable-crm' },
    ...(base
      ? {
          host: base.hostname,
          port: base.port ? Number(base.port) : base.protocol === 'https:' ? 443 : 80,
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  })
}
