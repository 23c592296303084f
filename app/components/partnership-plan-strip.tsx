import type { PartnershipPlan } from '../partnership-timeline.server'

// The plan as a Gantt strip: §5.1's phases as bars, each milestone as a line from where the signed plan put it to
// where it is due now (a slip or a pause shows as the line's length), its end marked done, late or overdue; pauses
// shaded; today a vertical line. Positions are percentages of the window, so it fills any width.

const day = 24 * 60 * 60 * 1000
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })

export function PartnershipPlanStrip({
  plan,
  now,
}: {
  plan: Pick<PartnershipPlan, 'window' | 'phases' | 'milestones' | 'pauses'>
  now: string
}) {
  const from = Date.parse(plan.window.from)
  const to = Date.parse(plan.window.to)
  const span = to - from
  const x = (iso: string) => `${(Math.min(Math.max(Date.parse(iso) - from, 0), span) / span) * 100}%`
  const width = (a: string, b: string | null) =>
    `${(Math.max(0, Math.min(Date.parse(b ?? plan.window.to), to) - Math.max(Date.parse(a), from)) / span) * 100}%`
  // A tick at each week's start from the window's first day; labelled every other week on long plans.
  const weeks = Math.ceil(span / (7 * day))
  const every = weeks > 20 ? 4 : weeks > 10 ? 2 : 1
  const ticks = Array.from({ length: weeks + 1 }, (_, index) => new Date(from + index * 7 * day).toISOString()).filter(
    (_, index) => index % every === 0,
  )

  return (
    <div
      className="plan-strip"
      role="img"
      aria-label="The partnership plan: phases and milestones, planned against actual"
    >
      <div className="plan-axis">
        {ticks.map((tick) => (
          <span key={tick} className="plan-tick" style={{ left: x(tick) }}>
            {shortDate.format(new Date(tick))}
          </span>
        ))}
      </div>
      <div className="plan-rows">
        <div className="plan-overlay">
          {plan.pauses.map((pause) => (
            <div
              key={pause.from}
              className="plan-pause"
              style={{ left: x(pause.from), width: width(pause.from, pause.to) }}
              title={`Paused ${shortDate.format(new Date(pause.from))} – ${shortDate.format(new Date(pause.to))}`}
            />
          ))}
          <div className="plan-today" style={{ left: x(now) }}>
            <span>today</span>
          </div>
        </div>
        {plan.phases.map((phase) => (
          <div key={phase.phase} className="plan-row">
            <span className="plan-label">{phase.label}</span>
            <span className="plan-track">
              <span
                className={`plan-phase phase-${phase.phase.toLowerCase()}`}
                style={{ left: x(phase.from), width: width(phase.from, phase.to) }}
                title={phase.activities.join(', ')}
              >
                {phase.activities.join(' · ')}
              </span>
            </span>
          </div>
        ))}
        {plan.milestones.map((milestone) => {
          const end = milestone.completedAt ?? milestone.dueAt
          const moved = milestone.dueAt !== milestone.plannedAt
          return (
            <div key={milestone.key} className={`plan-row milestone state-${milestone.state}`}>
              <span className="plan-label">{milestone.label}</span>
              <span className="plan-track">
                {moved ? (
                  <span
                    className="plan-slip"
                    style={{ left: x(milestone.plannedAt), width: width(milestone.plannedAt, milestone.dueAt) }}
                    title={`Moved ${milestone.movedDays} d${milestone.movedBecause ? `: ${milestone.movedBecause}` : ''}`}
                  />
                ) : null}
                {milestone.completedAt && milestone.completedAt > milestone.dueAt ? (
                  <span
                    className="plan-late"
                    style={{ left: x(milestone.dueAt), width: width(milestone.dueAt, milestone.completedAt) }}
                  />
                ) : null}
                {milestone.state === 'overdue' ? (
                  <span
                    className="plan-late"
                    style={{ left: x(milestone.dueAt), width: width(milestone.dueAt, now) }}
                  />
                ) : null}
                <span className="plan-planned" style={{ left: x(milestone.plannedAt) }} title="Planned" />
                <span className="plan-marker" style={{ left: x(end) }} title={milestone.state} />
              </span>
            </div>
          )
        })}
      </div>
      <p className="plan-legend muted">
        <span className="legend planned" /> signed plan <span className="legend slip" /> moved (slip or pause){' '}
        <span className="legend late" /> late <span className="legend done" /> done <span className="legend open" /> due{' '}
        <span className="legend pause" /> paused
      </p>
    </div>
  )
}
