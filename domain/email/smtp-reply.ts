/** The ApplicationFailure type of a message the SMTP server refused for good (the workflow goes on without it). */
export const messageRejectedFailureType = 'MessageRejected'

/** What a mail library reports when a send fails: the server's reply code, if any, and its own error code. */
export interface SmtpFailure {
  /** The SMTP reply code (RFC 5321 §4.2), e.g. 501, 550, 451; absent for network errors. */
  responseCode?: number
  /** nodemailer's classification: EENVELOPE (MAIL FROM/RCPT TO refused), EMESSAGE (DATA refused), EAUTH, ... */
  code?: string
}

/**
 * Whether the server refused this message permanently, so sending it again can never succeed (RFC 5321 §4.2.1:
 * 5yz is a permanent negative reply; 4yz is transient and network errors are retried). A 5xx about our own
 * session — authentication, a greeting refusal — says nothing about the message: fixing the relay's
 * configuration makes it deliverable, so those stay retryable.
 */
export function isPermanentRejection({ responseCode, code }: SmtpFailure): boolean {
  if (responseCode === undefined || responseCode < 500 || responseCode > 599) return false
  // 503 "bad sequence of commands" is a fault of the conversation, not of the message.
  if (responseCode === 503) return false
  return !sessionFailureCodes.has(code ?? '')
}

const sessionFailureCodes = new Set(['EAUTH', 'ENOAUTH', 'ECONNECTION', 'ETLS', 'EPROTOCOL'])
