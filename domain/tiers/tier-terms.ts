// The three partnership tiers in money and scope. Pure data, shared by the ROI calculator, conversion and the seed.
import type { Language, Tier } from '../../prisma/generated/enums'

export interface TierTerms {
  /** One-off setup fee in USD (seed 002 §2.3). */
  setupFee: number
  /** Monthly fee in USD during the engagement (the spec names none; this is our price list). */
  monthlyFee: number
  /** Length of the engagement in weeks. */
  weeks: number
  /** Systems built during the engagement. */
  systems: number
  /** §7.1's typical weekly hours saved, [low, high]. */
  hoursSaved: readonly [number, number]
}

export const tierTerms: Record<Tier, TierTerms> = {
  DISCOVERY: { setupFee: 4_000, monthlyFee: 1_500, weeks: 8, systems: 1, hoursSaved: [5, 8] },
  FOUNDATION: { setupFee: 9_500, monthlyFee: 3_500, weeks: 12, systems: 3, hoursSaved: [12, 18] },
  ARCHITECT: { setupFee: 30_000, monthlyFee: 7_500, weeks: 24, systems: 6, hoursSaved: [20, 30] },
}

export const tierLabels: Record<Tier, { en: string; es: string }> = {
  DISCOVERY: { en: 'Discovery', es: 'Discovery (Descubrimiento)' },
  FOUNDATION: { en: 'Foundation', es: 'Foundation (Fundamentos)' },
  ARCHITECT: { en: 'Architect', es: 'Architect (Arquitecto)' },
}

/** The tier's name and, where the label carries one, its translation ("Foundation (Fundamentos)"). */
export function tierNameIn(tier: Tier, language: Language): { name: string; translation: string | null } {
  const label = language === 'ES' ? tierLabels[tier].es : tierLabels[tier].en
  const match = /^(.+?) \((.+)\)$/.exec(label)
  return match ? { name: match[1]!, translation: match[2]! } : { name: label, translation: null }
}

/** Tiers from smallest to largest, the order every table and chart shows them in. */
export const tierOrder: readonly Tier[] = ['DISCOVERY', 'FOUNDATION', 'ARCHITECT']
