// How documents and emails to a person write numbers in their language: whole dollars and percents, one
// decimal for hours and weeks, long dates. One place, so the ROI report, the proposal and their emails agree.
import type { Language } from '../../prisma/generated/enums'

export const localeOf: Record<Language, string> = { EN: 'en-US', ES: 'es-US' }

export function numberFormats(language: Language) {
  const locale = localeOf[language]
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
  const cents = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', minimumFractionDigits: 2 })
  const percent = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })
  return {
    money: (value: number) => money.format(value),
    /** An amount someone typed in, as typed: cents only when it has them. */
    exactMoney: (value: number) => (Number.isInteger(value) ? money : cents).format(value),
    decimal: (value: number) => decimal.format(value),
    percentage: (value: number) => `${percent.format(value)}%`,
    date: (value: Date) => date.format(value),
  }
}

export type NumberFormats = ReturnType<typeof numberFormats>
