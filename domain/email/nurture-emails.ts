// The emails of the §9.1 nurture sequences, every step in English and Spanish, written around the person's
// industry (§8 profiles). Pure: the sending activity supplies the links, the summary and the ROI numbers.
import type { Industry } from '../../prisma/generated/enums'
import { industryProfile, localize, type IndustryProfile, type Localized } from '../industries/industry-profiles'
import type { NurtureSequenceName } from '../nurture/sequences'
import type { RoiCalculationResult } from '../roi/roi-calculator'
import { tierLabels } from '../tiers/tier-terms'
import { escapeHtml } from './html'
import { unsubscribeFooter } from './unsubscribe-footer'

export type NurtureLanguage = 'EN' | 'ES'

export interface NurtureEmailInput {
  sequence: NurtureSequenceName
  step: string
  language: NurtureLanguage
  firstName: string | null
  companyName: string | null
  industry: Industry | null
  links: { unsubscribeUrl: string; roiCalculatorUrl: string; bookingUrl: string; reportUrl: string | null }
  /** The voice session's summary, for the thank-you step. */
  transcriptSummary: string | null
  /** The calculation that started the "roi-calculator" sequence. */
  roi: RoiCalculationResult | null
}

export interface RenderedNurtureEmail {
  subject: string
  text: string
  html: string
}

type Block =
  { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] } | { kind: 'link'; label: string; url: string }

interface Draft {
  subject: string
  blocks: Block[]
}

interface Context {
  input: NurtureEmailInput
  language: NurtureLanguage
  profile: IndustryProfile
  /** `localize` bound to the person's language. */
  say: (text: Localized) => string
  /** The company's name, or "your business" in the person's language. */
  company: string
}

const paragraph = (text: string): Block => ({ kind: 'paragraph', text })
const list = (items: string[]): Block => ({ kind: 'list', items })
const link = (label: string, url: string): Block => ({ kind: 'link', label, url })

type StepWriter = (context: Context) => Draft

const words = {
  EN: {
    greeting: (name: string | null) => (name ? `Hi ${name},` : 'Hi there,'),
    yourBusiness: 'your business',
    signOff: 'The AI KRE8TION Partners team',
    tierLine: (tier: string, hours: string, value: string, payback: string) =>
      `${tier}: about ${hours} hours saved a week, ${value} net return in the first year, paid back in ${payback} weeks`,
  },
  ES: {
    greeting: (name: string | null) => (name ? `Hola ${name}:` : 'Hola:'),
    yourBusiness: 'su negocio',
    signOff: 'El equipo de AI KRE8TION Partners',
    tierLine: (tier: string, hours: string, value: string, payback: string) =>
      `${tier}: unas ${hours} horas ahorradas por semana, ${value} de retorno neto el primer año, recuperado en ${payback} semanas`,
  },
} as const

function bookingCta(context: Context, intro: Localized): Draft {
  const { say, profile } = context
  const systems = profile.recommendedSystems.map((system) => `${say(system.name)}: ${say(system.description)}`)
  return {
    subject: say({
      en: `30 minutes to map the first AI system for ${context.company}`,
      es: `30 minutos para diseñar el primer sistema de IA de ${context.company}`,
    }),
    blocks: [
      paragraph(say(intro)),
      paragraph(
        say({
          en: 'These are the systems businesses like yours usually start with:',
          es: 'Estos son los sistemas con los que suelen empezar negocios como el suyo:',
        }),
      ),
      list(systems),
      link(
        say({ en: 'Book your discovery call', es: 'Agende su llamada de descubrimiento' }),
        context.input.links.bookingUrl,
      ),
    ],
  }
}

function caseStudy(context: Context): Draft {
  const { say, profile } = context
  return {
    subject: say({
      en: `Case study: ${say(profile.caseStudy.title)}`,
      es: `Caso real: ${say(profile.caseStudy.title)}`,
    }),
    blocks: [
      paragraph(
        say({
          en: 'A short story from a business much like yours.',
          es: 'Una historia breve de un negocio muy parecido al suyo.',
        }),
      ),
      paragraph(say(profile.caseStudy.title)),
      paragraph(say(profile.caseStudy.summary)),
      paragraph(
        say({
          en: `The result: ${say(profile.caseStudy.result)}`,
          es: `El resultado: ${say(profile.caseStudy.result)}`,
        }),
      ),
      paragraph(
        say({
          en: `Curious what the same could look like for ${context.company}? We can walk through it with you.`,
          es: `¿Quiere saber cómo se vería lo mismo en ${context.company}? Podemos revisarlo juntos.`,
        }),
      ),
      link(
        say({ en: 'Book a discovery call', es: 'Agende una llamada de descubrimiento' }),
        context.input.links.bookingUrl,
      ),
    ],
  }
}

function roiSummary(context: Context, roi: RoiCalculationResult): Block {
  const locale = context.language === 'ES' ? 'es-US' : 'en-US'
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 })
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 })
  const tiers = [
    ['discovery', 'DISCOVERY'],
    ['foundation', 'FOUNDATION'],
    ['architect', 'ARCHITECT'],
  ] as const
  return list(
    tiers.map(([key, tier]) =>
      words[context.language].tierLine(
        context.say(tierLabels[tier]),
        number.format(roi.weeklyHoursSaved[key]),
        money.format(roi.annualROI[key].value),
        number.format(roi.paybackPeriod[key]),
      ),
    ),
  )
}

const steps: Record<NurtureSequenceName, Record<string, StepWriter>> = {
  'voice-with-email': {
    'thank-you': (context) => {
      const { say, input } = context
      return {
        subject: say({
          en: 'Thanks for talking with us: your conversation summary',
          es: 'Gracias por conversar con nosotros: el resumen de su conversación',
        }),
        blocks: [
          paragraph(
            say({
              en: 'Thank you for talking with our voice assistant.',
              es: 'Gracias por conversar con nuestro asistente de voz.',
            }),
          ),
          ...(input.transcriptSummary
            ? [
                paragraph(
                  say({
                    en: 'Here is a summary of what we talked about:',
                    es: 'Este es un resumen de lo que conversamos:',
                  }),
                ),
                paragraph(input.transcriptSummary),
              ]
            : [
                paragraph(
                  say({
                    en: 'A member of our team is reviewing the conversation.',
                    es: 'Alguien de nuestro equipo está revisando la conversación.',
                  }),
                ),
              ]),
          paragraph(
            say({
              en: 'If anything is missing or you have more questions, just reply to this email.',
              es: 'Si falta algo o tiene más preguntas, simplemente responda a este correo.',
            }),
          ),
        ],
      }
    },
    'roi-link': (context) => {
      const { say, profile } = context
      return {
        subject: say({
          en: `What could AI systems save ${context.company}?`,
          es: `¿Cuánto podrían ahorrar los sistemas de IA a ${context.company}?`,
        }),
        blocks: [
          paragraph(
            say({
              en: 'Businesses like yours that we work with use AI systems for things like:',
              es: 'Los negocios como el suyo con los que trabajamos usan sistemas de IA para cosas como:',
            }),
          ),
          list(profile.useCases.map(say)),
          paragraph(
            say({
              en: 'Our ROI calculator shows in two minutes how many hours and dollars that could mean for you.',
              es: 'Nuestra calculadora de ROI le muestra en dos minutos cuántas horas y dólares podría significar para usted.',
            }),
          ),
          link(say({ en: 'Calculate your ROI', es: 'Calcule su ROI' }), context.input.links.roiCalculatorUrl),
        ],
      }
    },
    'case-study': caseStudy,
    'booking-cta': (context) =>
      bookingCta(context, {
        en: 'The fastest way to see where AI fits in your week is a short call with us.',
        es: 'La forma más rápida de ver dónde encaja la IA en su semana es una llamada breve con nosotros.',
      }),
    'check-in': (context) => {
      const { say, profile } = context
      const question = profile.discoveryQuestions[0]
      return {
        subject: say({ en: 'Any questions?', es: '¿Tiene alguna pregunta?' }),
        blocks: [
          paragraph(
            say({
              en: 'It has been a week since we talked. Is there anything we can answer for you?',
              es: 'Ha pasado una semana desde que conversamos. ¿Hay algo que podamos responderle?',
            }),
          ),
          ...(question
            ? [
                paragraph(
                  say({
                    en: `One question we often start with: ${say(question)}`,
                    es: `Una pregunta con la que solemos empezar: ${say(question)}`,
                  }),
                ),
              ]
            : []),
          paragraph(
            say({
              en: 'Reply to this email, or pick a time that suits you:',
              es: 'Responda a este correo o elija el horario que le convenga:',
            }),
          ),
          link(say({ en: 'Book a call', es: 'Agende una llamada' }), context.input.links.bookingUrl),
        ],
      }
    },
  },
  'roi-calculator': {
    report: (context) => {
      const { say, input } = context
      return {
        subject: say({ en: `Your ROI report for ${context.company}`, es: `Su informe de ROI para ${context.company}` }),
        blocks: [
          paragraph(
            say({
              en: 'Thank you for running the numbers with our ROI calculator.',
              es: 'Gracias por calcular su retorno con nuestra calculadora de ROI.',
            }),
          ),
          ...(input.roi
            ? [
                paragraph(say({ en: 'Your results, tier by tier:', es: 'Sus resultados, nivel por nivel:' })),
                roiSummary(context, input.roi),
              ]
            : []),
          paragraph(
            say({
              en: 'The full report, with the breakdown and the implementation timeline, is attached as a PDF.',
              es: 'El informe completo, con el desglose y el plan de implementación, va adjunto en PDF.',
            }),
          ),
          ...(input.links.reportUrl
            ? [link(say({ en: 'Open your report online', es: 'Abra su informe en línea' }), input.links.reportUrl)]
            : []),
          link(
            say({ en: 'Book a call to go through it', es: 'Agende una llamada para revisarlo' }),
            input.links.bookingUrl,
          ),
        ],
      }
    },
    'report-questions': (context) => {
      const { say, profile } = context
      return {
        subject: say({ en: 'Have questions about your report?', es: '¿Tiene preguntas sobre su informe?' }),
        blocks: [
          paragraph(
            say({
              en: 'Numbers on a page raise questions: which system first, how long it takes, what your team has to do.',
              es: 'Las cifras generan preguntas: qué sistema primero, cuánto tarda, qué tiene que hacer su equipo.',
            }),
          ),
          paragraph(
            say({
              en: 'For a business like yours, the usual starting points are:',
              es: 'Para un negocio como el suyo, los puntos de partida habituales son:',
            }),
          ),
          list(profile.recommendedSystems.map((system) => say(system.name))),
          paragraph(
            say({
              en: 'Reply to this email with any question, or talk it through with us:',
              es: 'Responda a este correo con cualquier pregunta o revisémoslo juntos:',
            }),
          ),
          link(say({ en: 'Book a call', es: 'Agende una llamada' }), context.input.links.bookingUrl),
        ],
      }
    },
    'booking-cta': (context) =>
      bookingCta(context, {
        en: 'Your ROI report shows what is possible. A 30-minute call turns it into a plan.',
        es: 'Su informe de ROI muestra lo posible. Una llamada de 30 minutos lo convierte en un plan.',
      }),
    'case-study': caseStudy,
    'final-push': (context) => {
      const { say, input } = context
      const fastest = input.roi
        ? Math.min(
            input.roi.paybackPeriod.discovery,
            input.roi.paybackPeriod.foundation,
            input.roi.paybackPeriod.architect,
          )
        : null
      const weeks =
        fastest === null
          ? null
          : new Intl.NumberFormat(context.language === 'ES' ? 'es-US' : 'en-US', { maximumFractionDigits: 1 }).format(
              fastest,
            )
      return {
        subject: say({ en: 'Ready to discuss?', es: '¿Listo para conversar?' }),
        blocks: [
          paragraph(
            weeks
              ? say({
                  en: `Your calculation showed an investment that pays for itself in as little as ${weeks} weeks.`,
                  es: `Su cálculo mostró una inversión que se paga sola en tan solo ${weeks} semanas.`,
                })
              : say({
                  en: 'Your calculation showed what AI systems could save you.',
                  es: 'Su cálculo mostró lo que los sistemas de IA podrían ahorrarle.',
                }),
          ),
          paragraph(
            say({
              en: `This is our last note about it. When you are ready to talk about ${context.company}, we are here.`,
              es: `Este es nuestro último mensaje al respecto. Cuando quiera hablar de ${context.company}, aquí estamos.`,
            }),
          ),
          link(
            say({ en: 'Book a discovery call', es: 'Agende una llamada de descubrimiento' }),
            input.links.bookingUrl,
          ),
        ],
      }
    },
  },
}

/** Every step name this module can write, per sequence (the tests check it covers `nurtureSequences`). */
export function renderableNurtureSteps(sequence: NurtureSequenceName): string[] {
  return Object.keys(steps[sequence])
}

export function renderNurtureEmail(input: NurtureEmailInput): RenderedNurtureEmail {
  const writer = steps[input.sequence]?.[input.step]
  if (!writer) throw new Error(`No email for nurture step "${input.step}" of sequence "${input.sequence}"`)
  const language = input.language
  const say = (text: Localized) => localize(text, language)
  const context: Context = {
    input,
    language,
    profile: industryProfile(input.industry),
    say,
    company: input.companyName?.trim() || words[language].yourBusiness,
  }
  const draft = writer(context)
  const copy = words[language]
  const blocks: Block[] = [paragraph(copy.greeting(input.firstName)), ...draft.blocks, paragraph(copy.signOff)]
  const footer = unsubscribeFooter(language, input.links.unsubscribeUrl)
  return {
    subject: draft.subject,
    text: [...blocks.map(blockAsText), ...footer.text].join('\n\n'),
    html: [...blocks.map(blockAsHtml), ...footer.html].join('\n'),
  }
}

function blockAsText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n')
    case 'link':
      return `${block.label}: ${block.url}`
  }
}

function blockAsHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    case 'link':
      return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`
  }
}
