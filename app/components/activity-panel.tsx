import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useState, type ReactNode } from 'react'
import type { ActivityFailure, ActivityPanelData } from '../activities.server'
import { ViewerTime } from './lead-time'

// The work logged on a record, and the form to log more (lead, deal, company and contact pages).

const kinds = [
  { value: 'call', label: 'Call' },
  { value: 'email', label: 'Email' },
  { value: 'meeting', label: 'Meeting' },
  { value: 'note', label: 'Note' },
  { value: 'task', label: 'Task' },
] as const

const kindLabels: Record<string, string> = {
  ...Object.fromEntries(kinds.map((kind) => [kind.value, kind.label])),
  voice_session: 'Voice session',
  roi_calculation: 'ROI calculation',
  system_event: 'System',
}

/** The browser's own zone, sent with a typed time so the server reads it as the person meant it. */
function useBrowserZone(): string {
  const [zone, setZone] = useState('')
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'), [])
  return zone
}

function errorOf(failure: ActivityFailure | null, ...fields: string[]) {
  return failure?.errors.find((error) => fields.includes(error.field))?.message
}

function FieldMessage({ message }: { message: string | undefined }) {
  return message ? <span className="field-error">{message}</span> : null
}

/** A form acting on one logged activity (done, move, delete). */
function ActivityForm({
  intent,
  activityId,
  className,
  children,
}: {
  intent: string
  activityId: string
  className?: string
  children: ReactNode
}) {
  return (
    <Form method="post" className={className}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="activityId" value={activityId} />
      {children}
    </Form>
  )
}

function DeleteActivity({ activityId }: { activityId: string }) {
  return (
    <ActivityForm intent="delete-activity" activityId={activityId}>
      <button type="submit" className="danger small">
        Delete
      </button>
    </ActivityForm>
  )
}

/** `datetime-local` value of a moment in the browser's zone (empty until the zone is known). */
function localInputValue(iso: string, zone: string): string {
  if (!zone) return ''
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso))
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`
}

export function ActivityPanel({
  panel,
  failure,
  now,
}: {
  panel: ActivityPanelData
  failure: ActivityFailure | null
  /** The server's clock when the page was loaded, to mark overdue tasks the same way on both sides. */
  now: string
}) {
  const zone = useBrowserZone()
  const nowMs = Date.parse(now)
  const openTasks = panel.activities.filter((activity) => activity.type === 'task' && activity.status === 'open')
  const rest = panel.activities.filter((activity) => !(activity.type === 'task' && activity.status === 'open'))

  return (
    <section className="panel spaced activity-panel" id="activities" aria-labelledby="activities-heading">
      <h2 id="activities-heading">Activities</h2>
      {panel.canLog ? (
        // A new key after each piece of work is saved: the form starts empty again; a refused one keeps what was typed.
        <LogActivityForm
          key={`${panel.activities.length}:${panel.activities[0]?.id ?? ''}`}
          panel={panel}
          failure={failure}
          zone={zone}
        />
      ) : null}

      <ActivityList heading="Open tasks" empty="No open task." activities={openTasks}>
        {(task) => {
          const overdue = task.dueAt !== null && Date.parse(task.dueAt) < nowMs
          return (
            <ActivityRow
              key={task.id}
              activity={task}
              className={overdue ? 'overdue' : undefined}
              failure={failure && failure.activityId === task.id ? failure.error : null}
              when={
                <>
                  due {task.dueAt ? <ViewerTime iso={task.dueAt} /> : '—'}
                  {overdue ? <span className="badge failed">Overdue</span> : null} · {task.userName ?? '—'}
                </>
              }
            >
              <ActivityForm intent="complete-task" activityId={task.id}>
                <button type="submit" className="secondary small">
                  Done
                </button>
              </ActivityForm>
              <ActivityForm intent="reschedule-task" activityId={task.id} className="inline-move">
                <input type="hidden" name="timeZone" value={zone} />
                <label className="visually-hidden" htmlFor={`move-${task.id}`}>
                  New due time for {task.subject}
                </label>
                <input
                  id={`move-${task.id}`}
                  type="datetime-local"
                  name="dueAt"
                  required
                  key={zone}
                  defaultValue={task.dueAt ? localInputValue(task.dueAt, zone) : ''}
                />
                <button type="submit" className="secondary small">
                  Move
                </button>
              </ActivityForm>
            </ActivityRow>
          )
        }}
      </ActivityList>

      <ActivityList heading="Logged" empty="Nothing logged yet." activities={rest}>
        {(activity) => (
          <ActivityRow
            key={activity.id}
            activity={activity}
            when={
              <>
                {activity.status === 'scheduled' ? 'planned for ' : ''}
                <ViewerTime iso={activity.completedAt ?? activity.scheduledAt ?? activity.createdAt} />
                {activity.direction ? ` · ${activity.direction}` : ''}
                {activity.userName ? ` · ${activity.userName}` : ''}
              </>
            }
          />
        )}
      </ActivityList>
    </section>
  )
}

type ActivityView = ActivityPanelData['activities'][number]

function ActivityList({
  heading,
  empty,
  activities,
  children,
}: {
  heading: string
  empty: string
  activities: ActivityView[]
  children: (activity: ActivityView) => ReactNode
}) {
  return (
    <>
      <h3>{heading}</h3>
      {activities.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="activity-list">{activities.map(children)}</ul>
      )}
    </>
  )
}

/** One piece of work: its kind, subject, when and by whom, what was noted, and (when allowed) what can be done. */
function ActivityRow({
  activity,
  when,
  className,
  failure = null,
  children,
}: {
  activity: ActivityView
  when: ReactNode
  className?: string
  failure?: string | null
  /** Actions beside Delete. */
  children?: ReactNode
}) {
  return (
    <li className={className}>
      <span className={`badge kind-${activity.type}`}>{kindLabels[activity.type] ?? activity.type}</span>
      <div className="activity-body">
        <strong>{activity.subject}</strong>
        <span className="muted"> · {when}</span>
        {activity.outcome ? <p className="activity-text">{`Outcome: ${activity.outcome}`}</p> : null}
        {activity.description ? <p className="activity-text">{activity.description}</p> : null}
        {failure ? <p className="field-error">{failure}</p> : null}
      </div>
      {activity.canChange ? (
        <div className="activity-actions">
          {children}
          <DeleteActivity activityId={activity.id} />
        </div>
      ) : null}
    </li>
  )
}

function LogActivityForm({
  panel,
  failure,
  zone,
}: {
  panel: ActivityPanelData
  failure: ActivityFailure | null
  zone: string
}) {
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'log-activity'
  const logFailure = failure?.activityIntent === 'log-activity' ? failure : null
  const [type, setType] = useState(logFailure?.values.type || 'call')
  const values = logFailure?.values ?? {}
  const subjectError = errorOf(logFailure, 'subject')
  const whenError = errorOf(logFailure, 'dueAt', 'occurredAt')
  return (
    <Form method="post" className="activity-form" aria-label="Log work">
      <input type="hidden" name="intent" value="log-activity" />
      <input type="hidden" name="timeZone" value={zone} />
      <div className="field">
        <label htmlFor="activity-type">Kind</label>
        <select id="activity-type" name="type" value={type} onChange={(event) => setType(event.target.value)}>
          {kinds.map((kind) => (
            <option key={kind.value} value={kind.value}>
              {kind.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field grow">
        <label htmlFor="activity-subject">{type === 'task' ? 'What to do' : 'Subject'}</label>
        <input
          id="activity-subject"
          name="subject"
          required
          maxLength={200}
          defaultValue={values.subject}
          aria-invalid={Boolean(subjectError) || undefined}
          placeholder={type === 'task' ? 'e.g. Send the Foundation proposal' : 'e.g. Discovery call with the owner'}
        />
        <FieldMessage message={subjectError} />
      </div>
      <div className="field">
        <label htmlFor="activity-when">{type === 'task' ? 'Due' : 'When (default: now)'}</label>
        <input
          id="activity-when"
          name="when"
          type="datetime-local"
          required={type === 'task'}
          defaultValue={values.when}
          aria-invalid={Boolean(whenError) || undefined}
        />
        <FieldMessage message={whenError} />
      </div>
      {type === 'task' ? (
        <div className="field">
          <label htmlFor="activity-owner">Owner</label>
          <select id="activity-owner" name="ownerId" defaultValue={values.ownerId || panel.userId}>
            {panel.owners.map((owner) => (
              <option key={owner.value} value={owner.value}>
                {owner.label}
              </option>
            ))}
          </select>
          <FieldMessage message={errorOf(logFailure, 'ownerId')} />
        </div>
      ) : null}
      {type === 'call' || type === 'email' ? (
        <div className="field">
          <label htmlFor="activity-direction">Direction</label>
          <select id="activity-direction" name="direction" defaultValue={values.direction || 'outbound'}>
            <option value="outbound">Outbound</option>
            <option value="inbound">Inbound</option>
          </select>
        </div>
      ) : null}
      {type !== 'task' && type !== 'note' ? (
        <div className="field grow">
          <label htmlFor="activity-outcome">Outcome</label>
          <input id="activity-outcome" name="outcome" maxLength={500} defaultValue={values.outcome} />
        </div>
      ) : null}
      <div className="field wide">
        <label htmlFor="activity-description">Notes</label>
        <textarea id="activity-description" name="description" rows={2} defaultValue={values.description} />
      </div>
      <div className="activity-submit">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : type === 'task' ? 'Add task' : 'Log it'}
        </button>
      </div>
    </Form>
  )
}
