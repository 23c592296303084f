import type { AppLoadContext } from '@remix-run/node'
import {
  addReportRecipient,
  removeReportRecipient,
  sendReportNow,
  setReportPaused,
  type ReportAdminContext,
} from '../services/reports/report-admin'
import { clientOf, requireUser } from './auth.server'
import { countOf } from '../domain/formatting/plural'

// The /admin/reports page's actions: each one a service call that checks the Admin grant and audits.

interface Args {
  request: Request
  context: AppLoadContext
}

export function reportAdminContext(args: Args): ReportAdminContext {
  const user = requireUser(args)
  return {
    db: args.context.db,
    temporal: args.context.temporal,
    taskQueue: args.context.config.TEMPORAL_TASK_QUEUE,
    actor: user,
    client: clientOf(args),
  }
}

export async function applyReportIntent(context: ReportAdminContext, form: FormData): Promise<string> {
  const report = form.get('report')
  switch (form.get('intent')) {
    case 'add-recipient': {
      const added = await addReportRecipient(context, report, {
        email: form.get('email'),
        name: form.get('name'),
        timeZone: form.get('timeZone'),
      })
      return `${added.email} now receives it at 07:00 ${added.timeZone}.`
    }
    case 'remove-recipient':
      await removeReportRecipient(context, report, String(form.get('recipientId') ?? ''))
      return 'Recipient removed.'
    case 'pause':
      await setReportPaused(context, report, true)
      return 'Paused: no scheduled run until it is resumed.'
    case 'resume':
      await setReportPaused(context, report, false)
      return 'Resumed.'
    case 'send-now': {
      const { workflowIds } = await sendReportNow(context, report)
      return `Sending now (${countOf(workflowIds.length, 'time zone')}); see the history below.`
    }
    default:
      return 'Unknown action.'
  }
}
