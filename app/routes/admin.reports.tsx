import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { enumWords } from '../../domain/records/enum-words'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { listScheduledReports, manageReports } from '../../services/reports/report-admin'
import { requireGrant } from '../auth.server'
import { Notice } from '../components/notice'
import { RouteError } from '../components/route-error'
import { formatDateTime } from '../format'
import { problemForForm, problemInit } from '../problem.server'
import { applyReportIntent, reportAdminContext } from '../scheduled-reports.server'
import { EmptyTableRow } from '../components/empty-table-row'

export async function loader(args: LoaderFunctionArgs) {
  await requireGrant(args, manageReports)
  return listScheduledReports(args.context.db)
}

export async function action(args: ActionFunctionArgs) {
  const form = await args.request.formData()
  try {
    const ok = await applyReportIntent(reportAdminContext(args), form)
    return { ok, error: null }
  } catch (error) {
    const problem = problemForForm(error)
    const fields = problem.fields.map((field) => `${field.field} ${field.message}`).join('; ')
    return data({ ok: null, error: fields ? `${problem.detail}: ${fields}` : problem.detail }, problemInit(problem))
  }
}

type ActionResult = { ok: string | null; error: string | null }

export const meta: MetaFunction = () => [{ title: 'Scheduled reports · Durable CRM' }]

export default function ScheduledReportsPage() {
  const { reports, history } = useLoaderData<typeof loader>()
  const result = useActionData<ActionResult>()
  return (
    <>
      <h1>Scheduled reports</h1>
      <p className="subtitle">
        The seven reports of §10.3, each emailed as a PDF with its charts and a CSV at 07:00 on every recipient’s own
        clock.
      </p>
      <Notice ok={result?.ok} error={result?.error} />
      <section className="panel table-panel" aria-labelledby="reports">
        <table>
          <caption className="visually-hidden" id="reports">
            Reports
          </caption>
          <thead>
            <tr>
              <th>Report</th>
              <th>Frequency</th>
              <th>Audience</th>
              <th>Recipients</th>
              <th>Add a recipient</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((report) => (
              <tr key={report.key} data-report={report.key}>
                <td>{report.title}</td>
                <td>{report.frequency}</td>
                <td>{report.audience}</td>
                <td>
                  {report.recipients.length === 0 ? <span className="muted">None yet</span> : null}
                  {report.recipients.map((recipient) => (
                    <Form method="post" className="inline" key={recipient.id}>
                      <input type="hidden" name="report" value={report.key} />
                      <input type="hidden" name="recipientId" value={recipient.id} />
                      <span title={recipient.email}>
                        {recipient.name} · {recipient.timeZone}
                      </span>{' '}
                      <button type="submit" name="intent" value="remove-recipient" className="small">
                        Remove
                      </button>
                    </Form>
                  ))}
                </td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="report" value={report.key} />
                    <input name="name" placeholder="Name" required aria-label={`Name for ${report.title}`} />
                    <input
                      name="email"
                      type="email"
                      placeholder="Email"
                      required
                      aria-label={`Email for ${report.title}`}
                    />
                    <input
                      name="timeZone"
                      placeholder="America/New_York"
                      defaultValue="America/New_York"
                      required
                      aria-label={`Time zone for ${report.title}`}
                    />
                    <button type="submit" name="intent" value="add-recipient" className="small">
                      Add
                    </button>
                  </Form>
                </td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="report" value={report.key} />
                    <span className={`badge ${report.paused ? 'revoked' : 'active'}`}>
                      {report.paused ? 'Paused' : 'Running'}
                    </span>{' '}
                    <button type="submit" name="intent" value={report.paused ? 'resume' : 'pause'} className="small">
                      {report.paused ? 'Resume' : 'Pause'}
                    </button>{' '}
                    <button
                      type="submit"
                      name="intent"
                      value="send-now"
                      className="small primary"
                      disabled={report.recipients.length === 0}
                    >
                      Send now
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel table-panel spaced" aria-labelledby="history">
        <h2 id="history">What was sent</h2>
        <table>
          <thead>
            <tr>
              <th>Report</th>
              <th>Period</th>
              <th>Time zone</th>
              <th>Recipients</th>
              <th>Status</th>
              <th>Sent</th>
              <th>Outbox</th>
            </tr>
          </thead>
          <tbody>
            {history.length === 0 ? <EmptyTableRow columns={7}>Nothing sent yet.</EmptyTableRow> : null}
            {history.map((run) => (
              <tr key={run.id}>
                <td>
                  {reports.find((report) => report.key === run.report)?.title ?? run.report}
                  {run.manual ? ' (sent now)' : ''}
                </td>
                <td>{run.periodLabel}</td>
                <td>{run.timeZone}</td>
                <td>{run.recipients.join(', ')}</td>
                <td title={run.staleReason ?? undefined}>{enumWords(run.status)}</td>
                <td className="when">{formatDateTime(run.sentAt)}</td>
                <td>{run.outboxMessageIds.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteError />
}
