import { describe, expect, it } from 'vitest'
import { healthAlertFor, healthBandOf, healthScoreOf, type HealthFacts } from './health-score'

const nothingYet: HealthFacts = {
  meetings: { attended: 0, missed: 0 },
  milestonesDue: { onTime: 0, late: 0, open: 0 },
  systems: { deployed: 0, usedLastWeek: 0 },
  satisfaction: null,
  paymentsDue: { onTime: 0, late: 0, unpaid: 0 },
}

describe('the health score (§5.2)', () => {
  it('has no score before anything can be judged: a new partnership is not unhealthy', () => {
    expect(healthScoreOf(nothingYet)).toEqual({
      overall: null,
      components: { engagement: null, progress: null, adoption: null, satisfaction: null, paymentHealth: null },
    })
  })

  it('scores each component from its facts', () => {
    const score = healthScoreOf({
      meetings: { attended: 3, missed: 1 }, // 3 / 4 = 75
      milestonesDue: { onTime: 1, late: 1, open: 0 }, // (1 + 0.5) / 2 = 75
      systems: { deployed: 2, usedLastWeek: 1 }, // 1 / 2 = 50
      satisfaction: 8, // (8 − 1) / 9 = 77.8 → 78
      paymentsDue: { onTime: 2, late: 0, unpaid: 1 }, // 2 / 3 = 66.7 → 67
    })
    expect(score.components).toEqual({
      engagement: 75,
      progress: 75,
      adoption: 50,
      satisfaction: 78,
      paymentHealth: 67,
    })
    // (75·25 + 75·25 + 50·20 + 78·15 + 67·15) / 100 = (1875 + 1875 + 1000 + 1170 + 1005) / 100 = 69.25 → 69
    expect(score.overall).toBe(69)
  })

  it('leaves a component with no data out instead of counting it as zero', () => {
    // Only the setup fee is due (paid on time: 100) and one meeting was held and missed (0).
    const score = healthScoreOf({
      ...nothingYet,
      meetings: { attended: 0, missed: 1 },
      paymentsDue: { onTime: 1, late: 0, unpaid: 0 },
    })
    // (0·25 + 100·15) / (25 + 15) = 1500 / 40 = 37.5 → 38
    expect(score.overall).toBe(38)
  })

  it('reads satisfaction 1 as 0 and 10 as 100', () => {
    expect(healthScoreOf({ ...nothingYet, satisfaction: 1 }).overall).toBe(0)
    expect(healthScoreOf({ ...nothingYet, satisfaction: 10 }).overall).toBe(100)
  })
})

describe('bands and alerts (§9.3)', () => {
  it.each([
    [null, 'healthy'],
    [100, 'healthy'],
    [70, 'healthy'],
    [69, 'watch'],
    [50, 'watch'],
    [49, 'at-risk'],
    [0, 'at-risk'],
  ] as const)('score %s is %s', (overall, band) => {
    expect(healthBandOf(overall)).toBe(band)
  })

  const scoreOf = (attended: number, missed: number) => healthScoreOf({ ...nothingYet, meetings: { attended, missed } })

  it('raises nothing while the band stays the same', () => {
    expect(healthAlertFor('healthy', scoreOf(4, 1))).toBeNull() // 80
    expect(healthAlertFor('at-risk', scoreOf(1, 3))).toBeNull() // 25
  })

  it('warns the owner when the score leaves healthy, naming the weakest component', () => {
    // Engagement 3 / 5 = 60, everything else without data: overall 60.
    expect(healthAlertFor('healthy', scoreOf(3, 2))).toEqual({
      severity: 'warning',
      type: 'health-watch',
      message: 'Health fell to 60, mostly engagement (meetings attended) at 60',
      recommendedAction: 'Call the client to re-book the missed meetings and agree a standing weekly slot',
      audience: 'owner',
    })
  })

  it('escalates to the managers below 50, from any band', () => {
    for (const previous of ['healthy', 'watch'] as const) {
      expect(healthAlertFor(previous, scoreOf(1, 3))).toMatchObject({
        severity: 'critical',
        type: 'health-at-risk',
        message: 'Health fell to 25, mostly engagement (meetings attended) at 25',
        audience: 'owner-and-managers',
      })
    }
  })

  it('names the component with the largest weighted shortfall', () => {
    // Adoption 0 (weight 20: shortfall 2000) against engagement 50 (weight 25: shortfall 1250).
    const score = healthScoreOf({
      ...nothingYet,
      meetings: { attended: 1, missed: 1 },
      systems: { deployed: 1, usedLastWeek: 0 },
    })
    // (50·25 + 0·20) / 45 = 27.8 → 28
    expect(score.overall).toBe(28)
    expect(healthAlertFor('watch', score)?.message).toBe('Health fell to 28, mostly adoption (systems in use) at 0')
    expect(healthAlertFor('watch', score)?.recommendedAction).toBe(
      'Book a training session on the systems that are not in use',
    )
  })

  it('says when the score recovers', () => {
    expect(healthAlertFor('at-risk', scoreOf(4, 1))).toMatchObject({
      severity: 'info',
      type: 'health-recovered',
      message: 'Health recovered to 80',
      recommendedAction: 'Nothing to do: keep the cadence',
    })
    expect(healthAlertFor('at-risk', scoreOf(3, 2))).toMatchObject({ type: 'health-recovered', audience: 'owner' })
  })
})
