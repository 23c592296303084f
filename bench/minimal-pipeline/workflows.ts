// The minimal durable pipeline the burst benchmark compares the engine with: per lead, one workflow whose one
// activity sends the email.
import { proxyActivities } from '@temporalio/workflow'
import type { MinimalActivities } from './activities'

const { sendEmail } = proxyActivities<MinimalActivities>({ startToCloseTimeout: '1 minute' })

export async function minimalEmailWorkflow(to: string): Promise<void> {
  await sendEmail(to)
}
