import { data, redirect, type AppLoadContext } from '@remix-run/node'
import { isLeadActionName, leadActionDoneNotices, type LeadActionName } from '../domain/leads/lead-actions'
import { temporalUiWorkflowUrl } from '../lib/config'
import { allowedLeadActions, performLeadAction } from '../services/leads/lead-actions'
import { leadProfileSelect, leadStateSelect, scoringFactorsOf } from '../services/leads/lead-representation'
import {
  upcomingStepsOf,
  workflowProjectionSelect,
  type UpcomingStepsProjection,
} from '../services/workflow-projection'
import { loadLeadTimeline } from '../services/leads/lead-timeline'
import { clientOf, grantOf, notFound, scopeOf } from './auth.server'
import { problemForForm, problemInit } from './problem.server'
import { leadFields } from './record-pages'
import { transcriptSessionOf, transcriptSessionSelect } from './voice-transcripts.server'
import { abilitiesOf, guardedContext, recordAction, serviceOf, valuesOfRecord } from './records.server'

// The lead page: the record, everything that happened to it, and what its workflow will do next.

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

export const leadRecordPage = { resource: 'leads' as const, segment: 'leads', singular: 'lead', fields: leadFields }

/** §seed 003: the person's own timezone, else the lead's, else the agency's home market. */
export const defaultLeadTimezone = 'America/New_York'

export type PlannedWorkflow =
  { state: 'planned'; plan: UpcomingStepsProjection } | { state: 'unplanned' } | { state: 'none' }

const closedPhases: Partial<Record<string, string>> = { CONVERTED: 'converted', UNQUALIFIED: 'disqualified' }

/**
 * What the workflow plans next, read from the projection it writes whenever its plan changes: a page refresh
 * every few seconds never asks the workflow, so it never makes the worker replay an evicted run.
 */
export function plannedWorkflowOf(lead: {
  workflowId: string | null
  status: string
  upcomingSteps: unknown
}): PlannedWorkflow {
  const plan = upcomingStepsOf(lead.upcomingSteps)
  const closedPhase = closedPhases[lead.status]
  // The row closes before the run records its last plan: a closed lead has nothing ahead, whatever was planned. So has
  // a lead that was closed before it came here (imported, seeded): it never had a run, and nothing is missing.
  if (closedPhase) {
    return { state: 'planned', plan: { ...(plan ?? emptyPlan), phase: closedPhase, paused: false, steps: [] } }
  }
  if (!lead.workflowId) return { state: 'none' }
  return plan ? { state: 'planned', plan } : { state: 'unplanned' }
}

const emptyPlan: UpcomingStepsProjection = { plannedAt: '', phase: 'open', paused: false, steps: [], sequences: [] }

type TierKey = 'discovery' | 'foundation' | 'architect'
export interface RoiTierFigures {
  tier: TierKey
  weeklyHoursSaved: number | null
  weeklyValueCreated: number | null
  annualValue: number | null
  annualPercentage: number | null
  paybackWeeks: number | null
}

function roiFiguresOf(json: unknown): RoiTierFigures[] {
  const figures = (typeof json === 'object' && json !== null ? json : {}) as Record<
    string,
    Record<string, unknown> | undefined
  >
  const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null)
  return (['discovery', 'foundation', 'architect'] as const).map((tier) => {
    const annual = figures.annualROI?.[tier] as { value?: unknown; percentage?: unknown } | undefined
    return {
      tier,
      weeklyHoursSaved: number(figures.weeklyHoursSaved?.[tier]),
      weeklyValueCreated: number(figures.weeklyValueCreated?.[tier]),
      annualValue: number(annual?.value),
      annualPercentage: number(annual?.percentage),
      paybackWeeks: number(figures.paybackPeriod?.[tier]),
    }
  })
}

const companyOptionLimit = 200

export async function loadLeadPage(args: Args) {
  const { params, context, request } = args
  const leadId = String(params.leadId)
  const { user, grant, context: recordContext } = await guardedContext(args, leadRecordPage, 'read', leadId)
  const { db, config } = context
  // Someone else's lead under an "own" grant is answered like a missing one: its existence must not leak.
  const lead = await db.lead.findFirst({
    where: { id: leadId, ...scopeOf(grant, 'leads', user) },
    select: {
      ...leadProfileSelect,
      ...leadStateSelect,
      ...workflowProjectionSelect,
      upcomingSteps: true,
      convertedToCompany: { select: { id: true, name: true } },
      convertedToContact: { select: { id: true, firstName: true, lastName: true } },
      convertedToOpportunity: { select: { id: true, name: true } },
      scoringFactors: true,
      assignedTo: { select: { name: true } },
      createdAt: true,
      communicationPreference: {
        select: {
          timezone: true,
          marketingConsent: true,
          marketingConsentAt: true,
          marketingConsentSource: true,
          unsubscribedAt: true,
          quietHoursStart: true,
          quietHoursEnd: true,
          weekendContact: true,
          maxMessagesPerWeek: true,
        },
      },
      voiceSessions: {
        select: transcriptSessionSelect,
        orderBy: { startTime: 'desc' },
        take: 20,
      },
      roiCalculations: {
        select: {
          id: true,
          industry: true,
          employeeCount: true,
          hourlyRate: true,
          weeklyAdminHours: true,
          calculations: true,
          selectedTier: true,
          reportRequested: true,
          reportSentAt: true,
          createdAt: true,
        },
        orderBy: { createdAt: 'desc' },
        take: 20,
      },
      calendarBookings: {
        select: { id: true, title: true, startTime: true, status: true, meetingUrl: true },
        orderBy: { startTime: 'desc' },
        take: 20,
      },
      outboxMessages: {
        select: {
          id: true,
          subject: true,
          toAddress: true,
          status: true,
          sentAt: true,
          bodyText: true,
          attempts: true,
          template: true,
          lastError: true,
        },
        orderBy: { createdAt: 'asc' },
      },
    },
  })
  if (!lead) throw notFound(`No lead with id ${leadId}`)

  const actions = [...allowedLeadActions(user, lead)]
  const abilities = abilitiesOf(user, leadRecordPage)
  const url = new URL(request.url)
  const [timeline, values, companies] = await Promise.all([
    loadLeadTimeline(db, lead.id),
    abilities.canUpdate
      ? serviceOf(leadRecordPage)
          .get(recordContext, lead.id)
          .then((record) => valuesOfRecord(leadFields, record))
      : {},
    actions.includes('convert') &&
    lead.status === 'QUALIFIED' &&
    grantOf(user, { resource: 'companies', action: 'read' }) !== 'none'
      ? db.company.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' }, take: companyOptionLimit })
      : ([] as { id: string; name: string }[]),
  ])

  const { scoringFactors, voiceSessions, roiCalculations, communicationPreference, upcomingSteps, ...rest } = lead
  const workflow = plannedWorkflowOf({ workflowId: lead.workflowId, status: lead.status, upcomingSteps })
  return {
    lead: rest,
    leadTimezone: communicationPreference?.timezone ?? lead.timezone ?? defaultLeadTimezone,
    consent: communicationPreference,
    scoringFactors: scoringFactorsOf(scoringFactors),
    voiceSessions: voiceSessions.map(transcriptSessionOf),
    roiCalculations: roiCalculations.map(({ calculations, hourlyRate, ...calculation }) => ({
      ...calculation,
      hourlyRate: Number(hourlyRate),
      figures: roiFiguresOf(calculations),
      reportUrl: `/roi-calculations/${calculation.id}/report.pdf`,
    })),
    timeline,
    workflow,
    actions,
    companies,
    ...abilities,
    values,
    confirmDelete: abilities.canDelete && url.searchParams.has('delete'),
    notice: url.searchParams.get('notice'),
    temporalUrl: lead.workflowId ? temporalUiWorkflowUrl(config, lead.workflowId) : null,
    inboxUrl: config.MAIL_INBOX_URL ?? null,
  }
}

export type LeadActionFailure = {
  intent: LeadActionName
  error: string
  errors: { field: string; message: string }[]
  values: Record<string, string>
}

const formFieldsOf: Record<LeadActionName, string[]> = {
  contacted: [],
  qualify: [],
  disqualify: ['reason'],
  'pause-nurture': [],
  'resume-nurture': [],
  convert: ['tier', 'companyId', 'opportunityName'],
}

/**
 * The page's form posts: `intent=update|delete` edit or delete the record (as every record page), the lead
 * actions go to the same service as POST /api/leads/:id/<action>. Success redirects to a GET with a notice.
 */
export async function leadPageAction(args: Args) {
  const leadId = String(args.params.leadId)
  // Peek at the intent; the record action reads the form itself.
  const intent = (await args.request.clone().formData()).get('intent')
  if (!isLeadActionName(intent)) return recordAction(args, leadRecordPage, leadId)

  const form = await args.request.formData()
  const values: Record<string, string> = {}
  for (const field of formFieldsOf[intent]) {
    const value = String(form.get(field) ?? '').trim()
    // An empty optional field is left out; an empty required one is sent so it is named in the error.
    if (value !== '' || field === 'reason' || field === 'tier') values[field] = value
  }
  const user = (await guardedContext(args, leadRecordPage, 'read', leadId)).user
  const { db, temporal, config } = args.context
  try {
    await performLeadAction(
      {
        db,
        temporal,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        actor: user,
        client: clientOf(args),
        via: { method: args.request.method, path: new URL(args.request.url).pathname },
      },
      leadId,
      intent,
      values,
    )
  } catch (error) {
    // A refused step, bad input or Temporal being down: the form shows why and keeps what was entered.
    const problem = problemForForm(error)
    return data<LeadActionFailure>(
      { intent, error: problem.detail, errors: problem.fields, values },
      problemInit(problem),
    )
  }
  return redirect(`/leads/${leadId}?notice=${encodeURIComponent(leadActionDoneNotices[intent])}`)
}
