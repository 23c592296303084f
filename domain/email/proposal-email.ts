// The email that carries a deal's proposal (seed 002 §13.1) to its primary contact, in their language, from the
// deal's owner. The proposal itself travels as the PDF attachment; the email says what is in it in three lines and
// asks for the walkthrough call (§4.3 `proposal_walkthrough_call`). It is one-to-one sales correspondence the
// contact expects after discovery, not marketing: no unsubscribe footer, replies go to the owner.
import { buildProposal, type ProposalDeal } from '../deals/proposal'
import { numberFormats } from '../formatting/number-formats'
import { escapeHtml } from './html'
import type { RenderedEmail } from './lead-acknowledgement'
import { plural } from '../formatting/plural'

export interface ProposalEmailOptions {
  /** Where the contact books the walkthrough; null: they are asked to reply with a time. */
  bookingUrl: string | null
}

const words = {
  EN: {
    subject: (tierName: string, companyName: string) => `Your ${tierName} partnership proposal for ${companyName}`,
    greeting: (firstName: string) => (firstName.trim() ? `Hi ${firstName.trim()},` : 'Hi,'),
    attached: (tierName: string, companyName: string, systems: number, weeks: number) =>
      `Thank you for your time during discovery. Attached is our proposal for the ${tierName} partnership for ${companyName}: ${systems} ${plural(systems, 'system', 'systems')} built with your team over ${weeks} weeks.`,
    fees: (setupFee: string, monthlyFee: string, months: number, contractValue: string) =>
      `The investment: a ${setupFee} setup fee, then ${monthlyFee} a month (month to month); ${contractValue} over ${months} ${plural(months, 'month', 'months')}.`,
    projection: (hours: string | null, weeklyValue: string | null) =>
      hours && weeklyValue
        ? `We project about ${hours} hours saved a week, worth ${weeklyValue} a week to your team.`
        : hours
          ? `We project about ${hours} hours saved a week.`
          : null,
    walkthrough: (bookingUrl: string | null) =>
      bookingUrl
        ? `I would like to walk you through it on a short call. Pick a time that suits you here: ${bookingUrl}, or simply reply to this email.`
        : 'I would like to walk you through it on a short call. Reply to this email with a time that suits you.',
    signOff: 'Best regards,',
    team: 'The AI KRE8TION Partners team',
    brand: 'AI KRE8TION Partners',
  },
  ES: {
    subject: (tierName: string, companyName: string) => `Su propuesta de colaboración ${tierName} para ${companyName}`,
    greeting: (firstName: string) => (firstName.trim() ? `Hola ${firstName.trim()}:` : 'Hola:'),
    attached: (tierName: string, companyName: string, systems: number, weeks: number) =>
      `Gracias por su tiempo durante el diagnóstico. Adjuntamos nuestra propuesta de colaboración ${tierName} para ${companyName}: ${systems} ${plural(systems, 'sistema construido', 'sistemas construidos')} con su equipo en ${weeks} semanas.`,
    fees: (setupFee: string, monthlyFee: string, months: number, contractValue: string) =>
      `La inversión: una cuota inicial de ${setupFee} y luego ${monthlyFee} al mes (mes a mes); ${contractValue} en ${months} ${plural(months, 'mes', 'meses')}.`,
    projection: (hours: string | null, weeklyValue: string | null) =>
      hours && weeklyValue
        ? `Proyectamos unas ${hours} horas ahorradas por semana, con un valor de ${weeklyValue} por semana para su equipo.`
        : hours
          ? `Proyectamos unas ${hours} horas ahorradas por semana.`
          : null,
    walkthrough: (bookingUrl: string | null) =>
      bookingUrl
        ? `Me gustaría revisarla con usted en una llamada breve. Elija el horario que le convenga aquí: ${bookingUrl}, o simplemente responda a este correo.`
        : 'Me gustaría revisarla con usted en una llamada breve. Responda a este correo con el horario que le convenga.',
    signOff: 'Saludos cordiales,',
    team: 'El equipo de AI KRE8TION Partners',
    brand: 'AI KRE8TION Partners',
  },
} as const

/** The proposal email for a deal: the same figures as the attached PDF, since both come from `buildProposal`. */
export function renderProposalEmail(deal: ProposalDeal, { bookingUrl }: ProposalEmailOptions): RenderedEmail {
  const proposal = buildProposal(deal)
  const say = words[deal.language]
  const format = numberFormats(deal.language)
  const { fees, roi, tier } = proposal
  const projection = say.projection(
    roi.hoursSaved === null ? null : format.decimal(roi.hoursSaved),
    roi.weeklyValue === null ? null : format.money(roi.weeklyValue),
  )
  const signature = deal.owner ? [say.signOff, `${deal.owner.name}\n${say.brand}`] : [say.signOff, say.team]
  const paragraphs = [
    say.greeting(deal.contact.firstName),
    say.attached(tier.name, deal.company.name, tier.systems, tier.weeks),
    [
      say.fees(
        format.exactMoney(fees.setupFee),
        format.exactMoney(fees.monthlyFee),
        fees.estimatedMonths,
        format.exactMoney(fees.contractValue),
      ),
      projection,
    ]
      .filter((sentence) => sentence !== null)
      .join(' '),
    say.walkthrough(bookingUrl),
    ...signature,
  ]
  const html = paragraphs.map((paragraph) => {
    let escaped = escapeHtml(paragraph).replaceAll('\n', '<br>')
    if (bookingUrl) {
      const url = escapeHtml(bookingUrl)
      escaped = escaped.replace(url, `<a href="${url}">${url}</a>`)
    }
    return `<p>${escaped}</p>`
  })
  return {
    subject: say.subject(tier.name, deal.company.name),
    text: paragraphs.join('\n\n'),
    html: html.join('\n'),
  }
}
