import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseReportPeriod } from '../domain/analytics/report-period'
import { analyticsScopeOf } from '../services/analytics/analytics-scope'
import { executiveReport } from '../services/analytics/executive-report'
import { homeDashboard } from '../services/analytics/home-dashboard'
import { mayEnterMarketingSpend } from '../services/analytics/marketing-spend'
import { recordAudit } from '../services/auth/audit'
import { reportCsvRows, reportTables } from '../services/analytics/report-tables'
import { toCsv } from '../lib/csv'
import { clientOf, forbidden, requireUser } from './auth.server'
import { zoneOf } from './time-zone.server'

// The loaders of the home dashboard and the Reports page: who asks decides whose numbers (decision 0037).

export async function loadHomeDashboard(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const scope = analyticsScopeOf(user)
  const now = Date.now()
  const dashboard = await homeDashboard(args.context.db, user, scope, now, zoneOf(args.request))
  return { ...dashboard, limited: scope.ownerId !== null, now: new Date(now).toISOString() }
}

export async function loadReports(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const scope = analyticsScopeOf(user)
  const now = Date.now()
  const parsed = parseReportPeriod(new URL(args.request.url).searchParams, now, zoneOf(args.request))
  if (!parsed.ok) throw new Response(`${parsed.field}: ${parsed.message}`, { status: 400, statusText: 'Bad Request' })
  const report = await executiveReport(args.context.db, scope, parsed.period, now)
  return {
    period: parsed.period,
    report,
    tables: reportTables(report, parsed.period),
    ownNumbersOnly: scope.ownerId !== null,
    canExport: scope.full,
    canEnterSpend: mayEnterMarketingSpend(user),
    now: new Date(now).toISOString(),
  }
}

/** The CSV of the Reports page: Full analytics only (Limited has no export); every export is audited. */
export async function loadReportsCsv(args: LoaderFunctionArgs): Promise<{ csv: string; fileName: string }> {
  const user = requireUser(args)
  const scope = analyticsScopeOf(user)
  const path = new URL(args.request.url).pathname
  const audit = (outcome: 'SUCCESS' | 'DENIED', metadata: Record<string, string>) =>
    recordAudit(args.context.db, {
      actor: user,
      action: 'analytics.export',
      outcome,
      entityType: 'analytics',
      metadata: { path, ...metadata },
      client: clientOf(args),
    })
  if (!scope.full) {
    await audit('DENIED', {})
    throw forbidden('Your role does not allow you to export analytics.')
  }
  const now = Date.now()
  const parsed = parseReportPeriod(new URL(args.request.url).searchParams, now, zoneOf(args.request))
  if (!parsed.ok) throw new Response(`${parsed.field}: ${parsed.message}`, { status: 400, statusText: 'Bad Request' })
  const report = await executiveReport(args.context.db, scope, parsed.period, now)
  await audit('SUCCESS', {
    month: parsed.period.month,
    months: String(parsed.period.months),
    timeZone: parsed.period.timeZone,
  })
  return {
    csv: toCsv(reportCsvRows(reportTables(report, parsed.period))),
    fileName: `report-${parsed.period.month}-${parsed.period.months}m.csv`,
  }
}
