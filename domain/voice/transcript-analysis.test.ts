import { describe, expect, it } from 'vitest'
import {
  analyseTranscript,
  countQuestions,
  outcomeFromActions,
  sentimentOf,
  normaliseText,
  type TranscriptMessage,
} from './transcript-analysis'

let clock = Date.parse('2026-11-20T15:00:00Z')
const say = (role: TranscriptMessage['role'], content: string): TranscriptMessage => ({
  role,
  content,
  timestamp: new Date((clock += 10_000)).toISOString(),
})
const user = (content: string) => say('user', content)
const agent = (content: string) => say('assistant', content)

const english = [
  agent('Hi! How can I help?'),
  user('We run an HVAC company and our scheduling is a mess, we get double booked all the time.'),
  agent('Dispatch AI books jobs and assigns technicians.'),
  user('How much does it cost? And how long until it is live?'),
  agent('Discovery is $4,000 and takes eight weeks.'),
  user('Sounds great. Can it work with our invoicing software?'),
  agent('Yes.'),
  user('My email is Maria.Lopez@Example.COM if you want to send details.'),
]

const spanish = [
  agent('¡Hola! ¿En qué le ayudo?'),
  user('Tengo una empresa de plomería y perdemos clientes porque se nos olvida dar seguimiento.'),
  user('¿Cuánto cuesta? Me parece caro, ya probamos un chatbot y no funcionó.'),
  user('¿Cuánto tarda en estar funcionando?'),
]

describe('analyseTranscript, English', () => {
  const analysis = analyseTranscript(english, ['SCROLL_TO_PRICING', 'SCROLL_TO_ROI'])

  it('counts the visitor’s questions, not the agent’s', () => {
    // "How much…? And how long…?" = 2, "Can it work…?" = 1; the agent's "How can I help?" is not counted.
    expect(analysis.totalQuestions).toBe(3)
  })

  it('derives intents, topics and pain points from the keyword rules', () => {
    expect(analysis.intents).toEqual([
      'PRICING_INQUIRY',
      'INDUSTRY_USE_CASE',
      'TIMELINE_QUESTION',
      'CAPABILITY_QUESTION',
    ])
    expect(analysis.topics).toEqual(['pricing', 'timeline', 'integrations', 'scheduling', 'invoicing'])
    expect(analysis.painPoints).toEqual(['Scheduling chaos'])
    expect(analysis.objections).toEqual([])
  })

  it('reads sentiment, outcome and the email address', () => {
    expect(analysis.sentiment).toBe('POSITIVE')
    expect(analysis.outcome).toBe('ROI_CALCULATOR')
    expect(analysis.emailFound).toBe('maria.lopez@example.com')
  })

  it('summarises the conversation for the person in both languages', () => {
    expect(analysis.summary.en).toBe(
      'You asked 3 questions, about pricing, timeline, integrations, scheduling and invoicing. Challenges you mentioned: Scheduling chaos. You went on to the ROI calculator.',
    )
    expect(analysis.summary.es).toBe(
      'Hizo 3 preguntas, sobre precios, plazos, integraciones, agenda y facturación. Retos que mencionó: Caos en la agenda. Después pasó a la calculadora de ROI.',
    )
  })
})

describe('analyseTranscript, Spanish', () => {
  const analysis = analyseTranscript(spanish, [])

  it('applies the Spanish rules, accent-insensitive', () => {
    expect(analysis.totalQuestions).toBe(2)
    expect(analysis.intents).toEqual(['PRICING_INQUIRY', 'INDUSTRY_USE_CASE', 'TIMELINE_QUESTION', 'OBJECTION'])
    expect(analysis.painPoints).toEqual(['Follow-ups falling through'])
    expect(analysis.objections).toEqual(['Too expensive', 'Tried a similar tool before'])
    expect(analysis.sentiment).toBe('NEGATIVE')
    expect(analysis.outcome).toBe('LEFT_SITE')
    expect(analysis.emailFound).toBeNull()
  })

  it('summarises objections in the person’s words', () => {
    expect(analysis.summary.es).toContain('Dudas que planteó: Demasiado caro y Ya probó una herramienta similar.')
    expect(analysis.summary.en).toContain('Concerns you raised: Too expensive and Tried a similar tool before.')
    expect(analysis.summary.en.endsWith('The conversation ended there.')).toBe(true)
  })
})

describe('what the agent sends wins', () => {
  it('keeps the agent’s analysis and derives only the missing parts', () => {
    const analysis = analyseTranscript(english, [], {
      topics: ['financing'],
      sentiment: 'NEUTRAL',
      outcome: 'CALENDAR_BOOKING',
      intents: ['READY_TO_PROCEED'],
    })
    expect(analysis).toMatchObject({
      topics: ['financing'],
      sentiment: 'NEUTRAL',
      outcome: 'CALENDAR_BOOKING',
      intents: ['READY_TO_PROCEED'],
      painPoints: ['Scheduling chaos'],
      totalQuestions: 3,
      emailFound: 'maria.lopez@example.com',
    })
    expect(analysis.summary.en).toBe(
      'You asked 3 questions, about financing. Challenges you mentioned: Scheduling chaos. You went on to book a call with us.',
    )
  })

  it('treats an empty list as not sent', () => {
    expect(analyseTranscript(english, [], { painPoints: [], objections: [] }).painPoints).toEqual(['Scheduling chaos'])
  })
})

describe('rules one by one', () => {
  it('counts question marks, runs of them once, and question words without a mark', () => {
    expect(countQuestions('Hola. Una pregunta: ¿funciona en español? ¿Y en inglés?')).toBe(2)
    expect(countQuestions('What does it cost?? Really?')).toBe(2)
    expect(countQuestions('¿Cuánto cuesta?')).toBe(1)
    expect(countQuestions('how long does it take')).toBe(1)
    expect(countQuestions('Cuánto tiempo toma')).toBe(1)
    expect(countQuestions('We are a plumbing company.')).toBe(0)
  })

  it('derives the outcome from the page actions', () => {
    expect(outcomeFromActions(['SCROLL_TO_ROI'])).toBe('ROI_CALCULATOR')
    expect(outcomeFromActions(['SCROLL_TO_ROI', 'OPEN_BOOKING'])).toBe('CALENDAR_BOOKING')
    expect(outcomeFromActions(['open_calendar'])).toBe('CALENDAR_BOOKING')
    expect(outcomeFromActions(['SCROLL_TO_PRICING'])).toBe('CONTINUED_BROWSING')
    expect(outcomeFromActions([])).toBe('LEFT_SITE')
  })

  it('weighs positive against negative words', () => {
    expect(sentimentOf(normaliseText('This is great, thanks!'))).toBe('POSITIVE')
    expect(sentimentOf(normaliseText('Too expensive and frustrating.'))).toBe('NEGATIVE')
    expect(sentimentOf(normaliseText('Great, but too expensive.'))).toBe('NEUTRAL')
    expect(sentimentOf(normaliseText('¡Excelente, gracias!'))).toBe('POSITIVE')
  })

  it('matches whole words only', () => {
    // "fee" inside "feedback" and "vs" inside "canvas" are not pricing or competitor talk.
    expect(analyseTranscript([user('We collect feedback on canvas.')], []).intents).toEqual(['GENERAL_INFO'])
    expect(analyseTranscript([user('Compared to HubSpot, what is different?')], []).intents).toContain(
      'COMPARISON_TO_COMPETITOR',
    )
  })

  it('recognises readiness to proceed and objections as intents', () => {
    expect(analyseTranscript([user("OK let's do it, I want to get started.")], []).intents).toEqual([
      'READY_TO_PROCEED',
    ])
    expect(analyseTranscript([user('Quiero empezar, ¿cómo agendar una llamada?')], []).intents).toContain(
      'READY_TO_PROCEED',
    )
    expect(analyseTranscript([user('Not right now, maybe later.')], []).intents).toEqual(['OBJECTION'])
  })

  it.each([
    ['What does it cost? Honestly we are worried about the price.'],
    ['That sounds too expensive for a company our size.'],
    ["We can't afford another subscription right now."],
    ['The cost is a concern for us.'],
    ['I am concerned about the cost.'],
    ['Me preocupa el precio, somos una empresa pequeña.'],
    ['Es muy caro para nosotros.'],
    ['Nos preocupa el costo.'],
  ])('hears a price worry as a price objection: %s', (sentence) => {
    const analysis = analyseTranscript([user(sentence)], [])
    expect(analysis.objections).toEqual(['Too expensive'])
    expect(analysis.intents).toContain('OBJECTION')
  })

  it.each([['What does it cost?'], ['¿Cuánto cuesta?'], ['Is the price per month or per year?']])(
    'hears a question about the price as no objection: %s',
    (sentence) => {
      expect(analyseTranscript([user(sentence)], []).objections).toEqual([])
    },
  )

  it('finds the first email a visitor wrote, ignoring the agent’s and a trailing full stop', () => {
    const messages = [
      agent('Write to hello@durable.example.'),
      user('Sure: Juan@Empresa.MX.'),
      user('or juan2@empresa.mx'),
    ]
    expect(analyseTranscript(messages, []).emailFound).toBe('juan@empresa.mx')
  })

  it('handles an empty conversation', () => {
    const analysis = analyseTranscript([], [])
    expect(analysis).toMatchObject({
      totalQuestions: 0,
      topics: [],
      intents: [],
      painPoints: [],
      objections: [],
      sentiment: 'NEUTRAL',
      outcome: 'LEFT_SITE',
      emailFound: null,
    })
    expect(analysis.summary).toEqual({
      en: 'You talked with our assistant. The conversation ended there.',
      es: 'Habló con nuestro asistente. La conversación terminó ahí.',
    })
  })
})
