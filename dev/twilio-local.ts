// A local stand-in for Twilio's Programmable Messaging REST API (2010-04-01), for development and tests: Twilio has
// no local server of its own. It speaks Twilio's wire format — form-encoded requests with Basic auth, the Message
// resource as JSON, Twilio's error bodies and codes, status callbacks signed with X-Twilio-Signature — so the real
// SDK talks to it unchanged, and it shows every message it was given in an SMS inbox page. It sends nothing.
import { createHash, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import express, { type Request, type Response } from 'express'
import twilio from 'twilio'

export const twilioApiVersion = '2010-04-01'

/** The account `npm start` gives the local server (Twilio's format; no real account has it). */
export const localTwilioAccountSid = `AC${'0'.repeat(32)}`

/** Twilio's test numbers (its "magic" numbers) behave here as they do with Twilio's test credentials. */
export const magicNumbers = {
  invalid: '+15005550001',
  cannotRoute: '+15005550002',
  notMobile: '+15005550009',
} as const

export interface LocalSms {
  sid: string
  accountSid: string
  from: string
  to: string
  body: string
  status: 'queued' | 'sent' | 'delivered' | 'received'
  direction: 'outbound-api' | 'inbound'
  dateCreated: string
  dateUpdated: string
  statusCallback: string | null
}

export interface TwilioLocalOptions {
  accountSid: string
  authToken: string
  port?: number
  /** Keeps the messages across restarts. */
  file?: string
  /** Where a reply typed in the inbox is delivered (the CRM's signed Twilio webhook). */
  inboundWebhookUrl?: string
  /** Delay before the `sent` and `delivered` callbacks; 0 sends them at once. */
  callbackDelayMs?: number
}

export interface TwilioLocal {
  /** The base to send API calls to instead of https://api.twilio.com. */
  apiBase: string
  inboxUrl: string
  messages(): LocalSms[]
  /** Resolves when every status callback started so far has been answered. */
  settled(): Promise<void>
  /** A reply from a phone (STOP, START, HELP, …), delivered to the inbound webhook signed as Twilio signs it. */
  reply(from: string, body: string): Promise<number>
  stop(): Promise<void>
}

const host = '127.0.0.1'

function twilioError(response: Response, status: number, code: number, message: string) {
  response.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })
}

const e164 = /^\+[1-9]\d{6,14}$/

/** The Message resource as Twilio returns it (snake_case, RFC 2822 dates, counts as strings). */
function messageResource(message: LocalSms) {
  const uri = `/${twilioApiVersion}/Accounts/${message.accountSid}/Messages/${message.sid}.json`
  return {
    account_sid: message.accountSid,
    api_version: twilioApiVersion,
    body: message.body,
    date_created: new Date(message.dateCreated).toUTCString().replace('GMT', '+0000'),
    date_sent: message.status === 'queued' ? null : new Date(message.dateUpdated).toUTCString().replace('GMT', '+0000'),
    date_updated: new Date(message.dateUpdated).toUTCString().replace('GMT', '+0000'),
    direction: message.direction,
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: String(Math.max(1, Math.ceil(message.body.length / 160))),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
    to: message.to,
    uri,
  }
}

/** Signs and posts form parameters the way Twilio posts its webhooks. */
export async function postSignedForm(url: string, authToken: string, params: Record<string, string>): Promise<number> {
  const signature = twilio.getExpectedTwilioSignature(authToken, url, params)
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  })
  await response.arrayBuffer()
  return response.status
}

export async function startTwilioLocal(options: TwilioLocalOptions): Promise<TwilioLocal> {
  const { accountSid, authToken } = options
  const messages: LocalSms[] = options.file ? await load(options.file) : []
  const inFlight = new Set<Promise<unknown>>()
  const save = () => (options.file ? writeFile(options.file, JSON.stringify(messages, null, 1)) : Promise.resolve())
  const sid = (prefix: string) => prefix + createHash('md5').update(randomBytes(16)).digest('hex')

  const app = express()
  app.use(express.urlencoded({ extended: false }))

  const base = `/${twilioApiVersion}/Accounts/:accountSid`
  app.use(base, (request, response, next) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ')
    const [user, password] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':')
    if (scheme !== 'Basic' || user !== accountSid || password !== authToken) {
      return twilioError(response, 401, 20003, 'Authenticate')
    }
    if (request.params.accountSid !== accountSid) {
      return twilioError(response, 404, 20404, 'The requested resource was not found')
    }
    next()
  })

  app.post(`${base}/Messages.json`, (request: Request, response: Response) => {
    const { To: to, From: from, Body: body, StatusCallback: statusCallback } = request.body as Record<string, string>
    if (!to) return twilioError(response, 400, 21604, "A 'To' phone number is required.")
    if (!from) return twilioError(response, 400, 21603, "A 'From' phone number is required.")
    if (!body) return twilioError(response, 400, 21602, 'Message body is required.')
    if (!e164.test(to) || to === magicNumbers.invalid) {
      return twilioError(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`)
    }
    if (to === magicNumbers.cannotRoute)
      return twilioError(
        response,
        400,
        21612,
        `The 'To' phone number: ${to}, is not currently reachable using the 'From' phone number: ${from} via SMS.`,
      )
    if (to === magicNumbers.notMobile)
      return twilioError(response, 400, 21614, `'To' number ${to} is not a valid mobile number`)
    if (body.length > 1600)
      return twilioError(response, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.')
    const now = new Date().toISOString()
    const message: LocalSms = {
      sid: sid('SM'),
      accountSid,
      from,
      to,
      body,
      status: 'queued',
      direction: 'outbound-api',
      dateCreated: now,
      dateUpdated: now,
      statusCallback: statusCallback || null,
    }
    messages.push(message)
    void save()
    response.status(201).json(messageResource(message))
    const progress = deliver(message)
    inFlight.add(progress)
    void progress.finally(() => inFlight.delete(progress))
  })

  app.get(`${base}/Messages/:sid.json`, (request, response) => {
    const message = messages.find((candidate) => candidate.sid === request.params.sid)
    if (!message) return twilioError(response, 404, 20404, 'The requested resource was not found')
    response.json(messageResource(message))
  })

  app.get(`${base}/Messages.json`, (request, response) => {
    const { To: to } = request.query as Record<string, string | undefined>
    const page = messages
      .filter((message) => !to || message.to === to)
      .slice(-50)
      .reverse()
    const uri = `/${twilioApiVersion}/Accounts/${accountSid}/Messages.json?PageSize=50&Page=0`
    response.json({
      first_page_uri: uri,
      end: page.length === 0 ? 0 : page.length - 1,
      previous_page_uri: null,
      messages: page.map(messageResource),
      uri,
      page_size: 50,
      start: 0,
      next_page_uri: null,
      page: 0,
    })
  })

  app.get('/', (_request, response) => response.type('html').send(inboxPage(messages)))
  app.post('/reply', (request, response, next) => {
    const { from, body } = request.body as Record<string, string>
    const replied = from && body ? local.reply(from, body) : Promise.resolve(0)
    replied.then(() => response.redirect(303, '/'), next)
  })

  async function deliver(message: LocalSms) {
    for (const status of ['sent', 'delivered'] as const) {
      if (options.callbackDelayMs) await new Promise((resolve) => setTimeout(resolve, options.callbackDelayMs))
      message.status = status
      message.dateUpdated = new Date().toISOString()
      await save()
      if (!message.statusCallback) continue
      await postSignedForm(message.statusCallback, authToken, {
        AccountSid: accountSid,
        ApiVersion: twilioApiVersion,
        From: message.from,
        MessageSid: message.sid,
        MessageStatus: status,
        SmsSid: message.sid,
        SmsStatus: status,
        To: message.to,
      }).catch(() => undefined)
    }
  }

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const listening = app.listen(options.port ?? 0, host, () => resolve(listening))
  })
  const port = (server.address() as AddressInfo).port

  const local: TwilioLocal = {
    apiBase: `http://${host}:${port}`,
    inboxUrl: `http://${host}:${port}/`,
    messages: () => messages.map((message) => ({ ...message })),
    settled: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight])
    },
    async reply(from, body) {
      const to = messages.findLast((message) => message.to === from)?.from ?? '+15005550006'
      const now = new Date().toISOString()
      const message: LocalSms = {
        sid: sid('SM'),
        accountSid,
        from,
        to,
        body,
        status: 'received',
        direction: 'inbound',
        dateCreated: now,
        dateUpdated: now,
        statusCallback: null,
      }
      messages.push(message)
      await save()
      if (!options.inboundWebhookUrl) return 0
      return postSignedForm(options.inboundWebhookUrl, authToken, {
        AccountSid: accountSid,
        ApiVersion: twilioApiVersion,
        Body: body,
        From: from,
        MessageSid: message.sid,
        NumMedia: '0',
        NumSegments: '1',
        SmsMessageSid: message.sid,
        SmsSid: message.sid,
        SmsStatus: 'received',
        To: to,
      })
    },
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
  return local
}

async function load(file: string): Promise<LocalSms[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LocalSms[]
  } catch {
    return []
  }
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function inboxPage(messages: LocalSms[]): string {
  const rows = [...messages]
    .reverse()
    .map(
      (m) => `<tr><td>${escape(new Date(m.dateCreated).toLocaleString('en-US', { timeZone: 'UTC' }))} UTC</td>
<td>${m.direction === 'inbound' ? '⟵ in' : 'out ⟶'}</td><td>${escape(m.from)}</td><td>${escape(m.to)}</td>
<td class="body">${escape(m.body)}</td><td>${m.status}</td></tr>`,
    )
    .join('\n')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SMS inbox — Durable CRM</title>
<meta http-equiv="refresh" content="5"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:14px system-ui,sans-serif;margin:0;padding:16px 24px}table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #ddd;vertical-align:top}.body{white-space:pre-wrap;width:50%}
form{display:flex;gap:8px;margin:12px 0}input{padding:6px}</style></head><body>
<h1>SMS inbox</h1><p>Every SMS the CRM sent in development (nothing left this machine). ${messages.length} message(s).</p>
<form method="post" action="/reply"><input name="from" placeholder="From (+15551234567)" required>
<input name="body" placeholder="Reply (STOP, START, HELP, …)" required><button>Reply as that phone</button></form>
<table><thead><tr><th>When</th><th></th><th>From</th><th>To</th><th>Body</th><th>Status</th></tr></thead>
<tbody>${rows || '<tr><td colspan="6">No messages yet.</td></tr>'}</tbody></table></body></html>`
}
