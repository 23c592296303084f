// Seed 002 §5.3 "Success Milestones" and §5.1 "Partnership Phases", in the seed's words, per tier. Pure data:
// the proposal's timeline reads it today, the partnership workflow (next issue) will plan its milestones from it.
//
// | Tier       | Duration | Systems | Key Milestones                                                     |
// |------------|----------|---------|--------------------------------------------------------------------|
// | Discovery  | 8 weeks  | 1       | Week 4: System live, Week 8: Independence check                    |
// | Foundation | 12 weeks | 3       | Week 4: First system, Week 8: Second, Week 12: Third + graduation  |
// | Architect  | 24 weeks | 6       | Every 4 weeks: New system, Monthly: ROI review                     |
//
// Duration and systems are `tierTerms` (weeks, systems); this module adds the milestones and the phases.
import type { Localized } from '../industries/industry-profiles'
import type { Tier } from '../../prisma/generated/enums'
import { tierTerms } from './tier-terms'

export interface TierMilestone {
  /** Week of the engagement, counted from kickoff (week 1). */
  week: number
  text: Localized
  /** The number of systems live once this milestone is reached. */
  systemsLive: number
}

export interface TierPlan {
  weeks: number
  systems: number
  milestones: TierMilestone[]
  /** A milestone that recurs rather than falling on one week ("Monthly: ROI review"), or null. */
  recurring: Localized | null
}

const t = (en: string, es: string): Localized => ({ en, es })
const ordinals: Localized[] = [
  t('First', 'Primer'),
  t('Second', 'Segundo'),
  t('Third', 'Tercer'),
  t('Fourth', 'Cuarto'),
  t('Fifth', 'Quinto'),
  t('Sixth', 'Sexto'),
]

export const tierPlans: Record<Tier, TierPlan> = {
  DISCOVERY: {
    weeks: tierTerms.DISCOVERY.weeks,
    systems: tierTerms.DISCOVERY.systems,
    milestones: [
      { week: 4, text: t('System live', 'Sistema en producción'), systemsLive: 1 },
      { week: 8, text: t('Independence check', 'Revisión de independencia'), systemsLive: 1 },
    ],
    recurring: null,
  },
  FOUNDATION: {
    weeks: tierTerms.FOUNDATION.weeks,
    systems: tierTerms.FOUNDATION.systems,
    milestones: [
      { week: 4, text: t('First system live', 'Primer sistema en producción'), systemsLive: 1 },
      { week: 8, text: t('Second system live', 'Segundo sistema en producción'), systemsLive: 2 },
      {
        week: 12,
        text: t('Third system live + graduation', 'Tercer sistema en producción + graduación'),
        systemsLive: 3,
      },
    ],
    recurring: null,
  },
  ARCHITECT: {
    weeks: tierTerms.ARCHITECT.weeks,
    systems: tierTerms.ARCHITECT.systems,
    // "Every 4 weeks: New system" over 24 weeks: one at weeks 4, 8, …, 24.
    milestones: ordinals.map((ordinal, index) => ({
      week: 4 * (index + 1),
      text: t(`${ordinal.en} system live`, `${ordinal.es} sistema en producción`),
      systemsLive: index + 1,
    })),
    recurring: t('Monthly: ROI review', 'Cada mes: revisión del ROI'),
  },
}

export type PartnershipPhaseName = 'ONBOARDING' | 'DISCOVER' | 'CO_CREATE' | 'DEPLOY' | 'INDEPENDENT'

export interface PartnershipPhase {
  phase: PartnershipPhaseName
  name: Localized
  /** First and last week as §5.1 prints them; `lastWeek` null = open ended ("Week 7+", "Ongoing"). */
  firstWeek: number | null
  lastWeek: number | null
  activities: Localized[]
}

// §5.1: Onboarding (Week 1) · Discover (Week 1-2) · Co-Create (Week 3-6) · Deploy (Week 7+) · Independent (Ongoing).
export const partnershipPhases: readonly PartnershipPhase[] = [
  {
    phase: 'ONBOARDING',
    name: t('Onboarding', 'Incorporación'),
    firstWeek: 1,
    lastWeek: 1,
    activities: [t('Kickoff', 'Arranque'), t('Access', 'Accesos'), t('Goals', 'Objetivos')],
  },
  {
    phase: 'DISCOVER',
    name: t('Discover', 'Descubrir'),
    firstWeek: 1,
    lastWeek: 2,
    activities: [t('Audit', 'Auditoría'), t('Prioritize', 'Priorizar'), t('Roadmap', 'Hoja de ruta')],
  },
  {
    phase: 'CO_CREATE',
    name: t('Co-Create', 'Co-crear'),
    firstWeek: 3,
    lastWeek: 6,
    activities: [t('Build', 'Construir'), t('Train', 'Capacitar'), t('Document', 'Documentar')],
  },
  {
    phase: 'DEPLOY',
    name: t('Deploy', 'Implementar'),
    firstWeek: 7,
    lastWeek: null,
    activities: [t('Launch', 'Lanzar'), t('Optimize', 'Optimizar'), t('Measure', 'Medir')],
  },
  {
    phase: 'INDEPENDENT',
    name: t('Independent', 'Independiente'),
    firstWeek: null,
    lastWeek: null,
    activities: [t('Self-manage', 'Autogestión'), t('Expand', 'Expandir'), t('Refer', 'Referir')],
  },
]
