import type { AppLoadContext } from '@remix-run/node'
import { resolvePortalToken } from '../services/partnerships/portal-links'
import { loadPartnershipPlan, partnershipPlanSelect } from './partnership-timeline.server'

// The client portal's server side (§15 phase 5, decision 0036): the link's token is the only credential, so no
// sign-in is asked for; what it shows is read-only and the client's own: milestones, systems, next meetings,
// invoices. Nothing internal (health, alerts, owners' notes, the workflow) leaves here.

/** How many upcoming meetings the client sees. */
const nextMeetings = 5

export async function loadPortalPage(context: AppLoadContext, token: string) {
  const link = await resolvePortalToken(context.db, token)
  if (link.state === 'unknown') {
    throw new Response('This link is not valid.', { status: 404, statusText: 'Not Found' })
  }
  if (link.state === 'revoked') {
    throw new Response('This link has been withdrawn. Ask your partnership manager for a new one.', {
      status: 410,
      statusText: 'Gone',
    })
  }
  const partnership = await context.db.partnership.findUniqueOrThrow({
    where: { id: link.partnershipId },
    select: {
      ...partnershipPlanSelect,
      tier: true,
      currentPhase: true,
      targetEndDate: true,
      company: { select: { name: true } },
      owner: { select: { name: true } },
    },
  })
  const now = new Date()
  const plan = await loadPartnershipPlan(context.db, partnership, now)
  return {
    partnership: {
      companyName: partnership.company.name,
      tier: partnership.tier,
      status: partnership.status,
      phase: partnership.currentPhase,
      startDate: partnership.startDate.toISOString(),
      targetEndDate: partnership.targetEndDate.toISOString(),
      managerName: partnership.owner?.name ?? null,
    },
    plan: {
      window: plan.window,
      phases: plan.phases,
      pauses: plan.pauses,
      milestones: plan.milestones,
      systems: plan.systems,
      meetings: plan.meetings
        .filter((meeting) => meeting.upcoming)
        .sort((a, b) => (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? ''))
        .slice(0, nextMeetings),
      payments: plan.payments,
    },
    now: now.toISOString(),
  }
}
