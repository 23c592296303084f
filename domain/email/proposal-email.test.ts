import { describe, expect, it } from 'vitest'
import type { ProposalDeal } from '../deals/proposal'
import { renderProposalEmail } from './proposal-email'

const deal: ProposalDeal = {
  opportunityId: 'opp_1',
  tier: 'FOUNDATION',
  setupFee: 9_500,
  monthlyFee: 3_500,
  estimatedMonths: 3,
  projection: { hoursSaved: 16.5, weeklyValue: 742.5, roiPercentage: 101.18, paybackWeeks: 25.8 },
  implementationStart: null,
  proposedSystems: [],
  company: { name: 'Northwind Plumbing & Sons', industry: 'PLUMBING' },
  contact: { firstName: 'Rosa', lastName: 'Díaz' },
  owner: { name: 'Sam Rep', email: 'sam@kre8tion.example' },
  language: 'EN',
  roiCalculation: null,
  preparedAt: new Date('2026-12-02T10:00:00Z'),
}
const bookingUrl = 'https://cal.example/sam/walkthrough'

describe('the proposal email', () => {
  it('names the tier and company, sums up the fees and projection, asks for the walkthrough and is signed by the owner', () => {
    const email = renderProposalEmail(deal, { bookingUrl })
    expect(email.subject).toBe('Your Foundation partnership proposal for Northwind Plumbing & Sons')
    // 9,500 + 3,500 × 3 = 20,000; 742.50 a week rounds to $743.
    expect(email.text).toBe(
      [
        'Hi Rosa,',
        'Thank you for your time during discovery. Attached is our proposal for the Foundation partnership for Northwind Plumbing & Sons: 3 systems built with your team over 12 weeks.',
        'The investment: a $9,500 setup fee, then $3,500 a month (month to month); $20,000 over 3 months. We project about 16.5 hours saved a week, worth $743 a week to your team.',
        `I would like to walk you through it on a short call. Pick a time that suits you here: ${bookingUrl}, or simply reply to this email.`,
        'Best regards,',
        'Sam Rep\nAI KRE8TION Partners',
      ].join('\n\n'),
    )
    expect(email.html).toContain('Northwind Plumbing &#38; Sons')
    expect(email.html).toContain(`<a href="${bookingUrl}">${bookingUrl}</a>`)
    expect(email.html).toContain('<p>Sam Rep<br>AI KRE8TION Partners</p>')
    expect(email.text).not.toContain('nsubscribe')
  })

  it('speaks Spanish to a Spanish-speaking contact', () => {
    const email = renderProposalEmail(
      { ...deal, language: 'ES', tier: 'DISCOVERY', setupFee: 4_000, monthlyFee: 1_500, estimatedMonths: 2 },
      { bookingUrl: null },
    )
    expect(email.subject).toBe('Su propuesta de colaboración Discovery para Northwind Plumbing & Sons')
    expect(email.text).toContain('Hola Rosa:')
    expect(email.text).toContain('1 sistema construido con su equipo en 8 semanas.')
    // 4,000 + 1,500 × 2 = 7,000
    expect(email.text).toContain(
      'La inversión: una cuota inicial de $4,000 y luego $1,500 al mes (mes a mes); $7,000 en 2 meses.',
    )
    expect(email.text).toContain('Responda a este correo con el horario que le convenga.')
    expect(email.text).toContain('Saludos cordiales,')
  })

  it('promises no figures the deal does not have, and signs as the team when the deal has no owner', () => {
    const email = renderProposalEmail(
      {
        ...deal,
        owner: null,
        projection: { hoursSaved: null, weeklyValue: null, roiPercentage: null, paybackWeeks: null },
      },
      { bookingUrl },
    )
    expect(email.text).not.toContain('We project')
    expect(email.text).toContain('$20,000 over 3 months.\n\n')
    expect(email.text.endsWith('Best regards,\n\nThe AI KRE8TION Partners team')).toBe(true)
  })
})
