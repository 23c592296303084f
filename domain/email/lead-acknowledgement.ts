import type { Industry, Language, LeadSource } from '../../prisma/generated/enums'
import { escapeHtml } from './html'
import { unsubscribeFooter } from './unsubscribe-footer'

/** The outbox key that sends a lead its acknowledgement at most once, and the template it is recorded under. */
export const leadAcknowledgementKey = (leadId: string) => `lead-${leadId}/acknowledgement`
export const leadAcknowledgementTemplate = 'lead-acknowledgement'
/** Its entry on the lead's timeline. */
export const leadAcknowledgementTimeline = 'Acknowledgement email sent'

export interface LeadAcknowledgementInput {
  firstName: string | null
  preferredLanguage: Language
  source: LeadSource
  industry: Industry | null
  companyName: string | null
  /** The page that unsubscribes the person (`lib/unsubscribe`), linked in the footer as in every email. */
  unsubscribeUrl: string
}

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

const industryPhrase: Record<Language, Record<Industry, string>> = {
  EN: {
    HVAC: 'HVAC businesses like yours',
    PLUMBING: 'plumbing businesses like yours',
    PROPERTY_MANAGEMENT: 'property managers like you',
    CONSTRUCTION: 'construction firms like yours',
    RETAIL: 'retailers like you',
    ECOMMERCE: 'online stores like yours',
    PROFESSIONAL_SERVICES: 'professional services firms like yours',
    REAL_ESTATE: 'real estate teams like yours',
    OTHER: 'small teams like yours',
  },
  ES: {
    HVAC: 'empresas de climatización como la suya',
    PLUMBING: 'empresas de plomería como la suya',
    PROPERTY_MANAGEMENT: 'administradores de propiedades como usted',
    CONSTRUCTION: 'constructoras como la suya',
    RETAIL: 'comercios como el suyo',
    ECOMMERCE: 'tiendas en línea como la suya',
    PROFESSIONAL_SERVICES: 'firmas de servicios profesionales como la suya',
    REAL_ESTATE: 'equipos inmobiliarios como el suyo',
    OTHER: 'equipos pequeños como el suyo',
  },
}

const copy = {
  EN: {
    subject: 'Thanks for reaching out to AI KRE8TION Partners',
    greeting: (name: string | null) => (name ? `Hi ${name},` : 'Hi there,'),
    thanks: (source: LeadSource) =>
      source === 'VOICE_AGENT'
        ? 'Thank you for talking with our voice assistant.'
        : source === 'ROI_CALCULATOR'
          ? 'Thank you for running the numbers with our ROI calculator.'
          : source === 'CALENDAR_BOOKING'
            ? 'Thank you for booking time with us.'
            : 'Thank you for getting in touch.',
    body: (audience: string, company: string | null) =>
      `We help ${audience} build their own AI systems and automations${company ? ` — and we would love to learn how ${company} works today` : ''}. A member of our team will reply within one business day.`,
    signOff: 'The AI KRE8TION Partners team',
  },
  ES: {
    subject: 'Gracias por contactar a AI KRE8TION Partners',
    greeting: (name: string | null) => (name ? `Hola ${name}:` : 'Hola:'),
    thanks: (source: LeadSource) =>
      source === 'VOICE_AGENT'
        ? 'Gracias por conversar con nuestro asistente de voz.'
        : source === 'ROI_CALCULATOR'
          ? 'Gracias por calcular su retorno con nuestra calculadora de ROI.'
          : source === 'CALENDAR_BOOKING'
            ? 'Gracias por agendar una reunión con nosotros.'
            : 'Gracias por ponerse en contacto.',
    body: (audience: string, company: string | null) =>
      `Ayudamos a ${audience} a construir sus propios sistemas de IA y automatizaciones${company ? `, y nos encantaría conocer cómo trabaja ${company} hoy` : ''}. Alguien de nuestro equipo le responderá en un día hábil.`,
    signOff: 'El equipo de AI KRE8TION Partners',
  },
} as const

/** The first email every new lead receives, in their language. */
export function renderLeadAcknowledgement(input: LeadAcknowledgementInput): RenderedEmail {
  const language = input.preferredLanguage
  const words = copy[language]
  const audience = industryPhrase[language][input.industry ?? 'OTHER']
  const paragraphs = [
    words.greeting(input.firstName),
    words.thanks(input.source),
    words.body(audience, input.companyName),
    words.signOff,
  ]
  const footer = unsubscribeFooter(language, input.unsubscribeUrl)
  return {
    subject: words.subject,
    text: [...paragraphs, ...footer.text].join('\n\n'),
    html: [...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`), ...footer.html].join('\n'),
  }
}
