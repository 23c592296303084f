// The words of the overdue reminder sequence (§9.3 "Payment overdue → Automatic reminder sequence"). Pure.
import { dateMarker } from '../communication/local-time'
import type { DunningStep } from './payment-plan'

export interface PaymentToChase {
  key: string
  type: 'SETUP' | 'MONTHLY'
  amount: number
  currency: string
  dueAtMs: number
}

function money(amount: number, currency: string): string {
  const code = currency.toUpperCase()
  const sign = code === 'USD' ? '$' : `${code} `
  return `${sign}${amount.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 2 })}`
}

/** What the payment is, in the client's words: "the setup fee", "the monthly fee for month 2". */
export function paymentLabel(payment: Pick<PaymentToChase, 'key' | 'type'>): string {
  if (payment.type === 'SETUP') return 'the setup fee'
  const month = /^monthly-(\d+)$/.exec(payment.key)?.[1]
  return month ? `the monthly fee for month ${month}` : 'the monthly fee'
}

export interface DunningWords {
  subject: string
  text: string
  sms: string
  /** The line on the partnership's timeline and in staff notices. */
  summary: string
}

/** The reminder of `step` for an unpaid payment of `company`. */
export function dunningWords(step: DunningStep['step'], payment: PaymentToChase, company: string): DunningWords {
  const what = `${paymentLabel(payment)} of ${money(payment.amount, payment.currency)}`
  // The client reads the due day on their own clock (a marker sendClientMessage renders); staff read it in UTC.
  const due = dateMarker(payment.dueAtMs)
  const dueUtc = new Date(payment.dueAtMs).toISOString().slice(0, 10)
  const lines: Record<DunningStep['step'], { subject: string; lead: string }> = {
    'heads-up': {
      subject: `Coming up: ${what} is due on ${due}`,
      lead: `A friendly heads-up: ${what} is due on ${due}.`,
    },
    'due-today': { subject: `Due today: ${what}`, lead: `${capitalised(what)} is due today (${due}).` },
    overdue: { subject: `Overdue: ${what} (due ${due})`, lead: `We have not received ${what}, due on ${due}.` },
    'overdue-sms': { subject: `Overdue: ${what} (due ${due})`, lead: `${capitalised(what)} was due on ${due}.` },
    'call-task': { subject: `Call ${company} about ${what}`, lead: `${capitalised(what)} is overdue since ${dueUtc}.` },
    escalation: {
      subject: `${company}: ${what} two weeks overdue`,
      lead: `${capitalised(what)} is overdue since ${dueUtc}.`,
    },
  }
  const { subject, lead } = lines[step]
  return {
    subject,
    text: `Hello from your partnership team,\n\n${lead} If you have paid already, thank you — please ignore this note.\n`,
    sms: smsOf(company, lead),
    summary: `${stepNames[step]}: ${what} due ${dueUtc}`,
  }
}

const stepNames: Record<DunningStep['step'], string> = {
  'heads-up': 'Payment heads-up',
  'due-today': 'Payment due today',
  overdue: 'Payment overdue',
  'overdue-sms': 'Payment overdue (SMS)',
  'call-task': 'Call the client about an overdue payment',
  escalation: 'Overdue payment escalated to the managers',
}

const smsMaxLength = 320

/** The SMS, the company's name shortened when it is too long: never a marker cut in half. */
function smsOf(company: string, lead: string): string {
  const rest = `: ${lead} Already paid? Thank you, ignore this. Reply STOP to opt out.`
  // Measured with its markers, which never render longer (local-time.ts): the rendered SMS fits too.
  return `${company.slice(0, Math.max(0, smsMaxLength - rest.length))}${rest}`
}

function capitalised(words: string): string {
  return words[0]!.toUpperCase() + words.slice(1)
}
