import { RowAction } from './row-action'
import { enumWords, enumWordsInline } from '../../domain/records/enum-words'
import type { PartnershipPlan } from '../partnership-timeline.server'
import { ViewerTime } from './lead-time'
import { isOwed } from '../../domain/partnerships/partnership-timeline'

// The plan's rows as tables, shared by the partnership page and the client portal (which passes no actions).

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    maximumFractionDigits: 0,
  }).format(amount)

const milestoneStates = {
  done: 'Done on time',
  'done-late': 'Done late',
  open: 'Due',
  overdue: 'Overdue',
  'not-reached': 'Not reached',
} as const

const meetingBadges: Record<string, { words: string; tone: string }> = {
  next: { words: 'Next', tone: 'pending' },
  attended: { words: 'Held', tone: 'completed' },
  missed: { words: 'Missed', tone: 'failed' },
  'not-recorded': { words: 'Not recorded', tone: 'completed' },
}

function MeetingBadge({ meeting }: { meeting: PartnershipPlan['meetings'][number] }) {
  const state = meeting.upcoming ? 'next' : (meeting.outcome ?? 'not-recorded')
  const { words, tone } = meetingBadges[state] ?? { words: enumWords(state), tone: 'completed' }
  return <span className={`badge ${tone}`}>{words}</span>
}

export function MilestonesTable({
  milestones,
  canComplete = false,
}: {
  milestones: PartnershipPlan['milestones']
  canComplete?: boolean
}) {
  if (milestones.length === 0) return <p className="empty">No milestones planned yet.</p>
  return (
    <table className="compact milestones">
      <thead>
        <tr>
          <th scope="col">Milestone</th>
          <th scope="col">Planned</th>
          <th scope="col">Due now</th>
          <th scope="col">Done</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {milestones.map((milestone) => (
          <tr key={milestone.key} className={`state-${milestone.state}`}>
            <th scope="row">
              {milestone.label} <span className="muted">week {milestone.week}</span>
            </th>
            <td>
              <ViewerTime iso={milestone.plannedAt} />
            </td>
            <td>
              <ViewerTime iso={milestone.dueAt} />
              {milestone.movedDays > 0 ? (
                <span className="slip">
                  {' '}
                  moved {milestone.movedDays} d{milestone.movedBecause ? `: ${milestone.movedBecause}` : ''}
                </span>
              ) : null}
            </td>
            <td>{milestone.completedAt ? <ViewerTime iso={milestone.completedAt} /> : '—'}</td>
            <td>
              <span className={`badge state-${milestone.state}`}>
                {milestoneStates[milestone.state]}
                {milestone.lateDays > 0 ? ` ${milestone.lateDays} d` : ''}
              </span>
              {canComplete && !milestone.completedAt ? (
                <RowAction
                  fields={{ intent: 'complete-milestone', key: milestone.key }}
                  label="Mark done"
                  accessibleName={`Mark done: ${milestone.label}`}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

const systemSteps = ['PLANNING', 'BUILDING', 'TESTING', 'DEPLOYED', 'OPTIMIZING'] as const

export function SystemsTable({ systems }: { systems: PartnershipPlan['systems'] }) {
  if (systems.length === 0) return <p className="empty">No system delivered yet.</p>
  return (
    <ul className="systems">
      {systems.map((system) => (
        <li key={system.id}>
          <strong>{system.name}</strong> <span className="muted">{enumWordsInline(system.category)}</span>
          <ol className="system-steps" aria-label={`${system.name}: ${enumWordsInline(system.status)}`}>
            {systemSteps.map((step) => (
              <li
                key={step}
                className={
                  step === system.status
                    ? 'current'
                    : systemSteps.indexOf(step) < systemSteps.indexOf(system.status)
                      ? 'passed'
                      : ''
                }
              >
                {enumWordsInline(step)}
              </li>
            ))}
          </ol>
          <span className="muted">
            {system.deploymentDate ? (
              <>
                deployed <ViewerTime iso={system.deploymentDate} />
              </>
            ) : (
              'not deployed'
            )}
            {' · '}
            {system.lastUsedAt ? (
              <>
                last used <ViewerTime iso={system.lastUsedAt} />
              </>
            ) : (
              'no use reported'
            )}
            {system.hoursSavedPerWeek > 0 ? ` · ${system.hoursSavedPerWeek} h saved a week` : ''}
          </span>
        </li>
      ))}
    </ul>
  )
}

export function MeetingsList({ meetings }: { meetings: PartnershipPlan['meetings'] }) {
  if (meetings.length === 0) return <p className="empty">No meeting recorded yet.</p>
  return (
    <ul className="meetings">
      {meetings.map((meeting) => (
        <li key={meeting.id} className={meeting.upcoming ? 'upcoming' : 'held'}>
          <MeetingBadge meeting={meeting} /> <ViewerTime iso={meeting.scheduledAt} /> — {meeting.subject}
        </li>
      ))}
    </ul>
  )
}

export function PaymentsTable({
  payments,
  canMarkReceived = false,
}: {
  payments: PartnershipPlan['payments']
  canMarkReceived?: boolean
}) {
  if (payments.length === 0) return <p className="empty">No payment planned yet.</p>
  return (
    <table className="compact payments">
      <thead>
        <tr>
          <th scope="col">Invoice</th>
          <th scope="col">Amount</th>
          <th scope="col">Due</th>
          <th scope="col">Paid</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {payments.map((payment) => (
          <tr key={payment.id} className={`state-${payment.state}`}>
            <th scope="row">{payment.type === 'SETUP' ? 'Setup fee' : 'Monthly fee'}</th>
            <td>{money(payment.amount, payment.currency)}</td>
            <td>
              <ViewerTime iso={payment.dueDate} />
            </td>
            <td>{payment.paidDate ? <ViewerTime iso={payment.paidDate} /> : '—'}</td>
            <td>
              <span className={`badge state-${payment.state}`}>{enumWords(payment.state)}</span>
              {canMarkReceived && isOwed(payment.state) ? (
                <RowAction
                  fields={{ intent: 'payment-received', paymentId: payment.id }}
                  label="Mark received"
                  accessibleName={`Mark received: ${payment.type === 'SETUP' ? 'setup fee' : 'monthly fee'} due ${payment.dueDate.slice(0, 10)}`}
                />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
