// The one rule for an opportunity's contract value. Seed 002 sells month-to-month contracts with a setup fee (§1),
// and an opportunity carries `estimatedContractLength: number; // months` (§2.3), stored as `estimatedMonths Int
// @default(12)` (§12): a contract bills whole months, so its value is the setup fee plus the monthly fee for each
// month billed. A tier's engagement (§5: 8, 12 or 24 weeks) bills the months it touches.
import type { Tier } from '../../prisma/generated/enums'
import { tierTerms } from './tier-terms'

export interface ContractTerms {
  setupFee: number
  monthlyFee: number
  /** Whole months billed. */
  estimatedMonths: number
}

/** §12's default contract length when a deal is entered without one. */
export const defaultEstimatedMonths = 12

/** The months a tier's engagement bills: its weeks as months (× 12 / 52), a started month billed whole. */
export function tierEstimatedMonths(tier: Tier): number {
  return Math.ceil((tierTerms[tier].weeks * 12) / 52)
}

/** Setup fee + monthly fee × months billed, in cents-exact dollars. */
export function contractValue({ setupFee, monthlyFee, estimatedMonths }: ContractTerms): number {
  return Math.round((setupFee + monthlyFee * estimatedMonths) * 100) / 100
}

/** The contract a deal starts with when a lead converts on a tier (and the seed's deals). */
export function tierContract(tier: Tier): ContractTerms & { totalContractValue: number } {
  const terms = {
    setupFee: tierTerms[tier].setupFee,
    monthlyFee: tierTerms[tier].monthlyFee,
    estimatedMonths: tierEstimatedMonths(tier),
  }
  return { ...terms, totalContractValue: contractValue(terms) }
}
