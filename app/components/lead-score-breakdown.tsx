import { scoreBand, scoringFactorLabels, type ScoringFactorName } from '../../domain/leads/lead-scoring'

export interface ScoreFactor {
  factor: string
  weight: number
  value: number
  contribution: number
}

function labelOf(factor: string): string {
  return factor in scoringFactorLabels ? scoringFactorLabels[factor as ScoringFactorName].en : factor
}

/** A horizontal bar, drawn as SVG so the page needs no inline styles (the CSP allows none). */
export function Bar({ percent, label, tone }: { percent: number; label: string; tone?: string }) {
  const width = Math.max(0, Math.min(100, percent))
  return (
    <svg className={`bar ${tone ?? ''}`} viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label={label}>
      <rect className="bar-track" x="0" y="0" width="100" height="8" rx="2" />
      <rect className="bar-fill" x="0" y="0" width={width} height="8" rx="2" />
    </svg>
  )
}

/** §3.3: the score, its band, and every factor with its weight, value and contribution. */
export function LeadScoreBreakdown({ score, factors }: { score: number; factors: ScoreFactor[] }) {
  const band = scoreBand(score)
  return (
    <div className="score-breakdown">
      <div className="score-total">
        <span className="score-number">{score}</span>
        <span className="score-of">/ 100</span>
        <span className={`badge band-${band}`}>{band}</span>
      </div>
      <Bar percent={score} label={`Score ${score} of 100`} tone={`band-${band}`} />
      {factors.length === 0 ? (
        <p className="empty">Not scored yet: the score is computed when the workflow first sees the lead.</p>
      ) : (
        <table className="factors">
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col" className="number">
                Weight
              </th>
              <th scope="col" className="number">
                Value
              </th>
              <th scope="col" className="bar-column">
                <span className="visually-hidden">Value as a bar</span>
              </th>
              <th scope="col" className="number">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {factors.map((factor) => (
              <tr key={factor.factor}>
                <th scope="row">{labelOf(factor.factor)}</th>
                <td className="number">{factor.weight}%</td>
                <td className="number">{factor.value}</td>
                <td className="bar-column">
                  <Bar percent={factor.value} label={`${labelOf(factor.factor)}: ${factor.value} of 100`} />
                </td>
                <td className="number">{Number(factor.contribution.toFixed(1))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
