import { describe, expect, it } from 'vitest'
import { chooseChannel, type ChannelChoiceInput, type ChannelPerson } from './channel-choice'

// New York in December is UTC−5: 10:00 there is 15:00Z. 2026-12-02 is a Wednesday, 2026-12-05 a Saturday.
// Quiet hours 21:00–08:00 and the single default priority [email: 1] are seed 003's defaults.
const person: ChannelPerson = {
  email: 'ana@example.com',
  phone: '+15551230001',
  channelPriorities: [{ channel: 'email', priority: 1 }],
  smsOptedOut: false,
  emailUnsubscribed: false,
  marketingConsent: false,
  window: { timezone: 'America/New_York', quietHoursStart: '21:00', quietHoursEnd: '08:00', weekendContact: false },
  contactHours: null,
  maxMessagesPerWeek: 4,
}

const wednesday10am = new Date('2026-12-02T15:00:00Z')
const wednesday10pm = new Date('2026-12-03T03:00:00Z')
const saturday10am = new Date('2026-12-05T15:00:00Z')

function input(overrides: Partial<Omit<ChannelChoiceInput, 'person'>> & { person?: Partial<ChannelPerson> } = {}) {
  return {
    now: wednesday10am,
    purpose: 'transactional' as const,
    requested: ['SMS', 'EMAIL'] as const,
    notAfter: null,
    smsAvailable: true,
    refused: [],
    recentMarketingSends: [],
    ...overrides,
    person: { ...person, ...overrides.person },
  } satisfies ChannelChoiceInput
}

const cases: [string, ChannelChoiceInput, ReturnType<typeof expect.objectContaining> | object][] = [
  [
    'transactional, daytime: SMS first as the workflow asks (the default priorities rank email alone)',
    input(),
    { decision: 'send', channel: 'SMS', to: '+15551230001' },
  ],
  [
    'opted out of SMS by STOP: email instead',
    input({ person: { smsOptedOut: true } }),
    { decision: 'send', channel: 'EMAIL', to: 'ana@example.com' },
  ],
  [
    'opted out and no email address: suppressed, naming both',
    input({ person: { smsOptedOut: true, email: null } }),
    { decision: 'suppress', reason: 'SMS: opted out of SMS (STOP); EMAIL: no email address' },
  ],
  [
    'transactional SMS at 22:00 New York: deferred to 08:00 there, not switched to email',
    input({ now: wednesday10pm }),
    {
      decision: 'defer',
      channel: 'SMS',
      until: new Date('2026-12-03T13:00:00Z'),
      reason: 'SMS: Quiet hours (21:00–08:00 America/New_York)',
    },
  ],
  [
    'transactional email at 22:00: nobody is woken, it goes',
    input({ now: wednesday10pm, requested: ['EMAIL'] }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'marketing without consent: neither channel',
    input({ purpose: 'marketing' }),
    { decision: 'suppress', reason: 'SMS: no marketing consent; EMAIL: no marketing consent' },
  ],
  [
    'marketing email on a Saturday without weekend contact: Monday 08:00 New York',
    input({ purpose: 'marketing', requested: ['EMAIL'], now: saturday10am, person: { marketingConsent: true } }),
    { decision: 'defer', channel: 'EMAIL', until: new Date('2026-12-07T13:00:00Z') },
  ],
  ['transactional SMS on a Saturday morning goes', input({ now: saturday10am }), { decision: 'send', channel: 'SMS' }],
  [
    'the person ranks email above SMS: email',
    input({
      person: {
        channelPriorities: [
          { channel: 'email', priority: 1 },
          { channel: 'sms', priority: 2 },
        ],
      },
    }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'the person ranks SMS above email though the workflow asks email first: SMS',
    input({
      requested: ['EMAIL', 'SMS'],
      person: {
        channelPriorities: [
          { channel: 'sms', priority: 1 },
          { channel: 'EMAIL', priority: 2 },
        ],
      },
    }),
    { decision: 'send', channel: 'SMS' },
  ],
  [
    'a number without its country code: email',
    input({ person: { phone: '555-1234' } }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'a formatted E.164 number is dialled compact',
    input({ person: { phone: '+1 (555) 123-0001' } }),
    { decision: 'send', channel: 'SMS', to: '+15551230001' },
  ],
  [
    'contact hours 09:00–18:00, SMS at 08:30: deferred to 09:00 New York',
    input({ now: new Date('2026-12-02T13:30:00Z'), person: { contactHours: { start: '09:00', end: '18:00' } } }),
    {
      decision: 'defer',
      channel: 'SMS',
      until: new Date('2026-12-02T14:00:00Z'),
      reason: 'SMS: Outside contact hours (09:00–18:00 America/New_York)',
    },
  ],
  ['Twilio not configured: email', input({ smsAvailable: false }), { decision: 'send', channel: 'EMAIL' }],
  [
    'Twilio refused the number for this message: email',
    input({ refused: ['SMS'] }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'SMS would wait past the appointment: email now instead',
    input({ now: wednesday10pm, notAfter: new Date('2026-12-03T04:00:00Z') }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'already past the appointment: suppressed',
    input({ notAfter: new Date('2026-12-02T14:00:00Z') }),
    { decision: 'suppress', reason: 'Too late: the message was useful until 2026-12-02T14:00:00.000Z' },
  ],
  [
    'marketing cap: 4 in the last 7 days, the oldest Monday 15:00Z, so the next fits 7 days after it',
    input({
      purpose: 'marketing',
      person: { marketingConsent: true },
      recentMarketingSends: [
        new Date('2026-11-30T15:00:00Z'),
        new Date('2026-12-01T15:00:00Z'),
        new Date('2026-12-02T14:00:00Z'),
        new Date('2026-12-02T14:30:00Z'),
      ],
    }),
    { decision: 'defer', channel: 'SMS', until: new Date('2026-12-07T15:00:00Z') },
  ],
  [
    'unsubscribed from marketing email still gets a transactional email',
    input({ requested: ['EMAIL'], person: { emailUnsubscribed: true } }),
    { decision: 'send', channel: 'EMAIL' },
  ],
  [
    'unsubscribed from marketing email gets no marketing email',
    input({ purpose: 'marketing', requested: ['EMAIL'], person: { emailUnsubscribed: true, marketingConsent: true } }),
    { decision: 'suppress', reason: 'EMAIL: unsubscribed from marketing email' },
  ],
]

describe('chooseChannel', () => {
  it.each(cases)('%s', (_name, choiceInput, expected) => {
    expect(chooseChannel(choiceInput)).toMatchObject(expected)
  })
})
