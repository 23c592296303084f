// The words of a deal's proposal (seed 002 §13.1 "proposals") in English and Spanish: the sentences
// `buildProposal` writes and the labels the PDF lays out. Numbers arrive already formatted.
import type { Language, SystemCategory, SystemComplexity, Tier } from '../../prisma/generated/enums'
import { plural } from '../formatting/plural'

export interface ProposalCopy {
  brand: string
  title: string
  preparedFor: (name: string, companyName: string) => string
  preparedOn: (date: string) => string
  preparedBy: (name: string, email: string) => string
  intro: (companyName: string, tierName: string) => string
  tierHeading: string
  tierSummary: (weeks: number, systems: number) => string
  tierIncludes: Record<Tier, (systems: number, weeks: number) => string[]>
  systemsHeading: string
  systemColumns: { system: string; category: string; complexity: string; hoursSaved: string }
  category: Record<SystemCategory, string>
  complexity: Record<SystemComplexity, string>
  hoursPerWeek: (formatted: string) => string
  systemsTotal: (formatted: string) => string
  /** When the deal names fewer (or more) systems than the tier includes: said, never filled with made-up ones. */
  systemsToChoose: (tierName: string, included: number, proposed: number, discoverWeeks: string) => string
  systemsBeyondTier: (tierName: string, included: number, proposed: number, discoverWeeks: string) => string
  investmentHeading: string
  feeLabels: { setupFee: string; monthlyFee: string; months: string; contractValue: string }
  perMonth: string
  months: (count: number) => string
  feeTerms: (months: number) => string
  roiHeading: string
  roiLabels: { hoursSaved: string; weeklyValue: string; yearlyValue: string; roi: string; payback: string }
  hoursAWeek: string
  aWeek: string
  aYear: string
  firstYear: string
  weeks: (formatted: string) => string
  roiFromDeal: string
  roiFromCalculation: (date: string) => string
  roiTypical: (tierName: string, low: number, high: number) => string
  timelineHeading: string
  timelineIntro: (weeks: number, systems: number) => string
  phaseWeeks: {
    single: (week: number) => string
    range: (first: number, last: number) => string
    after: (week: number) => string
  }
  milestonesHeading: string
  week: (week: number) => string
  by: (date: string) => string
  nextStepsHeading: string
  nextSteps: string[]
  disclaimer: string
  page: (page: number, pages: number) => string
}

const english: ProposalCopy = {
  brand: 'AI KRE8TION Partners',
  title: 'Partnership proposal',
  preparedFor: (name, companyName) =>
    `Prepared for ${[name, companyName].filter((part) => part.trim() !== '').join(', ')}`,
  preparedOn: (date) => `Prepared on ${date}`,
  preparedBy: (name, email) => `Your contact: ${name} · ${email}`,
  intro: (companyName, tierName) =>
    `This proposal sets out the ${tierName} partnership for ${companyName}: the systems we build with your team, what it costs, what it is projected to return and when each piece goes live.`,
  tierHeading: 'The partnership',
  tierSummary: (weeks, systems) => `${weeks} weeks · ${systems} ${plural(systems, 'system', 'systems')}`,
  tierIncludes: {
    DISCOVERY: (systems, weeks) => [
      `${systems} AI ${plural(systems, 'system', 'systems')}, designed and built with your team`,
      `${weeks} weeks from kickoff to an independence check`,
      'Training and documentation so your team runs it on its own',
    ],
    FOUNDATION: (systems, weeks) => [
      `${systems} AI systems, one going live every 4 weeks`,
      `${weeks} weeks, ending in graduation`,
      'Training and documentation for every system',
    ],
    ARCHITECT: (systems, weeks) => [
      `${systems} AI systems, a new one every 4 weeks`,
      `${weeks} weeks with a monthly ROI review`,
      'Training and documentation for every system',
    ],
  },
  systemsHeading: 'Proposed systems',
  systemColumns: { system: 'System', category: 'Area', complexity: 'Complexity', hoursSaved: 'Hours saved a week' },
  category: {
    LEAD_CAPTURE_QUALIFICATION: 'Lead Capture & Qualification',
    SCHEDULING_DISPATCH: 'Scheduling & Dispatch',
    QUOTE_GENERATION: 'Quote Generation',
    CUSTOMER_COMMUNICATIONS: 'Customer Communications',
    INVOICE_PROCESSING: 'Invoice Processing',
    INVENTORY_MANAGEMENT: 'Inventory Management',
    REPORTING_ANALYTICS: 'Reporting & Analytics',
    QUALITY_CONTROL: 'Quality Control',
    CUSTOM: 'Custom',
  },
  complexity: { SIMPLE: 'Simple', MEDIUM: 'Medium', COMPLEX: 'Complex' },
  hoursPerWeek: (formatted) => `${formatted} h`,
  systemsTotal: (formatted) => `Together: about ${formatted} hours saved a week`,
  systemsToChoose: (tierName, included, proposed, discoverWeeks) =>
    proposed === 0
      ? `The ${tierName} partnership includes ${included} ${plural(included, 'system', 'systems')}. We choose ${plural(included, 'it', 'them')} with you in the Discover phase (${discoverWeeks}).`
      : `The ${tierName} partnership includes ${included} systems; ${proposed} ${plural(proposed, 'is', 'are')} proposed above. We choose ${included - proposed === 1 ? 'the last one' : `the other ${included - proposed}`} with you in the Discover phase (${discoverWeeks}).`,
  systemsBeyondTier: (tierName, included, proposed, discoverWeeks) =>
    `The ${tierName} partnership includes ${included} ${plural(included, 'system', 'systems')}; ${proposed} are proposed above. In the Discover phase (${discoverWeeks}) we choose the ${included} to build first.`,
  investmentHeading: 'Your investment',
  feeLabels: { setupFee: 'Setup fee', monthlyFee: 'Monthly fee', months: 'Months', contractValue: 'Contract value' },
  perMonth: 'per month',
  months: (count) => `${count} ${plural(count, 'month', 'months')}`,
  feeTerms: (months) =>
    `The setup fee is due at kickoff; the monthly fee runs month to month. The contract value counts the setup fee and ${months} ${plural(months, 'month', 'months')} of the monthly fee.`,
  roiHeading: 'Projected return',
  roiLabels: {
    hoursSaved: 'Hours saved',
    weeklyValue: 'Value created',
    yearlyValue: 'Value created',
    roi: 'ROI',
    payback: 'Payback',
  },
  hoursAWeek: 'a week',
  aWeek: 'a week',
  aYear: 'a year (52 weeks)',
  firstYear: 'first year',
  weeks: (formatted) => `${formatted} weeks`,
  roiFromDeal: 'Projection agreed for this proposal.',
  roiFromCalculation: (date) => `From your ROI calculation of ${date}, at the tier's standard pricing.`,
  roiTypical: (tierName, low, high) =>
    `${tierName} partners typically save ${low}–${high} hours a week. We work out your own figures with you in the walkthrough.`,
  timelineHeading: 'Implementation timeline',
  timelineIntro: (weeks, systems) =>
    `${weeks} weeks from kickoff to ${plural(systems, 'a system', 'systems')} your team runs on its own.`,
  phaseWeeks: {
    single: (week) => `Week ${week}`,
    range: (first, last) => `Weeks ${first}–${last}`,
    after: (week) => `After week ${week}`,
  },
  milestonesHeading: 'Milestones',
  week: (week) => `Week ${week}`,
  by: (date) => `by ${date}`,
  nextStepsHeading: 'Next steps',
  nextSteps: [
    'We walk through this proposal together and answer your questions.',
    'You confirm the tier and the systems to start with.',
    'We sign the agreement and schedule your kickoff.',
  ],
  disclaimer: 'Projections are estimates; actual results vary. Fees in US dollars.',
  page: (page, pages) => `Page ${page} of ${pages}`,
}

const spanish: ProposalCopy = {
  brand: 'AI KRE8TION Partners',
  title: 'Propuesta de colaboración',
  preparedFor: (name, companyName) =>
    `Preparada para ${[name, companyName].filter((part) => part.trim() !== '').join(', ')}`,
  preparedOn: (date) => `Preparada el ${date}`,
  preparedBy: (name, email) => `Su contacto: ${name} · ${email}`,
  intro: (companyName, tierName) =>
    `Esta propuesta presenta la colaboración ${tierName} para ${companyName}: los sistemas que construimos con su equipo, su costo, el retorno proyectado y cuándo entra en producción cada parte.`,
  tierHeading: 'La colaboración',
  tierSummary: (weeks, systems) => `${weeks} semanas · ${systems} ${plural(systems, 'sistema', 'sistemas')}`,
  tierIncludes: {
    DISCOVERY: (systems, weeks) => [
      `${systems} ${plural(systems, 'sistema', 'sistemas')} de IA, diseñado y construido con su equipo`,
      `${weeks} semanas desde el arranque hasta una revisión de independencia`,
      'Capacitación y documentación para que su equipo lo maneje por su cuenta',
    ],
    FOUNDATION: (systems, weeks) => [
      `${systems} sistemas de IA, uno nuevo en producción cada 4 semanas`,
      `${weeks} semanas, que terminan con la graduación`,
      'Capacitación y documentación para cada sistema',
    ],
    ARCHITECT: (systems, weeks) => [
      `${systems} sistemas de IA, uno nuevo cada 4 semanas`,
      `${weeks} semanas con una revisión mensual del ROI`,
      'Capacitación y documentación para cada sistema',
    ],
  },
  systemsHeading: 'Sistemas propuestos',
  systemColumns: {
    system: 'Sistema',
    category: 'Área',
    complexity: 'Complejidad',
    hoursSaved: 'Horas ahorradas por semana',
  },
  category: {
    LEAD_CAPTURE_QUALIFICATION: 'Captación y calificación de prospectos',
    SCHEDULING_DISPATCH: 'Agenda y despacho',
    QUOTE_GENERATION: 'Cotizaciones',
    CUSTOMER_COMMUNICATIONS: 'Comunicación con clientes',
    INVOICE_PROCESSING: 'Facturación',
    INVENTORY_MANAGEMENT: 'Inventario',
    REPORTING_ANALYTICS: 'Reportes y análisis',
    QUALITY_CONTROL: 'Control de calidad',
    CUSTOM: 'A medida',
  },
  complexity: { SIMPLE: 'Simple', MEDIUM: 'Media', COMPLEX: 'Compleja' },
  hoursPerWeek: (formatted) => `${formatted} h`,
  systemsTotal: (formatted) => `En conjunto: unas ${formatted} horas ahorradas por semana`,
  systemsToChoose: (tierName, included, proposed, discoverWeeks) =>
    proposed === 0
      ? `La colaboración ${tierName} incluye ${included} ${plural(included, 'sistema', 'sistemas')}. ${plural(included, 'Lo elegimos', 'Los elegimos')} con usted en la fase Descubrir (${discoverWeeks}).`
      : `La colaboración ${tierName} incluye ${included} sistemas; ${proposed} ${plural(proposed, 'se propone', 'se proponen')} arriba. ${plural(included - proposed, 'El otro lo elegimos', `Los otros ${included - proposed} los elegimos`)} con usted en la fase Descubrir (${discoverWeeks}).`,
  systemsBeyondTier: (tierName, included, proposed, discoverWeeks) =>
    `La colaboración ${tierName} incluye ${included} ${plural(included, 'sistema', 'sistemas')}; arriba se proponen ${proposed}. En la fase Descubrir (${discoverWeeks}) elegimos ${plural(included, 'el que se construye', `los ${included} que se construyen`)} primero.`,
  investmentHeading: 'Su inversión',
  feeLabels: {
    setupFee: 'Cuota inicial',
    monthlyFee: 'Cuota mensual',
    months: 'Meses',
    contractValue: 'Valor del contrato',
  },
  perMonth: 'al mes',
  months: (count) => `${count} ${plural(count, 'mes', 'meses')}`,
  feeTerms: (months) =>
    `La cuota inicial se paga al arranque; la cuota mensual es mes a mes. El valor del contrato suma la cuota inicial y ${months} ${plural(months, 'mes', 'meses')} de cuota mensual.`,
  roiHeading: 'Retorno proyectado',
  roiLabels: {
    hoursSaved: 'Horas ahorradas',
    weeklyValue: 'Valor creado',
    yearlyValue: 'Valor creado',
    roi: 'ROI',
    payback: 'Recuperación',
  },
  hoursAWeek: 'por semana',
  aWeek: 'por semana',
  aYear: 'al año (52 semanas)',
  firstYear: 'primer año',
  weeks: (formatted) => `${formatted} semanas`,
  roiFromDeal: 'Proyección acordada para esta propuesta.',
  roiFromCalculation: (date) => `Según su cálculo de ROI del ${date}, con el precio estándar del nivel.`,
  roiTypical: (tierName, low, high) =>
    `Quienes eligen ${tierName} suelen ahorrar ${low}–${high} horas por semana. Calculamos sus propias cifras con usted en la revisión de la propuesta.`,
  timelineHeading: 'Calendario de implementación',
  timelineIntro: (weeks, systems) =>
    `${weeks} semanas desde el arranque hasta ${plural(systems, 'un sistema', 'sistemas')} que su equipo maneja por su cuenta.`,
  phaseWeeks: {
    single: (week) => `Semana ${week}`,
    range: (first, last) => `Semanas ${first}–${last}`,
    after: (week) => `Después de la semana ${week}`,
  },
  milestonesHeading: 'Hitos',
  week: (week) => `Semana ${week}`,
  by: (date) => `para el ${date}`,
  nextStepsHeading: 'Siguientes pasos',
  nextSteps: [
    'Revisamos juntos esta propuesta y respondemos sus preguntas.',
    'Usted confirma el nivel y los sistemas con los que empezamos.',
    'Firmamos el acuerdo y agendamos el arranque.',
  ],
  disclaimer: 'Las proyecciones son estimaciones; los resultados reales varían. Cuotas en dólares estadounidenses.',
  page: (page, pages) => `Página ${page} de ${pages}`,
}

export function proposalCopy(language: Language): ProposalCopy {
  return language === 'ES' ? spanish : english
}
