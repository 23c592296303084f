import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { magicNumbers, startTwilioLocal, type TwilioLocal } from '../../dev/twilio-local'
import { createTwilioClient, createTwilioSmsDriver, SmsRejected } from '../../lib/sms-driver'
import { twilioFormParams } from '../../lib/webhooks/twilio'

// The real Twilio SDK against the local stand-in (Twilio has no local server): what the CRM sends is what Twilio
// would receive, and what comes back — resources, errors, signed status callbacks — is what Twilio would send.

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`
const authToken = 'local-twilio-auth-token'
const from = '+15005550006'

interface Received {
  url: string
  params: Record<string, string | string[]>
  signatureValid: boolean
}

let local: TwilioLocal
let callbacks: Received[]
let callbackServer: ReturnType<typeof createServer>
let callbackUrl: string

async function body(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

beforeAll(async () => {
  callbacks = []
  callbackServer = createServer((request, response) => {
    void body(request).then((raw) => {
      const params = twilioFormParams(raw)
      const url = new URL(request.url ?? '/', callbackUrl).toString()
      const signature = String(request.headers['x-twilio-signature'] ?? '')
      callbacks.push({ url, params, signatureValid: twilio.validateRequest(authToken, signature, url, params) })
      response.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve))
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/api/webhooks/twilio`
  local = await startTwilioLocal({ accountSid, authToken, inboundWebhookUrl: callbackUrl })
})

afterAll(async () => {
  await local?.stop()
  await new Promise((resolve) => callbackServer?.close(resolve))
})

const driver = () => createTwilioSmsDriver({ accountSid, authToken, from, apiBase: local.apiBase })

describe('the Twilio SDK against the local stand-in', () => {
  it('creates a message and reports queued → sent → delivered to the status callback, signed as Twilio signs', async () => {
    const sent = await driver().send({
      to: '+15551230001',
      body: 'Your invoice is due on Friday.',
      statusCallback: callbackUrl,
    })
    expect(sent.sid).toMatch(/^SM[0-9a-f]{32}$/)
    expect(sent.status).toBe('queued')
    await local.settled()
    const reports = callbacks.filter((callback) => callback.params.MessageSid === sent.sid)
    expect(reports.map((report) => [report.params.MessageStatus, report.signatureValid])).toEqual([
      ['sent', true],
      ['delivered', true],
    ])
    expect(local.messages().find((message) => message.sid === sent.sid)).toMatchObject({
      to: '+15551230001',
      from,
      body: 'Your invoice is due on Friday.',
      status: 'delivered',
    })
  })

  it('answers the SDK’s fetch and list calls with the same resource', async () => {
    const client = createTwilioClient({ accountSid, authToken, apiBase: local.apiBase })
    const sent = await driver().send({ to: '+15551230002', body: 'Hello' })
    const fetched = await client.messages(sent.sid).fetch()
    expect([fetched.sid, fetched.to, fetched.body, fetched.direction]).toEqual([
      sent.sid,
      '+15551230002',
      'Hello',
      'outbound-api',
    ])
    const listed = await client.messages.list({ to: '+15551230002' })
    expect(listed.map((message) => message.sid)).toEqual([sent.sid])
  })

  it('refuses for good what Twilio refuses for good, with Twilio’s error code', async () => {
    await expect(driver().send({ to: magicNumbers.invalid, body: 'x' })).rejects.toMatchObject({
      name: 'SmsRejected',
      code: 21211,
    })
    await expect(driver().send({ to: '555-0100', body: 'x' })).rejects.toBeInstanceOf(SmsRejected)
    await expect(driver().send({ to: magicNumbers.notMobile, body: 'x' })).rejects.toMatchObject({ code: 21614 })
  })

  it('refuses wrong credentials with 401 (code 20003), which is not a refusal of the message', async () => {
    const wrong = createTwilioSmsDriver({ accountSid, authToken: 'not-the-token', from, apiBase: local.apiBase })
    const error = await wrong.send({ to: '+15551230003', body: 'x' }).catch((caught: unknown) => caught)
    expect(error).not.toBeInstanceOf(SmsRejected)
    expect(error).toMatchObject({ status: 401, code: 20003 })
  })

  it('delivers a reply from a phone (STOP) to the inbound webhook, signed', async () => {
    const status = await local.reply('+15551230001', 'STOP')
    expect(status).toBe(204)
    const inbound = callbacks.find((callback) => callback.params.Body === 'STOP')!
    expect(inbound.signatureValid).toBe(true)
    expect(inbound.params).toMatchObject({ From: '+15551230001', To: from, SmsStatus: 'received' })
  })

  it('shows every message, sent and received, in its inbox page', async () => {
    await driver().send({ to: '+15551230004', body: 'Reminder: kickoff <tomorrow> at 10:00' })
    await local.reply('+15551230004', 'HELP')
    const page = await (await fetch(local.inboxUrl)).text()
    expect(page).toContain('SMS inbox')
    expect(page).toContain('Reminder: kickoff &lt;tomorrow&gt; at 10:00')
    expect(page).toContain('HELP')
  })
})
