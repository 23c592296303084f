import type { AppLoadContext } from '@remix-run/node'
import { findUnsubscribeTarget, unsubscribeLead } from '../services/leads/unsubscribe-lead'

// The unsubscribe page's server side: the signed token is the only credential, so no sign-in is asked for.

export interface UnsubscribePageState {
  language: 'EN' | 'ES'
  unsubscribed: boolean
}

export async function loadUnsubscribePage(context: AppLoadContext, token: string): Promise<UnsubscribePageState> {
  const target = await findUnsubscribeTarget(context.db, token, context.config.UNSUBSCRIBE_SECRET)
  if (!target) throw unknownLink()
  return { language: target.language, unsubscribed: target.unsubscribedAt !== null }
}

export async function confirmUnsubscribe(context: AppLoadContext, token: string): Promise<UnsubscribePageState> {
  const result = await unsubscribeLead(
    {
      db: context.db,
      temporal: context.temporal,
      taskQueue: context.config.TEMPORAL_TASK_QUEUE,
      unsubscribeSecret: context.config.UNSUBSCRIBE_SECRET,
    },
    token,
    'unsubscribe-page',
  )
  if (!result) throw unknownLink()
  return { language: result.language, unsubscribed: true }
}

function unknownLink(): Response {
  return new Response('This unsubscribe link is not valid.', { status: 404, statusText: 'Not Found' })
}
