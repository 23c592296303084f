import { partnershipHasEnded } from '../domain/partnerships/partnership-changes'
import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { healthComponents, type HealthComponent } from '../domain/partnerships/health-score'
import { mayChangePartnership } from '../domain/partnerships/partnership-changes'
import { markPartnershipPaymentReceived } from '../services/partnerships/partnership-payment-actions'
import {
  parsePartnershipChange,
  partnershipChangeInputs,
  type PartnershipChangeKind,
} from '../domain/partnerships/partnership-input'
import { temporalUiWorkflowUrl } from '../lib/config'
import { clientTimeZoneOf } from '../services/partnerships/client-time-zone'
import { changePartnership, completePartnershipMilestone } from '../services/partnerships/partnership-actions'
import { createPortalLink, revokePortalLink } from '../services/partnerships/portal-links'
import { Problem } from '../services/problems/problem'
import { upcomingStepsOf } from '../services/workflow-projection'
import { workflowActorOf } from '../services/workflows/entity-actions'
import { loadPartnershipPlan, partnershipPlanSelect } from './partnership-timeline.server'
import { problemForForm, problemInit } from './problem.server'
import { recordPages } from './record-pages'
import {
  abilitiesOf,
  guardedContext,
  recordAction,
  referenceOptionsFor,
  serviceOf,
  valuesOfRecord,
} from './records.server'

// The partnership page (issue 11 "What people see"): the plan on a timeline, health and its history, alerts, what
// the workflow does next, and the controls of the partnership's changes for its Customer Success owner or a manager.

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export const partnershipRecordPage = recordPages.partnerships!

/** How many health scores the chart draws: the newest, oldest first. */
const healthHistoryLength = 200

function componentsOf(json: unknown): Record<HealthComponent, number | null> {
  const source = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}
  return Object.fromEntries(
    healthComponents.map((component) => {
      const value = source[component]
      return [component, typeof value === 'number' ? value : null]
    }),
  ) as Record<HealthComponent, number | null>
}

export async function loadPartnershipPage(args: Args) {
  const id = String(args.params.id)
  const { user, context: recordContext } = await guardedContext(args, partnershipRecordPage, 'read', id)
  const { db, config } = args.context
  const partnership = await db.partnership.findUnique({
    where: { id },
    select: {
      ...partnershipPlanSelect,
      tier: true,
      currentPhase: true,
      targetEndDate: true,
      healthScore: true,
      atRisk: true,
      riskReasons: true,
      knowledgeTransferScore: true,
      trainingCompleted: true,
      docsDelivered: true,
      monthlyFee: true,
      pausedAt: true,
      workflowId: true,
      workflowStatus: true,
      upcomingSteps: true,
      ownerId: true,
      owner: { select: { id: true, name: true } },
      company: { select: { id: true, name: true } },
      opportunity: { select: { id: true, name: true, ...partnershipPlanSelect.opportunity.select } },
    },
  })
  if (!partnership) throw new Response('There is no such partnership.', { status: 404, statusText: 'Not Found' })

  const now = new Date()
  const abilities = abilitiesOf(user, partnershipRecordPage)
  // The rule of the workflow's validators (domain/partnerships/partnership-changes.ts), asked before offering.
  const canSteer = abilities.canUpdate && mayChangePartnership(workflowActorOf(user), partnership)
  const [plan, snapshots, openAlerts, portalLinks, record] = await Promise.all([
    loadPartnershipPlan(db, partnership, now),
    db.partnershipHealthSnapshot.findMany({
      where: { partnershipId: id },
      select: { at: true, overall: true, components: true, band: true },
      orderBy: { at: 'desc' },
      take: healthHistoryLength,
    }),
    db.partnershipHealthAlert.findMany({
      where: { partnershipId: id, resolvedAt: null },
      select: { id: true, severity: true, type: true, message: true, recommendedAction: true, createdAt: true },
      orderBy: { createdAt: 'desc' },
    }),
    canSteer
      ? db.partnershipPortalLink.findMany({
          where: { partnershipId: id },
          select: {
            id: true,
            createdAt: true,
            revokedAt: true,
            lastViewedAt: true,
            createdBy: { select: { name: true } },
          },
          orderBy: { createdAt: 'desc' },
          take: 20,
        })
      : Promise.resolve([]),
    serviceOf(partnershipRecordPage).get(recordContext, id),
  ])
  const latest = snapshots[0]
  const upcoming = upcomingStepsOf(partnership.upcomingSteps)
  const ended = partnershipHasEnded(partnership.status)

  return {
    partnership: {
      ...partnership,
      opportunity: { id: partnership.opportunity.id, name: partnership.opportunity.name },
      /** The weekly meeting's clock (decision 0046). */
      clientTimeZone: clientTimeZoneOf(partnership),
      upcomingSteps: undefined,
      startDate: partnership.startDate.toISOString(),
      targetEndDate: partnership.targetEndDate.toISOString(),
      pausedAt: partnership.pausedAt?.toISOString() ?? null,
      monthlyFee: Number(partnership.monthlyFee),
    },
    plan,
    health: {
      overall: latest?.overall ?? partnership.healthScore,
      band: latest?.band ?? null,
      components: componentsOf(latest?.components),
      history: snapshots
        .slice()
        .reverse()
        .map((snapshot) => ({
          at: snapshot.at.toISOString(),
          overall: snapshot.overall,
          ...componentsOf(snapshot.components),
        })),
    },
    openAlerts: openAlerts.map((alert) => ({ ...alert, createdAt: alert.createdAt.toISOString() })),
    portalLinks: portalLinks.map((link) => ({
      id: link.id,
      createdAt: link.createdAt.toISOString(),
      revokedAt: link.revokedAt?.toISOString() ?? null,
      lastViewedAt: link.lastViewedAt?.toISOString() ?? null,
      createdBy: link.createdBy?.name ?? null,
    })),
    upcoming: upcoming ? upcoming.steps : null,
    temporalUrl: partnership.workflowId ? temporalUiWorkflowUrl(config, partnership.workflowId) : null,
    canSteer: canSteer && !ended,
    canShare: canSteer,
    /** Also after the end: a month billed before it may still be paid (decision 0050). */
    canMarkReceived: canSteer,
    ended,
    values: valuesOfRecord(partnershipRecordPage.fields, record),
    options: abilities.canUpdate ? await referenceOptionsFor(args.context, user, partnershipRecordPage.fields) : {},
    notice: new URL(args.request.url).searchParams.get('notice'),
    confirmDelete: abilities.canDelete && new URL(args.request.url).searchParams.has('delete'),
    now: now.toISOString(),
    ...abilities,
  }
}

export type PartnershipActionFailure = { partnershipIntent: string; error: string; fields?: string[] }
export type PortalLinkCreated = { portalLink: { id: string; url: string } }

const changeKinds = Object.keys(partnershipChangeInputs) as PartnershipChangeKind[]
const changeNotices: Record<PartnershipChangeKind, string> = {
  pause: 'Paused: every clock stands still until it resumes.',
  resume: 'Resumed: the plan moved by the paused time.',
  extend: 'Extended.',
  churn: 'Churned.',
  graduate: 'Graduated.',
}

function changeBody(kind: PartnershipChangeKind, form: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  const reason = form.get('reason')
  if (kind === 'pause' || kind === 'extend' || kind === 'churn') body.reason = typeof reason === 'string' ? reason : ''
  if (kind === 'extend') {
    const weeks = String(form.get('weeks') ?? '').trim()
    body.weeks = /^-?\d+$/.test(weeks) ? Number(weeks) : weeks
  }
  return body
}

/** The page's own buttons; the edit form goes to the generic record action (status, phase and dates locked there). */
export async function partnershipPageAction(args: Args) {
  const id = String(args.params.id)
  const form = await args.request.clone().formData()
  const intent = String(form.get('intent') ?? '')
  if (intent === 'update' || intent === 'delete') return recordAction(args, partnershipRecordPage, id)
  const isChange = (changeKinds as string[]).includes(intent)
  const known =
    isChange || ['complete-milestone', 'payment-received', 'create-portal-link', 'revoke-portal-link'].includes(intent)
  if (!known) throw new Response('Unknown action.', { status: 400 })
  const { user } = await guardedContext(args, partnershipRecordPage, 'update', id)
  const { db, temporal, config } = args.context
  const context = { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, actor: user }
  let notice: string
  try {
    if (isChange) {
      const kind = intent as PartnershipChangeKind
      const parsed = parsePartnershipChange(kind, changeBody(kind, form))
      if (!parsed.ok) {
        throw new Problem('invalid-input', `The ${kind} is not valid`, { fields: parsed.errors })
      }
      await changePartnership(context, id, parsed.value)
      notice = changeNotices[kind]
    } else if (intent === 'complete-milestone') {
      const key = String(form.get('key') ?? '').trim()
      if (!key) {
        throw new Problem('invalid-input', 'Say which milestone', {
          fields: [{ field: 'key', message: 'is required' }],
        })
      }
      await completePartnershipMilestone(context, id, key)
      notice = 'Milestone done.'
    } else if (intent === 'payment-received') {
      await markPartnershipPaymentReceived(context, id, String(form.get('paymentId') ?? ''))
      notice = 'Payment recorded as received: its reminders have stopped.'
    } else if (intent === 'create-portal-link') {
      const link = await createPortalLink(context, id)
      return data<PortalLinkCreated>({
        portalLink: { id: link.id, url: `${new URL(args.request.url).origin}${link.path}` },
      })
    } else {
      await revokePortalLink(context, id, String(form.get('linkId') ?? ''))
      notice = 'The client’s link is revoked: it no longer opens.'
    }
  } catch (error) {
    // The workflow refused, the input is wrong, or Temporal is down: the page says why and nothing was written.
    const problem = problemForForm(error)
    const named = problem.fields.map((field) => `${field.field} ${field.message}`)
    return data<PartnershipActionFailure>(
      {
        partnershipIntent: intent,
        error: named.length > 0 ? `${problem.detail}: ${named.join('; ')}` : problem.detail,
        fields: problem.fields.map((field) => field.field),
      },
      problemInit(problem),
    )
  }
  return redirect(`/partnerships/${id}?notice=${encodeURIComponent(notice)}`)
}
