import { Readable } from 'node:stream'
import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { problemFrom } from '../services/problems/problem-from-error'
import { problemInit } from './problem.server'
import { exportFormats, startExport, type ExportFormat } from '../services/exports/list-export'
import { leadListExport, pipelineExport } from '../services/exports/list-exports'
import type { ExportSource } from '../services/exports/export-source'
import { exportProgress, isProgressToken } from '../services/exports/export-progress'
import { Problem } from '../services/problems/problem'
import { clientOf, notFound, requireGrant, requireUser } from './auth.server'
import { boardFiltersOf } from './pipeline.server'
import { recordPages } from './record-pages'
import { guardedContext, serviceOf } from './records.server'
import { zoneOf } from './time-zone.server'

// /exports/<list>?format=csv|xlsx&<the list's own filters>: every list's export, through the one export module
// (services/exports/list-export.ts). The export buttons link here with the filters the list shows.

/** The list's ExportSource, behind the same §14.2 guard as the list page. */
async function sourceOf(args: LoaderFunctionArgs, list: string, params: URLSearchParams): Promise<ExportSource> {
  if (list === 'leads') {
    const { user } = await requireGrant(args, { resource: 'leads', action: 'read' })
    return leadListExport(args.context.db, user, params, zoneOf(args.request))
  }
  if (list === 'pipeline') {
    const { user, grant } = await requireGrant(args, { resource: 'opportunities', action: 'read' })
    const filters = boardFiltersOf(params)
    // As on the board: a Sales Rep's deals are their own anyway; the owner filter is for those who see everyone's.
    return pipelineExport(
      args.context.db,
      user,
      grant === 'all' ? filters : { ...filters, ownerId: undefined },
      zoneOf(args.request),
    )
  }
  const page = Object.hasOwn(recordPages, list) ? recordPages[list] : undefined
  if (!page) throw notFound('There is no such list to export.')
  const { context } = await guardedContext(args, page, 'read')
  const query = Object.fromEntries(
    page.filters.flatMap((filter) => {
      const value = params.get(filter.name)
      return value ? [[filter.name, value]] : []
    }),
  )
  return serviceOf(page).exportSource(context, query)
}

export async function loadExport(args: LoaderFunctionArgs): Promise<Response> {
  return refusalsNamingFields(() => streamExport(args))
}

/** A refused export answers its status with the fields at fault in words (the download link has no form to mark). */
async function refusalsNamingFields<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof Response) throw error
    const problem = problemFrom(error)
    if (problem.status === 500) throw error
    const fields = problem.fields.map((entry) => `${entry.field} ${entry.message}`).join('; ')
    const init = problemInit(problem)
    throw new Response(fields ? `${problem.detail}: ${fields}.` : problem.detail, {
      ...init,
      headers: { ...init.headers, 'Content-Type': 'text/plain; charset=utf-8' },
    })
  }
}

async function streamExport(args: LoaderFunctionArgs): Promise<Response> {
  requireUser(args)
  const params = new URL(args.request.url).searchParams
  const format = params.get('format') ?? ''
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new Problem('invalid-input', 'The export is not valid', {
      fields: [{ field: 'format', message: `must be one of ${exportFormats.join(', ')}` }],
    })
  }
  const token = params.get('token')
  if (token !== null && !isProgressToken(token)) {
    throw new Problem('invalid-input', 'The export is not valid', {
      fields: [{ field: 'token', message: 'must be 8 to 64 letters, digits or dashes' }],
    })
  }
  const source = await sourceOf(args, args.params.list ?? '', params)
  const user = requireUser(args)
  const started = await startExport(
    {
      db: args.context.db,
      actor: user,
      client: clientOf(args),
      format: format as ExportFormat,
      progressToken: token ?? undefined,
    },
    source,
  )
  return new Response(Readable.toWeb(started.body) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      'Content-Type': started.contentType,
      'Content-Disposition': `attachment; filename="${started.filename}"`,
      'Cache-Control': 'no-store',
      'X-Export-Rows': String(started.total),
    },
  })
}

/** The progress of one of the caller's downloads, for the export buttons' bar. */
export function loadExportProgress(args: LoaderFunctionArgs) {
  return refusalsNamingFields(async () => progressOf(args))
}

function progressOf(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const token = new URL(args.request.url).searchParams.get('token')
  if (!isProgressToken(token)) {
    throw new Problem('invalid-input', 'The progress query is not valid', {
      fields: [{ field: 'token', message: 'must be 8 to 64 letters, digits or dashes' }],
    })
  }
  return json(exportProgress.read(user, token) ?? { state: 'unknown' as const, total: 0, written: 0 })
}
