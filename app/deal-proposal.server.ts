import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { stagePolicies } from '../domain/deals/pipeline-policy'
import { sendDealProposal } from '../services/deals/deal-actions'
import { sendProposalIntent } from './components/proposal-send-form'
import { dealRecordPage, requireActionableDeal, type DealActionFailure } from './deal-page.server'
import { problemForForm, problemInit } from './problem.server'
import { guardedContext } from './records.server'

// The deal page's "Send proposal" button: the deal's workflow emails the proposal (decision 0025).

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export async function sendProposalAction(args: Args) {
  const id = String(args.params.id)
  const { user, grant } = await guardedContext(args, dealRecordPage, 'update', id)
  const { db, temporal, config } = args.context
  await requireActionableDeal(db, grant, user, id)
  let notice: string
  try {
    const sent = await sendDealProposal({ db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor: user }, id)
    notice = `Proposal sent to ${sent.sentTo}.${sent.moved ? ` The deal moved to ${stagePolicies[sent.stage].label}.` : ''}`
  } catch (error) {
    // Refused (the stage, the tier, the address) or the mail server is away: the page says why, nothing was sent.
    const problem = problemForForm(error)
    return data<DealActionFailure>({ dealIntent: sendProposalIntent, error: problem.detail }, problemInit(problem))
  }
  return redirect(`/opportunities/${id}?notice=${encodeURIComponent(notice)}`)
}
