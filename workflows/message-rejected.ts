import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow'
import { messageRejectedFailureType } from '../domain/email/smtp-reply'

/**
 * The reply of a mail server that refused a message for good (activities/outbox.ts), or null for any other
 * failure. A refused message is recorded as failed on the record; the workflow goes on without it.
 */
export function messageRejectedReply(error: unknown): string | null {
  if (!(error instanceof ActivityFailure)) return null
  const cause = error.cause
  if (!(cause instanceof ApplicationFailure) || cause.type !== messageRejectedFailureType) return null
  const details = cause.details?.[0] as { reply?: unknown } | undefined
  return typeof details?.reply === 'string' ? details.reply : cause.message
}
