import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { parseDealEmail } from '../domain/deals/deal-input'
import { emailDealContact } from '../services/deals/deal-actions'
import { Problem } from '../services/problems/problem'
import { emailContactIntent } from './components/deal-email-form'
import { dealRecordPage, requireActionableDeal, type DealActionFailure } from './deal-page.server'
import { problemForForm, problemInit } from './problem.server'
import { guardedContext } from './records.server'

// The deal page's "Email <contact>" form: the deal's workflow sends it through the outbox (decision 0032).

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export async function emailContactAction(args: Args) {
  const id = String(args.params.id)
  const form = await args.request.clone().formData()
  const { user, grant } = await guardedContext(args, dealRecordPage, 'update', id)
  const { db, temporal, config } = args.context
  await requireActionableDeal(db, grant, user, id)
  let notice: string
  try {
    const parsed = parseDealEmail({ subject: form.get('subject') ?? '', body: form.get('body') ?? '' })
    if (!parsed.ok) {
      const fields = parsed.errors.map((error) => `${error.field} ${error.message}`).join('; ')
      throw new Problem('invalid-input', `Check the email: ${fields}`, { fields: parsed.errors })
    }
    const context = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor: user }
    const sent = await emailDealContact(context, id, parsed.value)
    notice = `Email sent to ${sent.sentTo}.`
  } catch (error) {
    // Refused (a closed deal, the address) or the mail server is away: the page says why, nothing was sent.
    const problem = problemForForm(error)
    return data<DealActionFailure>({ dealIntent: emailContactIntent, error: problem.detail }, problemInit(problem))
  }
  return redirect(`/opportunities/${id}?notice=${encodeURIComponent(notice)}`)
}
