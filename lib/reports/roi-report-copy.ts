// The words of the ROI report (seed 002 §7.2) in English and Spanish, and how it writes numbers, so the PDF
// renderer only lays things out.
import { numberFormats } from '../../domain/formatting/number-formats'
import { countOf } from '../../domain/formatting/plural'
import type { EmployeeCount, Language } from '../../prisma/generated/enums'

export interface RoiReportCopy {
  locale: string
  brand: string
  title: string
  preparedFor: (firstName: string | null, companyName: string | null) => string
  calculatedOn: (date: string) => string
  intro: string
  inputsHeading: string
  inputLabels: { industry: string; employeeCount: string; hourlyRate: string; weeklyAdminHours: string }
  employeeCount: Record<EmployeeCount, string>
  employees: string
  perHour: string
  hoursPerWeek: string
  tableHeading: string
  columns: {
    tier: string
    hoursSaved: string
    weeklyValue: string
    annualRoi: string
    roiPercentage: string
    payback: string
    firstYearCost: string
  }
  weeks: (formatted: string) => string
  selectedTier: string
  notReached: string
  chartHeading: string
  methodHeading: string
  method: (ranges: string) => string
  chartLegend: { value: string; cost: string }
  industryHeading: (industry: string) => string
  useCasesHeading: string
  systemsHeading: string
  hoursSavedPerWeek: (formatted: string) => string
  caseStudyHeading: string
  timelineHeading: string
  timelineIntro: string
  timelineBar: (weeks: number, systems: number) => string
  week: string
  ctaHeading: string
  ctaBody: string
  ctaButton: string
  disclaimer: string
  /** Marks an input the person did not give, for which the industry average was used. */
  assumedNote: string
  page: (page: number, pages: number) => string
}

const english: RoiReportCopy = {
  locale: 'en-US',
  brand: 'AI KRE8TION Partners',
  title: 'Your ROI report',
  preparedFor: (firstName, companyName) =>
    `Prepared for ${[firstName, companyName].filter((part) => part !== null && part.trim() !== '').join(', ') || 'you'}`,
  calculatedOn: (date) => `Calculated on ${date}`,
  intro:
    'Based on the numbers you entered, this is what each partnership tier could give back to your team every week and over its first year.',
  inputsHeading: 'Your inputs',
  inputLabels: {
    industry: 'Industry',
    employeeCount: 'Team size',
    hourlyRate: 'Hourly rate',
    weeklyAdminHours: 'Admin hours',
  },
  employeeCount: {
    RANGE_1_5: '1–5',
    RANGE_5_10: '5–10',
    RANGE_10_25: '10–25',
    RANGE_25_50: '25–50',
    RANGE_50_PLUS: '50+',
  },
  employees: 'employees',
  perHour: 'per hour',
  hoursPerWeek: 'hours a week',
  tableHeading: 'Your return by tier',
  columns: {
    tier: 'Tier',
    hoursSaved: 'Hours saved a week',
    weeklyValue: 'Value a week',
    annualRoi: 'First-year return',
    roiPercentage: 'ROI',
    payback: 'Payback',
    firstYearCost: 'First-year cost',
  },
  weeks: (formatted) => `${formatted} weeks`,
  selectedTier: 'Your pick',
  notReached: 'not reached',
  chartHeading: 'Value created in a year vs. first-year cost',
  methodHeading: 'How we calculate',
  method: (ranges) =>
    `Hours saved are a share of your weekly admin hours within each tier's typical range (${ranges}), adjusted for your industry and never more than the hours you have. Value = hours saved × your hourly rate. First-year cost = setup fee + monthly fee for each month of the engagement (a started month is billed whole), the same price the contract carries. First-year return = 52 weeks of value - first-year cost. Payback = first-year cost ÷ value a week.`,
  chartLegend: { value: 'Value created in a year', cost: 'First-year cost' },
  industryHeading: (industry) => `What this looks like in ${industry}`,
  useCasesHeading: 'Where partners like you start',
  systemsHeading: 'Systems we typically build',
  hoursSavedPerWeek: (formatted) => `about ${formatted} h saved a week`,
  caseStudyHeading: 'Case study',
  timelineHeading: 'Implementation timeline',
  timelineIntro: 'From kickoff to systems your team runs on its own.',
  timelineBar: (weeks, systems) => `${weeks} weeks · ${countOf(systems, 'system')}`,
  week: 'Week',
  ctaHeading: 'Next step: a free discovery call',
  ctaBody:
    'In 30 minutes we walk through these numbers with you, choose the first system to build and agree on a start date.',
  ctaButton: 'Book your call',
  disclaimer: 'Estimates from your inputs and typical results in your industry; actual results vary.',
  assumedNote: '* Not entered: the industry average was used.',
  page: (page, pages) => `Page ${page} of ${pages}`,
}

const spanish: RoiReportCopy = {
  locale: 'es-US',
  brand: 'AI KRE8TION Partners',
  title: 'Su informe de ROI',
  preparedFor: (firstName, companyName) =>
    `Preparado para ${[firstName, companyName].filter((part) => part !== null && part.trim() !== '').join(', ') || 'usted'}`,
  calculatedOn: (date) => `Calculado el ${date}`,
  intro:
    'Con los datos que ingresó, esto es lo que cada nivel de colaboración podría devolverle a su equipo cada semana y durante su primer año.',
  inputsHeading: 'Sus datos',
  inputLabels: {
    industry: 'Industria',
    employeeCount: 'Tamaño del equipo',
    hourlyRate: 'Costo por hora',
    weeklyAdminHours: 'Horas administrativas',
  },
  employeeCount: {
    RANGE_1_5: '1–5',
    RANGE_5_10: '5–10',
    RANGE_10_25: '10–25',
    RANGE_25_50: '25–50',
    RANGE_50_PLUS: '50+',
  },
  employees: 'empleados',
  perHour: 'por hora',
  hoursPerWeek: 'horas por semana',
  tableHeading: 'Su retorno por nivel',
  columns: {
    tier: 'Nivel',
    hoursSaved: 'Horas ahorradas por semana',
    weeklyValue: 'Valor por semana',
    annualRoi: 'Retorno del primer año',
    roiPercentage: 'ROI',
    payback: 'Recuperación',
    firstYearCost: 'Costo del primer año',
  },
  weeks: (formatted) => `${formatted} semanas`,
  selectedTier: 'Su elección',
  notReached: 'no se alcanza',
  chartHeading: 'Valor creado en un año frente al costo del primer año',
  methodHeading: 'Cómo lo calculamos',
  method: (ranges) =>
    `Las horas ahorradas son una parte de sus horas administrativas semanales dentro del rango típico de cada nivel (${ranges}), ajustada a su industria y nunca mayor que las horas que tiene. Valor = horas ahorradas × su costo por hora. Costo del primer año = cuota inicial + cuota mensual por cada mes de la colaboración (un mes empezado se cobra entero), el mismo precio del contrato. Retorno del primer año = 52 semanas de valor - costo del primer año. Recuperación = costo del primer año ÷ valor por semana.`,
  chartLegend: { value: 'Valor creado en un año', cost: 'Costo del primer año' },
  industryHeading: (industry) => `Cómo se ve en ${industry}`,
  useCasesHeading: 'Por dónde empiezan empresas como la suya',
  systemsHeading: 'Sistemas que solemos construir',
  hoursSavedPerWeek: (formatted) => `unas ${formatted} h ahorradas por semana`,
  caseStudyHeading: 'Caso de éxito',
  timelineHeading: 'Calendario de implementación',
  timelineIntro: 'Desde el arranque hasta sistemas que su equipo maneja por su cuenta.',
  timelineBar: (weeks, systems) => `${weeks} semanas · ${countOf(systems, 'sistema')}`,
  week: 'Semana',
  ctaHeading: 'Siguiente paso: una llamada de diagnóstico gratuita',
  ctaBody:
    'En 30 minutos revisamos estas cifras con usted, elegimos el primer sistema a construir y acordamos una fecha de inicio.',
  ctaButton: 'Agende su llamada',
  disclaimer:
    'Estimaciones a partir de sus datos y de resultados típicos en su industria; los resultados reales varían.',
  assumedNote: '* No indicado: se usó el promedio del sector.',
  page: (page, pages) => `Página ${page} de ${pages}`,
}

export function roiReportCopy(language: Language): RoiReportCopy {
  return language === 'ES' ? spanish : english
}

/** How the report writes numbers (the same as every document and email to a person). */
export function reportNumberFormats(language: Language) {
  return numberFormats(language)
}
