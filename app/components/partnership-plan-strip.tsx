import type { ReactNode } from 'react'
import type { PartnershipPlan } from '../partnership-timeline.server'

// The plan as a Gantt strip: §5.1's phases as bars, each milestone as a line from where the signed plan put it to
// where it is due now (a slip or a pause shows as the line's length), its end marked done, late or overdue; pauses
// shaded; today a vertical line. Drawn as SVG with percentage coordinates, so it fills any width and needs no inline
// styles (the CSP allows none).

const day = 24 * 60 * 60 * 1000
const rowHeight = 26
const shortDate = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })

type StripPlan = Pick<PartnershipPlan, 'window' | 'phases' | 'milestones' | 'pauses'>

export function PartnershipPlanStrip({ plan, now }: { plan: StripPlan; now: string }) {
  const from = Date.parse(plan.window.from)
  const to = Date.parse(plan.window.to)
  const span = to - from
  const at = (iso: string) => (Math.min(Math.max(Date.parse(iso) - from, 0), span) / span) * 100
  const pct = (value: number) => `${value}%`
  const between = (a: string, b: string | null) => Math.max(0, at(b ?? plan.window.to) - at(a))
  // A tick at each week's start from the window's first day; every 2nd or 4th on long plans.
  const weeks = Math.ceil(span / (7 * day))
  const every = weeks > 20 ? 4 : weeks > 10 ? 2 : 1
  const ticks = Array.from({ length: weeks + 1 }, (_, index) => new Date(from + index * 7 * day).toISOString()).filter(
    (_, index) => index % every === 0,
  )
  const today = at(now)

  /** One row: its label, and a track holding the pauses, today's line and what `children` draw. */
  const row = (key: string, label: string, className: string, children: ReactNode) => (
    <div key={key} className={`plan-row ${className}`}>
      <span className="plan-label" title={label}>
        {label}
      </span>
      <svg className="plan-track" width="100%" height={rowHeight} aria-hidden="true">
        {plan.pauses.map((pause) => (
          <rect
            key={pause.from}
            className="plan-pause"
            x={pct(at(pause.from))}
            width={pct(between(pause.from, pause.to))}
            y="0"
            height={rowHeight}
          />
        ))}
        {children}
        <line className="plan-today" x1={pct(today)} x2={pct(today)} y1="0" y2={rowHeight} />
      </svg>
    </div>
  )

  const marker = (key: string, x: number, className: string, title: string) => (
    <svg key={key} x={pct(x)} y={rowHeight / 2} overflow="visible" className={className}>
      <title>{title}</title>
      <rect x="-5" y="-5" width="10" height="10" transform="rotate(45)" />
    </svg>
  )

  return (
    <figure className="plan-strip" aria-label="The partnership plan: phases and milestones, planned against actual">
      <div className="plan-row plan-axis-row">
        <span className="plan-label" />
        <svg className="plan-axis" width="100%" height="20" aria-hidden="true">
          {ticks.map((tick) => (
            <text key={tick} x={pct(at(tick))} y="14" textAnchor="middle">
              {shortDate.format(new Date(tick))}
            </text>
          ))}
          <text className="plan-today-label" x={pct(today)} dx="4" y="8">
            today
          </text>
        </svg>
      </div>
      {plan.phases.map((phase) => {
        const x = at(phase.from)
        const width = between(phase.from, phase.to)
        // The activities beside the bar: after it when there is room on the right, else before it.
        const after = x + width < 72
        return row(
          phase.phase,
          phase.label,
          'phase',
          <>
            <rect
              className={`plan-phase phase-${phase.phase.toLowerCase()}`}
              x={pct(x)}
              width={pct(Math.max(width, 0.4))}
              y="4"
              height={rowHeight - 8}
              rx="3"
            />
            <text
              className="plan-activities"
              x={pct(after ? x + width : x)}
              dx={after ? 6 : -6}
              y={rowHeight / 2 + 4}
              textAnchor={after ? 'start' : 'end'}
            >
              {phase.activities.join(' · ')}
            </text>
          </>,
        )
      })}
      {plan.milestones.map((milestone) => {
        const end = milestone.completedAt ?? milestone.dueAt
        const moved = milestone.movedDays > 0
        const lateUntil =
          milestone.state === 'overdue' ? now : milestone.state === 'done-late' ? milestone.completedAt : null
        return row(
          milestone.key,
          milestone.label,
          `milestone state-${milestone.state}`,
          <>
            {moved ? (
              <rect
                className="plan-slip"
                x={pct(at(milestone.plannedAt))}
                width={pct(between(milestone.plannedAt, milestone.dueAt))}
                y={rowHeight / 2 - 2}
                height="4"
              >
                <title>{`Moved ${milestone.movedDays} d${milestone.movedBecause ? `: ${milestone.movedBecause}` : ''}`}</title>
              </rect>
            ) : null}
            {lateUntil ? (
              <rect
                className="plan-late"
                x={pct(at(milestone.dueAt))}
                width={pct(between(milestone.dueAt, lateUntil))}
                y={rowHeight / 2 - 2}
                height="4"
              />
            ) : null}
            {moved ? marker('planned', at(milestone.plannedAt), 'plan-planned', 'Signed plan') : null}
            {marker('end', at(end), 'plan-marker', milestone.state)}
          </>,
        )
      })}
      <figcaption className="plan-legend muted">
        <span className="legend planned" /> signed plan <span className="legend slip" /> moved (slip or pause){' '}
        <span className="legend late" /> late <span className="legend done" /> done <span className="legend open" /> due{' '}
        <span className="legend pause" /> paused
      </figcaption>
    </figure>
  )
}
