// What a person enters as a month's marketing spend for one lead source (decision 0040). Pure.
import { z } from 'zod'
import { leadSourceLabels } from '../leads/lead-vocabulary'
import { toFieldErrors, type FieldError } from '../validation/field-errors'
import type { LeadSource } from '../../prisma/generated/enums'

/** The most one source can cost in one month: $10,000,000 (well inside a 32-bit count of cents). */
export const maxMonthSpendCents = 1_000_000_000

export const leadSources = Object.keys(leadSourceLabels) as LeadSource[]

const amountCents = z
  .number({ error: 'must be a number of cents' })
  .int('must be a whole number of cents')
  .min(0, 'must not be negative')
  .max(maxMonthSpendCents, `must be at most ${maxMonthSpendCents} cents`)

/**
 * One month's spend, source by source: `{ month: "2026-11", amounts: { PAID_ADS: 300000, REFERRAL: null } }`.
 * A number sets the source's spend in cents, null removes it (not entered); sources left out are not changed.
 */
export const marketingSpendSheetInput = z.strictObject({
  month: z
    .string({ error: 'must be a month like 2026-11' })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-11'),
  amounts: z.record(z.string(), amountCents.nullable()),
})

export interface MarketingSpendSheet {
  month: string
  amounts: Partial<Record<LeadSource, number | null>>
}

export type SheetParse = { ok: true; sheet: MarketingSpendSheet } | { ok: false; fields: FieldError[] }

/** The sheet, or every field that is wrong, by name (`month`, `amounts.PAID_ADS`, `amounts.BILLBOARDS`). */
export function parseMarketingSpendSheet(input: unknown): SheetParse {
  const parsed = marketingSpendSheetInput.safeParse(input)
  const fields = parsed.success ? [] : toFieldErrors(parsed.error, input, 'marketing spend')
  const amounts = typeof input === 'object' && input !== null ? (input as { amounts?: unknown }).amounts : undefined
  if (typeof amounts === 'object' && amounts !== null) {
    for (const key of Object.keys(amounts)) {
      if (!(leadSources as string[]).includes(key)) {
        fields.push({ field: `amounts.${key}`, message: `is not a lead source (${leadSources.join(', ')})` })
      }
    }
  }
  if (!parsed.success || fields.length > 0) return { ok: false, fields }
  return { ok: true, sheet: parsed.data as MarketingSpendSheet }
}

export type CentsParse = { ok: true; cents: number } | { ok: false; message: string }

/**
 * A dollar amount as a person types it in the form ("1250", "1,250.50", "$80") in whole cents. Empty is no entry;
 * more than two decimals is not a whole number of cents and is refused rather than rounded.
 */
export function dollarsToCents(text: string): CentsParse | null {
  const trimmed = text.trim().replace(/^\$/, '').replaceAll(',', '').trim()
  if (trimmed === '') return null
  if (trimmed.startsWith('-')) return { ok: false, message: 'must not be negative' }
  const match = /^(\d+)(?:\.(\d*))?$/.exec(trimmed)
  if (!match) return { ok: false, message: 'must be an amount in dollars, like 1250.00' }
  const decimals = match[2] ?? ''
  if (decimals.length > 2) return { ok: false, message: 'must be a whole number of cents (at most two decimals)' }
  const cents = Number(match[1]) * 100 + Number(decimals.padEnd(2, '0'))
  if (cents > maxMonthSpendCents) return { ok: false, message: `must be at most $${maxMonthSpendCents / 100}` }
  return { ok: true, cents }
}
