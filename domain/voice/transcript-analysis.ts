// Seed 002 §6.1/§6.2: what a voice-agent conversation was about, derived from its transcript with a small,
// readable rule set in English and Spanish. The voice agent may send its own analysis; whatever it sends wins
// and these rules only fill in what it left out (undefined or an empty list).
//
// The rules, all on the visitor's (user) messages, case- and accent-insensitive, whole words:
// - totalQuestions: per message, the number of question marks ("??" counts once); a message without one that
//   starts with a question word ("how", "what", "cómo", "cuánto", ...) counts as one question.
// - intents/topics/pain points/objections: a keyword list each (below); GENERAL_INFO when the visitor spoke but
//   no other intent matched; OBJECTION whenever an objection matched.
// - sentiment: positive words minus negative words: > 0 positive, < 0 negative, else neutral.
// - outcome (from the page actions, not the words): a booking/calendar action → CALENDAR_BOOKING, else an ROI
//   action (SCROLL_TO_ROI) → ROI_CALCULATOR, else any other action → CONTINUED_BROWSING, no action → LEFT_SITE.
// - emailFound: the first email address in a visitor message, lower-cased.
import type { Sentiment, VoiceIntent, VoiceOutcome } from '../../prisma/generated/enums'
import type { Localized } from '../industries/industry-profiles'

export interface TranscriptMessage {
  role: 'user' | 'assistant'
  content: string
  timestamp: string
}

export interface TranscriptAnalysis {
  totalQuestions: number
  topics: string[]
  intents: VoiceIntent[]
  painPoints: string[]
  objections: string[]
  sentiment: Sentiment
  outcome: VoiceOutcome
  emailFound: string | null
  /** A short account of the conversation for the person (thank-you email) and for staff. */
  summary: Localized
}

export type ProvidedAnalysis = Partial<Omit<TranscriptAnalysis, 'emailFound' | 'summary' | 'totalQuestions'>>

interface Rule {
  /** Normalised (lower-case, no accents) phrases matched as whole words. */
  phrases: string[]
}

/** Words that put the price on the table, in both languages. */
const pricePhrases = [
  'price',
  'prices',
  'pricing',
  'cost',
  'costs',
  'how much',
  'fee',
  'fees',
  'precio',
  'precios',
  'cuesta',
  'costo',
  'tarifa',
  'cuota',
]

const intentRules: ({ intent: Exclude<VoiceIntent, 'GENERAL_INFO' | 'OBJECTION'> } & Rule)[] = [
  {
    intent: 'PRICING_INQUIRY',
    // Talk of a budget is a pricing question, though not yet a conversation about the price itself.
    phrases: [...pricePhrases, 'budget', 'cuestan', 'cuanto cuesta', 'presupuesto'],
  },
  {
    intent: 'INDUSTRY_USE_CASE',
    phrases: [
      'company like mine',
      'business like mine',
      'my industry',
      'my business',
      'hvac',
      'plumbing',
      'plumber',
      'property management',
      'construction',
      'contractor',
      'real estate',
      'retail',
      'ecommerce',
      'e-commerce',
      'online store',
      'accounting',
      'law firm',
      'mi empresa',
      'mi negocio',
      'mi industria',
      'plomeria',
      'construccion',
      'bienes raices',
      'inmobiliaria',
      'tienda',
      'despacho',
      'climatizacion',
    ],
  },
  {
    intent: 'TIMELINE_QUESTION',
    phrases: [
      'how long',
      'how soon',
      'timeline',
      'when can',
      'when will',
      'weeks',
      'months',
      'go live',
      'cuanto tarda',
      'cuanto tiempo',
      'cuando',
      'plazo',
      'semanas',
      'meses',
    ],
  },
  {
    intent: 'CAPABILITY_QUESTION',
    phrases: [
      'can it',
      'can you',
      'does it',
      'will it',
      'integrate',
      'integration',
      'work with',
      'connect',
      'automate',
      'answer customers',
      'puede',
      'pueden',
      'funciona con',
      'integra',
      'integrar',
      'conecta',
      'automatizar',
    ],
  },
  {
    intent: 'COMPARISON_TO_COMPETITOR',
    phrases: [
      'competitor',
      'competitors',
      'compared to',
      'compare',
      'versus',
      'vs',
      'hubspot',
      'salesforce',
      'zapier',
      'chatgpt',
      'another agency',
      'other agencies',
      'competencia',
      'comparado con',
      'comparar',
      'otra agencia',
    ],
  },
  {
    intent: 'READY_TO_PROCEED',
    phrases: [
      'sign up',
      'get started',
      'lets do it',
      "let's do it",
      'ready to start',
      'move forward',
      'book a call',
      'schedule a call',
      'book a meeting',
      'sign the contract',
      'quiero empezar',
      'empecemos',
      'estoy listo',
      'estamos listos',
      'agendar una llamada',
      'agendar una reunion',
      'contratar',
    ],
  },
]

const topicRules: ({ topic: string; label: Localized } & Rule)[] = [
  {
    topic: 'pricing',
    label: { en: 'pricing', es: 'precios' },
    phrases: pricePhrases,
  },
  {
    topic: 'timeline',
    label: { en: 'timeline', es: 'plazos' },
    phrases: [
      'how long',
      'how soon',
      'timeline',
      'weeks',
      'months',
      'go live',
      'cuanto tarda',
      'cuanto tiempo',
      'plazo',
      'semanas',
      'meses',
    ],
  },
  {
    topic: 'roi',
    label: { en: 'return on investment', es: 'retorno de la inversión' },
    phrases: [
      'roi',
      'return',
      'payback',
      'save',
      'savings',
      'hours saved',
      'retorno',
      'ahorro',
      'ahorrar',
      'recuperar',
    ],
  },
  {
    topic: 'integrations',
    label: { en: 'integrations', es: 'integraciones' },
    phrases: [
      'integrate',
      'integration',
      'integrations',
      'software',
      'work with',
      'connect',
      'integra',
      'integrar',
      'integracion',
      'conecta',
    ],
  },
  {
    topic: 'scheduling',
    label: { en: 'scheduling', es: 'agenda' },
    phrases: [
      'schedule',
      'scheduling',
      'dispatch',
      'appointments',
      'calendar',
      'agenda',
      'agendar',
      'citas',
      'programacion',
      'despacho',
    ],
  },
  {
    topic: 'quoting',
    label: { en: 'quotes', es: 'cotizaciones' },
    phrases: [
      'quote',
      'quotes',
      'estimate',
      'estimates',
      'bid',
      'bids',
      'cotizacion',
      'cotizaciones',
      'presupuestos',
      'licitacion',
    ],
  },
  {
    topic: 'customer_communications',
    label: { en: 'customer communications', es: 'comunicación con clientes' },
    phrases: [
      'customers',
      'clients',
      'tenants',
      'after hours',
      'follow up',
      'follow-up',
      'clientes',
      'inquilinos',
      'fuera del horario',
      'seguimiento',
    ],
  },
  {
    topic: 'invoicing',
    label: { en: 'invoicing', es: 'facturación' },
    phrases: [
      'invoice',
      'invoices',
      'invoicing',
      'billing',
      'payments',
      'rent',
      'factura',
      'facturas',
      'facturacion',
      'cobranza',
      'renta',
    ],
  },
  {
    topic: 'training',
    label: { en: 'training and independence', es: 'capacitación e independencia' },
    phrases: [
      'training',
      'train',
      'developers',
      'staff',
      'team',
      'independence',
      'capacitacion',
      'capacitar',
      'programadores',
      'equipo',
      'personal',
    ],
  },
]

const painPointRules: ({ label: Localized } & Rule)[] = [
  {
    label: { en: 'Scheduling chaos', es: 'Caos en la agenda' },
    phrases: [
      'scheduling is a mess',
      'scheduling chaos',
      'double booked',
      'double booking',
      'missed appointments',
      'dispatch',
      'caos en la agenda',
      'citas perdidas',
      'doble reserva',
    ],
  },
  {
    label: { en: 'Quote delays', es: 'Retrasos en las cotizaciones' },
    phrases: [
      'quotes take',
      'slow quotes',
      'quote delays',
      'late quotes',
      'bids take',
      'cotizaciones tardan',
      'retraso en cotizaciones',
      'tardamos en cotizar',
    ],
  },
  {
    label: { en: 'Follow-ups falling through', es: 'Seguimientos que se pierden' },
    phrases: [
      'follow up',
      'follow-up',
      'follow ups',
      'follow-ups',
      'forget to call',
      'lose leads',
      'losing leads',
      'seguimiento',
      'se nos olvida',
      'perdemos clientes',
    ],
  },
  {
    label: { en: 'Too much admin work', es: 'Demasiado trabajo administrativo' },
    phrases: [
      'paperwork',
      'admin work',
      'data entry',
      'spreadsheets',
      'spreadsheet',
      'too many hours',
      'papeleo',
      'trabajo administrativo',
      'captura de datos',
      'hojas de calculo',
    ],
  },
  {
    label: { en: 'Missed calls and slow replies', es: 'Llamadas perdidas y respuestas lentas' },
    phrases: [
      'missed calls',
      'miss calls',
      'after hours',
      'nobody answers',
      'slow to respond',
      'llamadas perdidas',
      'fuera del horario',
      'nadie contesta',
    ],
  },
  {
    label: { en: 'Late payments', es: 'Pagos atrasados' },
    phrases: [
      'late payments',
      'unpaid invoices',
      'rent collection',
      'collections',
      'pagos atrasados',
      'facturas sin pagar',
      'cobro de rentas',
      'cobranza',
    ],
  },
  {
    label: { en: 'Tenant communications', es: 'Comunicación con inquilinos' },
    phrases: ['tenant', 'tenants', 'inquilino', 'inquilinos'],
  },
  {
    label: { en: 'Inventory tracking', es: 'Control de inventario' },
    phrases: ['inventory', 'stock', 'out of stock', 'inventario', 'existencias'],
  },
]

/** A worry about what it costs ("worried about the price", "cost is a concern", "me preocupa el precio"). */
const priceNouns = {
  en: [
    'price',
    'the price',
    'prices',
    'the prices',
    'pricing',
    'the pricing',
    'cost',
    'the cost',
    'costs',
    'the costs',
  ],
  es: ['el precio', 'los precios', 'el costo', 'los costos', 'el coste', 'la inversion'],
}
const priceWorries = [
  ...['worried about', 'worry about', 'concerned about', 'nervous about', 'unsure about'].flatMap((worry) =>
    priceNouns.en.map((noun) => `${worry} ${noun}`),
  ),
  ...priceNouns.en
    .filter((noun) => noun.startsWith('the '))
    .flatMap((noun) => [noun.slice(4), noun])
    .flatMap((noun) => [`${noun} is a concern`, `${noun} is an issue`, `${noun} is too high`, `${noun} are too high`]),
  'costs too much',
  'pricey',
  'out of our budget',
  'over our budget',
  ...['me preocupa', 'nos preocupa', 'preocupado por', 'preocupada por', 'preocupados por'].flatMap((worry) =>
    priceNouns.es.map((noun) => `${worry} ${noun}`),
  ),
  ...priceNouns.es.flatMap((noun) => [`${noun} es muy alto`, `${noun} es demasiado alto`]),
  'cuesta demasiado',
  'fuera de nuestro presupuesto',
]

const objectionRules: ({ label: Localized } & Rule)[] = [
  {
    label: { en: 'Too expensive', es: 'Demasiado caro' },
    phrases: [
      'too expensive',
      'expensive',
      'cannot afford',
      "can't afford",
      'no budget',
      'too much money',
      'demasiado caro',
      'muy caro',
      'caro',
      'no tenemos presupuesto',
      'no alcanza',
      'no podemos pagar',
      ...priceWorries,
    ],
  },
  {
    label: { en: 'Worried about staff adoption', es: 'Duda de que el equipo lo adopte' },
    phrases: [
      'team will not',
      "team won't",
      'staff will not',
      "staff won't",
      'not tech savvy',
      'not techy',
      'resist',
      'el equipo no',
      'mi equipo no',
      'no saben de tecnologia',
    ],
  },
  {
    label: { en: 'Tried a similar tool before', es: 'Ya probó una herramienta similar' },
    phrases: [
      'already tried',
      'tried a chatbot',
      'tried before',
      'did not work',
      "didn't work",
      'ya probamos',
      'ya intentamos',
      'no funciono',
    ],
  },
  {
    label: { en: 'Not the right time', es: 'No es el momento' },
    phrases: [
      'not right now',
      'not now',
      'too busy',
      'next year',
      'maybe later',
      'ahora no',
      'muy ocupados',
      'el proximo ano',
      'mas adelante',
    ],
  },
  {
    label: { en: 'Unsure AI fits the business', es: 'No está seguro de que la IA encaje' },
    phrases: [
      'not sure ai',
      'not sure if ai',
      'does ai really',
      'skeptical',
      'no estoy seguro',
      'no se si la ia',
      'esceptico',
    ],
  },
  {
    label: { en: 'Data privacy concerns', es: 'Preocupación por la privacidad de los datos' },
    phrases: [
      'privacy',
      'data security',
      'our data',
      'secure',
      'privacidad',
      'seguridad de los datos',
      'nuestros datos',
    ],
  },
]

const positiveWords = [
  'great',
  'good',
  'love',
  'perfect',
  'awesome',
  'excellent',
  'helpful',
  'interesting',
  'interested',
  'thanks',
  'thank you',
  'amazing',
  'nice',
  'excited',
  'genial',
  'bueno',
  'buena',
  'excelente',
  'perfecto',
  'me gusta',
  'gracias',
  'interesante',
  'interesado',
  'interesada',
  'increible',
  'util',
]
const negativeWords = [
  'bad',
  'expensive',
  'frustrated',
  'frustrating',
  'annoying',
  'hate',
  'problem',
  'problems',
  'worried',
  'confusing',
  'useless',
  'waste',
  'terrible',
  'not interested',
  'malo',
  'mala',
  'caro',
  'frustrado',
  'frustrante',
  'problema',
  'problemas',
  'preocupa',
  'preocupado',
  'confuso',
  'inutil',
  'perdida de tiempo',
  'no me interesa',
]

const questionStarts = [
  'how',
  'what',
  'when',
  'why',
  'who',
  'which',
  'where',
  'can',
  'could',
  'do',
  'does',
  'is',
  'are',
  'will',
  'would',
  'should',
  'como',
  'que',
  'cuando',
  'cuanto',
  'cuanta',
  'cuantos',
  'cuantas',
  'por que',
  'quien',
  'cual',
  'donde',
  'puede',
  'pueden',
  'hay',
]

const emailPattern = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/i

/** Lower-case, without accents, with the apostrophe kept and other punctuation as spaces. */
export function normaliseText(text: string): string {
  return ` ${text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[^a-z0-9'@.\-\s]/g, ' ')
    .replace(/[.\s]+/g, ' ')
    .trim()} `
}

function contains(normalised: string, phrase: string): boolean {
  return normalised.includes(` ${phrase} `)
}

function matches(normalised: string, rule: Rule): boolean {
  return rule.phrases.some((phrase) => contains(normalised, phrase))
}

function countWords(normalised: string, words: string[]): number {
  return words.reduce((sum, word) => {
    let count = 0
    let from = 0
    for (let at = normalised.indexOf(` ${word} `, from); at !== -1; at = normalised.indexOf(` ${word} `, from)) {
      count++
      from = at + word.length + 1
    }
    return sum + count
  }, 0)
}

export function countQuestions(content: string): number {
  const marks = content.match(/\?+/g)?.length ?? 0
  if (marks > 0) return marks
  const text = normaliseText(content)
  return questionStarts.some((word) => text.startsWith(` ${word} `)) ? 1 : 0
}

export function outcomeFromActions(actionsTaken: string[]): VoiceOutcome {
  if (actionsTaken.some((action) => /BOOK|CALENDAR|SCHEDUL/i.test(action))) return 'CALENDAR_BOOKING'
  if (actionsTaken.some((action) => /ROI/i.test(action))) return 'ROI_CALCULATOR'
  return actionsTaken.length > 0 ? 'CONTINUED_BROWSING' : 'LEFT_SITE'
}

export function sentimentOf(userText: string): Sentiment {
  const balance = countWords(userText, positiveWords) - countWords(userText, negativeWords)
  if (balance > 0) return 'POSITIVE'
  if (balance < 0) return 'NEGATIVE'
  return 'NEUTRAL'
}

const isSent = <T>(value: T[] | T | undefined): value is T[] | T =>
  value !== undefined && !(Array.isArray(value) && value.length === 0)

export function analyseTranscript(
  messages: TranscriptMessage[],
  actionsTaken: string[],
  provided: ProvidedAnalysis = {},
): TranscriptAnalysis {
  const userMessages = messages.filter((message) => message.role === 'user')
  const perMessage = userMessages.map((message) => normaliseText(message.content))
  const userText = perMessage.join(' ')
  const anyMessage = (rule: Rule) => perMessage.some((text) => matches(text, rule))

  const objections = isSent(provided.objections)
    ? provided.objections
    : objectionRules.filter(anyMessage).map((rule) => rule.label.en)
  const derivedIntents: VoiceIntent[] = intentRules.filter(anyMessage).map((rule) => rule.intent)
  if (objections.length > 0) derivedIntents.push('OBJECTION')
  if (derivedIntents.length === 0 && userMessages.length > 0) derivedIntents.push('GENERAL_INFO')

  const analysis = {
    totalQuestions: userMessages.reduce((sum, message) => sum + countQuestions(message.content), 0),
    topics: isSent(provided.topics) ? provided.topics : topicRules.filter(anyMessage).map((rule) => rule.topic),
    intents: isSent(provided.intents) ? provided.intents : derivedIntents,
    painPoints: isSent(provided.painPoints)
      ? provided.painPoints
      : painPointRules.filter(anyMessage).map((rule) => rule.label.en),
    objections,
    sentiment: provided.sentiment ?? sentimentOf(userText),
    outcome: provided.outcome ?? outcomeFromActions(actionsTaken),
    emailFound: firstEmail(userMessages),
  }
  return { ...analysis, summary: summarise(analysis) }
}

export function firstEmail(userMessages: TranscriptMessage[]): string | null {
  for (const message of userMessages) {
    const found = message.content.match(emailPattern)
    if (found) return found[0].replace(/\.+$/, '').toLowerCase()
  }
  return null
}

/** The Spanish of the labels these rules produce; anything else (sent by the agent) is shown as it came. */
function translate(text: string, language: 'en' | 'es', labels: { topic?: string; label: Localized }[]): string {
  const known = labels.find((rule) => rule.topic === text || rule.label.en === text)
  if (known) return known.label[language]
  return text.replace(/_/g, ' ')
}

function list(items: string[], language: 'en' | 'es'): string {
  if (items.length <= 1) return items.join('')
  const and = language === 'es' ? ' y ' : ' and '
  return `${items.slice(0, -1).join(', ')}${and}${items.at(-1)}`
}

const outcomeWords: Record<VoiceOutcome, Localized> = {
  ROI_CALCULATOR: { en: 'You went on to the ROI calculator.', es: 'Después pasó a la calculadora de ROI.' },
  CALENDAR_BOOKING: {
    en: 'You went on to book a call with us.',
    es: 'Después pasó a agendar una llamada con nosotros.',
  },
  CONTINUED_BROWSING: { en: 'You kept exploring the site afterwards.', es: 'Después siguió explorando el sitio.' },
  LEFT_SITE: { en: 'The conversation ended there.', es: 'La conversación terminó ahí.' },
}

function summarise(analysis: Omit<TranscriptAnalysis, 'summary'>): Localized {
  const sentence = (language: 'en' | 'es') => {
    const parts: string[] = []
    const questions = analysis.totalQuestions
    const topics = list(
      analysis.topics.map((topic) => translate(topic, language, topicRules)),
      language,
    )
    if (language === 'en') {
      parts.push(
        questions === 0
          ? 'You talked with our assistant'
          : questions === 1
            ? 'You asked 1 question'
            : `You asked ${questions} questions`,
      )
      parts[0] += topics ? `, about ${topics}.` : '.'
    } else {
      parts.push(
        questions === 0
          ? 'Habló con nuestro asistente'
          : questions === 1
            ? 'Hizo 1 pregunta'
            : `Hizo ${questions} preguntas`,
      )
      parts[0] += topics ? `, sobre ${topics}.` : '.'
    }
    if (analysis.painPoints.length > 0) {
      const pains = list(
        analysis.painPoints.map((pain) => translate(pain, language, painPointRules)),
        language,
      )
      parts.push(language === 'en' ? `Challenges you mentioned: ${pains}.` : `Retos que mencionó: ${pains}.`)
    }
    if (analysis.objections.length > 0) {
      const concerns = list(
        analysis.objections.map((concern) => translate(concern, language, objectionRules)),
        language,
      )
      parts.push(language === 'en' ? `Concerns you raised: ${concerns}.` : `Dudas que planteó: ${concerns}.`)
    }
    parts.push(outcomeWords[analysis.outcome][language])
    return parts.join(' ')
  }
  return { en: sentence('en'), es: sentence('es') }
}
