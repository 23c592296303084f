import { nurtureSequenceLabels } from '../../domain/nurture/sequences'
import { enumWords } from '../../domain/records/enum-words'
import type { NurtureStepState } from '../../workflows/lead-messages'
import type { UpcomingStepsProjection } from '../../services/workflow-projection'
import { formatInZone, ViewerTime } from './lead-time'

type PlannedWorkflow = { state: 'planned'; plan: UpcomingStepsProjection } | { state: 'unplanned' } | { state: 'none' }

const stepStateLabels: Record<NurtureStepState, string> = {
  scheduled: 'Scheduled',
  waiting: 'Waiting',
  sent: 'Sent',
  skipped: 'Skipped',
  suppressed: 'Suppressed',
  cancelled: 'Cancelled',
  failed: 'Not delivered',
}

/**
 * What the workflow will do next, as it last recorded its plan: each step with its due time in the viewer's and the
 * lead's timezone, when it will really go out (a marketing email waits for the contact's hours and weekly limit),
 * and whether it will fire; then every nurture sequence step by step.
 */
export function LeadUpcomingSteps({ workflow, leadTimezone }: { workflow: PlannedWorkflow; leadTimezone: string }) {
  // The workflow writes its id when it runs: until then the lead is queued for it (the reconciler starts it once
  // Temporal answers) or its first task has not run yet.
  if (workflow.state === 'none') {
    return (
      <p className="notice" role="status">
        The workflow has not recorded its start yet: its steps appear here once it runs.
      </p>
    )
  }
  if (workflow.state === 'unplanned') {
    return (
      <p className="notice" role="status">
        No upcoming steps recorded yet: the workflow writes its plan here when it starts and whenever the plan changes.
      </p>
    )
  }
  const { plan } = workflow
  const upcoming = plan.steps
  return (
    <>
      <p className="live-summary">
        <span className={`badge phase-${plan.phase}`}>{enumWords(plan.phase)}</span>
        {plan.paused ? <span className="badge paused">Nurture paused</span> : null}
      </p>
      {upcoming.length === 0 ? (
        <p className="empty">
          {plan.phase === 'converted' || plan.phase === 'disqualified'
            ? `The lead is ${plan.phase}: nothing left to do.`
            : 'Nothing is planned: the workflow waits for the lead to do something.'}
        </p>
      ) : (
        <div className="table-scroll">
          <table className="upcoming">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Due (your time)</th>
                <th scope="col">Due (lead&apos;s time)</th>
                <th scope="col">Goes out (lead&apos;s time)</th>
                <th scope="col">Will it fire?</th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((step) => (
                <tr key={step.key} className={step.willFire ? 'will-fire' : 'will-not-fire'}>
                  <th scope="row">
                    {step.label}
                    <span className="muted step-kind"> {step.kind}</span>
                  </th>
                  <td className="when">
                    <ViewerTime iso={step.dueAt} />
                  </td>
                  <td className="when">
                    {formatInZone(step.dueAt, leadTimezone)}
                    <span className="muted zone"> {leadTimezone}</span>
                  </td>
                  <td className="when goes-out">
                    {!step.expectedSendAt ? (
                      <span className="muted">—</span>
                    ) : step.expectedSendAt === step.dueAt ? (
                      'when due'
                    ) : (
                      <>
                        {formatInZone(step.expectedSendAt, leadTimezone)}
                        <span className="muted zone"> {leadTimezone}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <span className={`badge ${step.willFire ? 'yes' : 'no'}`}>{step.willFire ? 'Yes' : 'No'}</span>{' '}
                    {step.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {plan.sequences.map((sequence) => (
        <section
          key={`${sequence.sequence}:${sequence.triggerRefId}`}
          className="sequence"
          aria-label={nurtureSequenceLabels[sequence.sequence]}
        >
          <h3>
            {nurtureSequenceLabels[sequence.sequence]}{' '}
            <span className="muted">
              started <ViewerTime iso={sequence.startedAt} />
              {sequence.stoppedAt ? ' · stopped' : ''}
              {sequence.stopReason ? `: ${sequence.stopReason}` : ''}
            </span>
          </h3>
          <ol className="sequence-steps">
            {sequence.steps.map((step) => (
              <li key={step.step} className={`step state-${step.state}`}>
                <span className={`badge state-${step.state}`}>{stepStateLabels[step.state]}</span> {step.label}{' '}
                <span className="muted">
                  {step.sentAt ? (
                    <>
                      sent <ViewerTime iso={step.sentAt} />
                    </>
                  ) : (
                    <>
                      due <ViewerTime iso={step.dueAt} />
                    </>
                  )}
                  {step.reason ? ` · ${step.reason}` : ''}
                </span>
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  )
}
