import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedEmail {
  envelopeTo: string[]
  from: string
  to: string
  subject: string
  text: string
  html: string
  messageId: string
  /** When the server had the whole message, just before it answered `250`. */
  receivedAt: number
  headers: Map<string, unknown>
  /** The whole message as mailparser read it (raw header lines, attachments). */
  parsed: ParsedMail
}

/** How the server answers RCPT TO for an address it refuses, e.g. `{ code: 501, message: 'Address too long' }`. */
export interface SmtpRefusal {
  code: number
  message: string
}

/**
 * A real SMTP server on a free loopback port that keeps every message nodemailer delivers to it; `refuse`
 * answers RCPT TO for chosen addresses with a reply code, as a real server refusing a recipient does.
 */
export async function startSmtpInbox(
  options: {
    port?: number
    refuse?: (address: string) => SmtpRefusal | null
    /**
     * Answers RCPT TO only after this long (a slow relay), so sends stay in flight long enough to kill a worker
     * during them. Before DATA: the wait does not widen the window in which the server holds a message whose
     * `250` the sender never saw.
     */
    rcptDelayMs?: number
  } = {},
) {
  const received: ReceivedEmail[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const server = new SMTPServer({
    // A pooled sender keeps its connections open between messages; on stop the server waits this long for them
    // before it answers 421 and closes them (smtp-server's default, 30 s, was most of a test file's teardown).
    closeTimeout: 500,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const answer = () => {
        const refusal = options.refuse?.(address.address)
        if (!refusal) return callback()
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }))
      }
      if (options.rcptDelayMs) setTimeout(answer, options.rcptDelayMs)
      else answer()
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            from: parsed.from?.text ?? '',
            to: Array.isArray(parsed.to)
              ? parsed.to.map((address) => address.text).join(', ')
              : (parsed.to?.text ?? ''),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            receivedAt: Date.now(),
            headers: parsed.headers,
            parsed,
          })
          for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) waiter.resolve()
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  // A sender that dies mid-conversation (a killed worker) resets its connection; a real server logs that and
  // goes on serving the others.
  server.on('error', () => undefined)
  const address = server.server.address()
  if (!address || typeof address === 'string') throw new Error('SMTP inbox did not get a port')

  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    /** The messages delivered to one address. */
    to(email: string): ReceivedEmail[] {
      return received.filter((mail) => mail.envelopeTo.includes(email))
    },
    /** Resolves once at least `count` messages have arrived. */
    waitForMessages(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve()
      return new Promise((resolve) => waiters.push({ count, resolve }))
    },
    stop(): Promise<void> {
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

export type SmtpInbox = Awaited<ReturnType<typeof startSmtpInbox>>
