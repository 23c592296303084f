import { z } from 'zod'
import { isoDateTime } from './parse'

/**
 * POST /api/leads/:id/replies: the person answered one of our emails, recorded by a mail integration or by a
 * person. The Message-ID makes a second record of the same reply change nothing.
 */
export const emailReplySchema = z
  .object({
    messageId: z.string().trim().min(1).max(500),
    receivedAt: isoDateTime,
    subject: z.string().trim().min(1).max(500),
    body: z.string().max(100_000).optional(),
  })
  .strict()

export type EmailReply = z.infer<typeof emailReplySchema>
