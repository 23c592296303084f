// What a reply by SMS asks for (seed 002 §13.1, decision 0033). Twilio's own opt-out keywords: the carrier rules
// (CTIA) make STOP and its synonyms stop every message from the number, START and its synonyms resume them, HELP
// gets an answer that says who is writing and how to stop.

export type SmsKeyword = 'opt-out' | 'opt-in' | 'help'

const optOutKeywords = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']
const optInKeywords = ['START', 'YES', 'UNSTOP']
const helpKeywords = ['HELP', 'INFO']

/**
 * The keyword a reply is, or null for an ordinary message. Like Twilio, only a body that is the keyword alone counts
 * (case, surrounding spaces and trailing punctuation aside): "Please stop by tomorrow" is not an opt-out.
 */
export function smsKeywordOf(body: string): { keyword: SmsKeyword; word: string } | null {
  const word = body
    .trim()
    .replace(/[.!?\s]+$/u, '')
    .toUpperCase()
  if (optOutKeywords.includes(word)) return { keyword: 'opt-out', word }
  if (optInKeywords.includes(word)) return { keyword: 'opt-in', word }
  if (helpKeywords.includes(word)) return { keyword: 'help', word }
  return null
}

/** The answer to HELP: who is writing, why, how to reach a person, and how to stop (under 160 characters). */
export function smsHelpText(companyName: string, contactEmail: string): string {
  return `${companyName}: appointment and account messages. Help: ${contactEmail}. Msg&data rates may apply. Reply STOP to opt out.`
}
