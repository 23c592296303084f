import nodemailer from 'nodemailer'

export interface OutgoingEmail {
  from: string
  to: string
  subject: string
  text: string
  html?: string
  /** RFC 5322 Message-ID, stable per outbox row so a resend after a crash can be recognised downstream. */
  messageId: string
  headers?: Record<string, string>
  attachments?: EmailAttachment[]
}

export interface EmailAttachment {
  filename: string
  content: Buffer
  contentType: string
}

export interface MailDriver {
  send(email: OutgoingEmail): Promise<{ accepted: string[]; response: string }>
  /** Resolves when the SMTP server greets us and accepts our session. */
  verify(): Promise<void>
  close(): void
}

/** The one place nodemailer is constructed. */
export function createSmtpMailDriver(smtpUrl: string): MailDriver {
  const url = new URL(smtpUrl)
  const secure = url.protocol === 'smtps:'
  const transport = nodemailer.createTransport({
    // Pooled: a burst of sends reuses a few open SMTP sessions instead of a handshake per message.
    pool: true,
    maxConnections: 5,
    maxMessages: 1_000,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // A local mail catcher offers no certificate worth checking; a real relay is reached over smtps://.
    ignoreTLS: !secure && ['localhost', '127.0.0.1', '::1'].includes(url.hostname),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  return {
    async send(email) {
      const info = await transport.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers: email.headers,
        attachments: email.attachments,
      })
      return { accepted: info.accepted.map(String), response: info.response }
    },
    async verify() {
      await transport.verify()
    },
    close() {
      transport.close()
    },
  }
}
