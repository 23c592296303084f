import { describe, expect, it } from 'vitest'
import { smsHelpText, smsKeywordOf } from './sms-keywords'

describe('smsKeywordOf', () => {
  it.each([
    ['STOP', 'opt-out', 'STOP'],
    [' stop ', 'opt-out', 'STOP'],
    ['Stopall', 'opt-out', 'STOPALL'],
    ['unsubscribe', 'opt-out', 'UNSUBSCRIBE'],
    ['CANCEL', 'opt-out', 'CANCEL'],
    ['end', 'opt-out', 'END'],
    ['Quit!', 'opt-out', 'QUIT'],
    ['START', 'opt-in', 'START'],
    ['yes', 'opt-in', 'YES'],
    ['Unstop', 'opt-in', 'UNSTOP'],
    ['help?', 'help', 'HELP'],
    ['INFO', 'help', 'INFO'],
  ])('%j is %s', (body, keyword, word) => {
    expect(smsKeywordOf(body)).toEqual({ keyword, word })
  })

  it.each(['Please stop by at 3', 'stop it', 'Yes please', 'Thanks!', ''])('%j is an ordinary message', (body) => {
    expect(smsKeywordOf(body)).toBeNull()
  })
})

describe('smsHelpText', () => {
  it('names the sender, a way to reach a person and how to stop, in one SMS segment', () => {
    const text = smsHelpText('Durable CRM', 'crm@durable-crm.localhost')
    expect(text).toBe(
      'Durable CRM: appointment and account messages. Help: crm@durable-crm.localhost. Msg&data rates may apply. Reply STOP to opt out.',
    )
    expect(text.length).toBeLessThanOrEqual(160)
  })
})
