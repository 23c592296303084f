import path from 'node:path'
import { MailDev } from 'maildev'

export interface MailCatcherOptions {
  smtpPort?: number
  webPort?: number
  /** Keeps caught mail across restarts; MailDev restores it from here on start. */
  mailDir?: string
}

export interface MailCatcher {
  smtpUrl: string
  inboxUrl: string
  stop(): Promise<void>
}

const host = '127.0.0.1'

/** A local SMTP server with a web inbox (MailDev), so development mail never leaves the machine. */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const smtpPort = options.smtpPort ?? 1025
  const webPort = options.webPort ?? 1080
  const maildev = new MailDev({
    smtp: smtpPort,
    ip: host,
    web: webPort,
    webIp: host,
    silent: true,
    ...(options.mailDir ? { mailDirectory: path.resolve(options.mailDir) } : {}),
  })
  await maildev.start()
  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    inboxUrl: `http://${host}:${webPort}`,
    stop: () => maildev.stop(),
  }
}
