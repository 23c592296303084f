import { createHmac, timingSafeEqual } from 'node:crypto'

export function hmacSha256Hex(secret: string, content: string | Buffer): string {
  return createHmac('sha256', secret).update(content).digest('hex')
}

/** Constant-time comparison of a received hex digest with the expected one (lengths are not secret). */
export function hexDigestsEqual(received: string, expected: string): boolean {
  if (!/^[0-9a-f]+$/i.test(received) || received.length !== expected.length) return false
  return timingSafeEqual(Buffer.from(received.toLowerCase(), 'hex'), Buffer.from(expected, 'hex'))
}
