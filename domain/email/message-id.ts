import { createHash } from 'node:crypto'

/** A Message-ID derived from the business key, identical on every attempt for the same message. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'durable-crm.localhost'
  const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)
  return `<${digest}@${domain}>`
}
