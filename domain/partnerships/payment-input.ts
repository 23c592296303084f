import { z } from 'zod'
import { parseBody, type Parsed } from '../integrations/parse'

/** `POST /api/partnerships/:id/payments/:paymentId/received`: received now, by the person asking; nothing else. */
export const paymentReceivedInput = z.strictObject({})

export function parsePaymentReceived(body: unknown): Parsed<Record<string, never>> {
  return parseBody(paymentReceivedInput, body, 'payment received') as Parsed<Record<string, never>>
}
