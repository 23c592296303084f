// The footer every email to a lead ends with: why they receive it and the link that unsubscribes them from all
// email (with the List-Unsubscribe headers the sending activity adds). One wording for every email.
import { escapeHtml } from './html'

export type FooterLanguage = 'EN' | 'ES'

const footerWords: Record<FooterLanguage, { footer: string; unsubscribe: string }> = {
  EN: {
    footer: 'You receive this email because you contacted AI KRE8TION Partners about AI systems for your business.',
    unsubscribe: 'Unsubscribe',
  },
  ES: {
    footer: 'Recibe este correo porque contactó a AI KRE8TION Partners sobre sistemas de IA para su negocio.',
    unsubscribe: 'Darse de baja',
  },
}

/** The footer as text blocks (joined by blank lines) and HTML blocks, after a separator. */
export function unsubscribeFooter(
  language: FooterLanguage,
  unsubscribeUrl: string,
): { text: string[]; html: string[] } {
  const words = footerWords[language]
  return {
    text: ['--', `${words.footer}\n${words.unsubscribe}: ${unsubscribeUrl}`],
    html: [
      `<hr>`,
      `<p><small>${escapeHtml(words.footer)} <a href="${escapeHtml(unsubscribeUrl)}">${escapeHtml(words.unsubscribe)}</a></small></p>`,
    ],
  }
}
