import { z } from 'zod'

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes')

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL')

const smtpUrl = z
  .string()
  .url()
  .refine((value) => /^smtps?:\/\//.test(value), 'must be an smtp:// or smtps:// URL')

const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
)

/** Webhook senders and the variable holding each one's signing secret (seed 002 §13.2, Twilio for SMS). */
export const webhookSecretVariables = {
  stripe: 'STRIPE_WEBHOOK_SECRET',
  calcom: 'CALCOM_WEBHOOK_SECRET',
  twilio: 'TWILIO_AUTH_TOKEN',
  'voice-agent': 'VOICE_AGENT_WEBHOOK_SECRET',
  'roi-calculator': 'ROI_CALCULATOR_WEBHOOK_SECRET',
} as const
export type WebhookProviderName = keyof typeof webhookSecretVariables
const webhookProviderNames = Object.keys(webhookSecretVariables) as [WebhookProviderName, ...WebhookProviderName[]]

/**
 * Workflows a worker keeps in memory. Measured (bench/results/worker-memory.md, 2026-12-02, two runs): 0.29–0.31 MiB
 * of resident memory per cached lead workflow; an evicted workflow replays from its history (16 events for a new
 * lead) when it next has work. With the worker's heap limit (workers/worker-heap.ts) a worker holding 1,000 stays at
 * 850–898 MiB with 2,000 to 20,000 open workflows (bench/results/worker-memory-open.md, decision 0059).
 */
export const defaultWorkerMaxCachedWorkflows = 1_000

/**
 * Activities a worker runs at once: the size of its database pool (node-postgres' default of 10 connections, one
 * per activity at a time). At the SDK's 100, a burst measured Prisma's "Unable to start a transaction in the given
 * time" (P2028) on ~1 in 10 acknowledgement sends, each then waiting out an activity retry.
 */
export const defaultWorkerMaxConcurrentActivities = 10

/** Every variable the web and worker processes read. Documented one by one in `.env.example`. */
export const configObjectSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  // Loopback by default so a laptop's CRM is not on the café's network; containers set 0.0.0.0.
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  TRUST_PROXY: booleanFromString.default(false),
  APP_BASE_URL: z.string().url().default('http://localhost:3000'),
  DATABASE_URL: postgresUrl,
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^:\s]+:\d+$/, 'must be host:port, e.g. localhost:7233')
    .default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('durable-crm'),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_TLS: booleanFromString.optional(),
  TEMPORAL_UI_URL: z.string().url().default('http://localhost:8233'),
  SMTP_URL: smtpUrl.default('smtp://localhost:1025'),
  MAIL_FROM: z.string().min(3).default('Durable CRM <crm@durable-crm.localhost>'),
  MAIL_INBOX_URL: z.string().url().optional(),

  SESSION_IDLE_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(120),
  SESSION_ABSOLUTE_TIMEOUT_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SIGN_IN_ATTEMPTS_PER_15_MINUTES: z.coerce.number().int().min(1).max(1000).default(5),
  BOOTSTRAP_ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  BOOTSTRAP_API_KEY: z
    .string()
    .regex(/^crm_[A-Za-z0-9_-]{32,}$/, 'must look like crm_<at least 32 characters>')
    .optional(),
  CORS_ORIGINS: commaSeparated
    .pipe(
      z.array(
        z
          .string()
          .url()
          .transform((origin) => new URL(origin).origin),
      ),
    )
    .default([]),

  WEBHOOK_PROVIDERS: commaSeparated
    .pipe(z.array(z.enum(webhookProviderNames, { message: `must list only ${webhookProviderNames.join(', ')}` })))
    .default([]),
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  // Unset: no Stripe, payments are marked received by a person (decision 0029).
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, 'must be a Stripe secret or restricted key (sk_test_…, sk_live_…, rk_…)')
    .optional(),
  // Another API host, e.g. stripe-mock's http://127.0.0.1:12111 in development and tests.
  STRIPE_API_BASE: z
    .string()
    .url()
    .refine((value) => /^https?:\/\//.test(value), 'must be an http:// or https:// URL')
    .optional(),
  // Who emails a client about an unpaid Stripe invoice (decision 0034): the CRM's sequence (default) or Stripe's
  // reminder emails (then the CRM's sequence keeps only its SMS, call task and escalation).
  STRIPE_DUNNING: z.enum(['crm', 'stripe']).default('crm'),
  CALCOM_WEBHOOK_SECRET: z.string().min(8).optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  // SMS (§13.1): Twilio's account and sending number; `npm start` runs a local stand-in when no account is set.
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)')
    .optional(),
  TWILIO_FROM_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form, e.g. +15005550006')
    .optional(),
  TWILIO_API_BASE: z.string().url().optional(),
  SMS_INBOX_URL: z.string().url().optional(),
  VOICE_AGENT_WEBHOOK_SECRET: z.string().min(16).optional(),
  ROI_CALCULATOR_WEBHOOK_SECRET: z.string().min(16).optional(),

  // Signs the unsubscribe links in emails; changing it breaks every link already sent.
  UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  BOOKING_URL: z.string().url().default('https://cal.com/durable-crm/discovery'),
  ROI_CALCULATOR_URL: z.string().url().default('http://localhost:3000/roi-calculator'),

  // Worker sizing: with its heap limit (workers/worker-heap.ts) memory levels off under 1 GiB however many workflows
  // are open (bench/results/worker-memory-open.md, decision 0059).
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(defaultWorkerMaxCachedWorkflows),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(defaultWorkerMaxConcurrentActivities),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(10_000).default(40),
  // The machine's CPU share above which the worker takes no more tasks than its minimum (decision 0058); unset:
  // always up to the maxima above.
  WORKER_TARGET_CPU: z.coerce.number().gt(0).max(1).optional(),
  // Fewer tasks while the web process serves requests, heard through PostgreSQL (decision 0060); ignored with
  // WORKER_TARGET_CPU, which yields to everything on the machine instead.
  WORKER_YIELD_TO_WEB: booleanFromString.default(true),
  // The workflows bundled ahead (scripts/bundle-workflows.ts, as `npm start` does); unset: bundled at each start.
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
})

/** Outside production only: unsubscribe links of a laptop's CRM need no secret of their own. */
export const developmentUnsubscribeSecret = 'durable-crm-development-unsubscribe-secret'

// An enabled webhook provider without its secret would accept unsigned requests, and a production CRM with the
// well-known development unsubscribe secret would let anyone unsubscribe anyone: refuse to start instead.
export const configSchema = configObjectSchema
  .superRefine((config, context) => {
    for (const provider of config.WEBHOOK_PROVIDERS) {
      const variable = webhookSecretVariables[provider]
      if (!config[variable]) {
        context.addIssue({
          code: 'custom',
          path: [variable],
          message: `is required because WEBHOOK_PROVIDERS enables ${provider}`,
        })
      }
    }
    if (
      Boolean(config.BOOTSTRAP_ADMIN_EMAIL) !== Boolean(config.BOOTSTRAP_ADMIN_PASSWORD) &&
      config.NODE_ENV === 'production'
    ) {
      context.addIssue({
        code: 'custom',
        path: [config.BOOTSTRAP_ADMIN_EMAIL ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL'],
        message: 'must be set together with the other BOOTSTRAP_ADMIN_* variable in production',
      })
    }
    if (!config.UNSUBSCRIBE_SECRET && config.NODE_ENV === 'production') {
      context.addIssue({ code: 'custom', path: ['UNSUBSCRIBE_SECRET'], message: 'is required in production' })
    }
  })
  .transform((config) => ({ ...config, UNSUBSCRIBE_SECRET: config.UNSUBSCRIBE_SECRET ?? developmentUnsubscribeSecret }))

export type AppConfig = z.infer<typeof configSchema>

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.message}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Reads and validates the environment once; throws a ConfigError naming every variable at fault. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  const parsed = configSchema.safeParse(present)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required but not set' : issue.message,
      })),
    )
  }
  return parsed.data
}

/** For entry points: load the config or print what is wrong and exit. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
}

/** Deep link to a workflow's latest run in the Temporal Web UI. */
export function temporalUiWorkflowUrl(
  config: Pick<AppConfig, 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'>,
  workflowId: string,
) {
  const base = config.TEMPORAL_UI_URL.replace(/\/$/, '')
  return `${base}/namespaces/${encodeURIComponent(config.TEMPORAL_NAMESPACE)}/workflows/${encodeURIComponent(workflowId)}`
}
