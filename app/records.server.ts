import { data, redirect, type AppLoadContext } from '@remix-run/node'
import type { Grant, RecordAction } from '../domain/access/permission-matrix'
import { resourceDefinitions } from '../services/records'
import type { ResourceContext } from '../services/records/definition'
import type { FieldError } from '../services/records/field-errors'
import { resourceService, type ResourceService } from '../services/records/service'
import { clientOf, grantOf, notFound, requireGrant, scopeOf, type SignedInUser } from './auth.server'
import { problemForForm, problemInit } from './problem.server'
import { recordPages, type Column, type FormField, type RecordPage, type ReferenceKind } from './record-pages'

interface Args {
  request: Request
  context: AppLoadContext
  params: Record<string, string | undefined>
}

const services = new Map(resourceDefinitions.map((definition) => [definition.resource, resourceService(definition)]))

export function serviceOf(page: Pick<RecordPage, 'resource'>): ResourceService {
  const service = services.get(page.resource)
  if (!service) throw new Error(`No resource service for ${page.resource}`)
  return service
}

/** The page description for `/:records`, or a 404 for any other first segment. */
export function recordPageOf(params: Args['params']): RecordPage {
  const page = params.records ? recordPages[params.records] : undefined
  if (!page || !Object.hasOwn(recordPages, params.records ?? '')) throw notFound('There is no such page.')
  return page
}

/** The §14.2 guard (403 + DENIED audit row without a grant) and the service context for what it allows. */
export async function guardedContext(
  args: Args,
  page: Pick<RecordPage, 'resource'>,
  action: RecordAction,
  entityId?: string,
): Promise<{ user: SignedInUser; grant: Exclude<Grant, 'none'>; context: ResourceContext }> {
  const { user, grant } = await requireGrant(args, { resource: page.resource, action }, entityId)
  const url = new URL(args.request.url)
  return {
    user,
    grant,
    context: {
      db: args.context.db,
      config: args.context.config,
      temporal: args.context.temporal,
      actor: user,
      grant,
      client: clientOf(args),
      via: { method: args.request.method, path: url.pathname },
    },
  }
}

/** What the user's role lets them do with this resource: for showing only the buttons that will work. */
export function abilitiesOf(user: SignedInUser, page: Pick<RecordPage, 'resource'>) {
  const can = (action: RecordAction) => grantOf(user, { resource: page.resource, action }) !== 'none'
  return { canCreate: can('create'), canUpdate: can('update'), canDelete: can('delete') }
}

export type FormValues = Record<string, string>
export type ActionFailure = { error: string; errors: FieldError[]; values: FormValues }

/**
 * Runs a service call for a form: 404 and 403 become responses (the error boundary shows them), anything else
 * the service refuses (or a dependency that is down) comes back with the field errors and the entered values, for
 * the form to show again.
 */
export async function formOutcome<T>(work: () => Promise<T>, values: FormValues) {
  try {
    return { ok: true as const, value: await work() }
  } catch (error) {
    const problem = problemForForm(error)
    return {
      ok: false as const,
      failure: data<ActionFailure>({ error: problem.detail, errors: problem.fields, values }, problemInit(problem)),
    }
  }
}

/** Only the resource's filter parameters (non-empty) plus cursor, as the list query of the service. */
export function listQueryOf(page: RecordPage, url: URL) {
  const query: Record<string, string> = { limit: '25' }
  for (const filter of page.filters) {
    const value = url.searchParams.get(filter.name)
    if (value) query[filter.name] = value
  }
  const cursor = url.searchParams.get('cursor')
  if (cursor) query.cursor = cursor
  return {
    query,
    direction: url.searchParams.get('direction') === 'previous' ? ('previous' as const) : ('next' as const),
  }
}

/** What the form holds, as strings: shown again when the service refuses it. */
export function valuesOfForm(fields: FormField[], form: FormData): FormValues {
  return Object.fromEntries(
    fields.map((field) => [
      field.name,
      field.type === 'checkbox'
        ? form.getAll(field.name).includes('true')
          ? 'true'
          : ''
        : String(form.get(field.name) ?? ''),
    ]),
  )
}

/** A represented record as the strings its form shows. */
export function valuesOfRecord(fields: FormField[], record: Record<string, unknown>): FormValues {
  return Object.fromEntries(
    fields.map((field) => {
      const value = record[field.name]
      if (value === null || value === undefined) return [field.name, '']
      if (Array.isArray(value)) return [field.name, value.join(', ')]
      if (field.type === 'date' && typeof value === 'string') return [field.name, value.slice(0, 10)]
      if (field.type === 'checkbox') return [field.name, value ? 'true' : '']
      return [field.name, String(value)]
    }),
  )
}

/**
 * The form as an API body. Creating, an empty input is left out (so a required field says "is required");
 * editing, it clears a clearable field and leaves the others alone — except text, which is sent as typed so an
 * emptied name is refused next to its field rather than silently kept.
 */
export function bodyOfForm(fields: FormField[], form: FormData, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of fields) {
    // A field the page did not offer (an owner picker the user may not use) is left alone.
    if (!form.has(field.name)) continue
    if (field.createOnly && mode === 'update') continue
    if (field.type === 'checkbox') {
      // The form sends a hidden "false" before the box, so an unticked box still says so.
      body[field.name] = form.getAll(field.name).includes('true')
      continue
    }
    const raw = String(form.get(field.name) ?? '').trim()
    if (raw === '') {
      if (mode === 'create') continue
      if (field.clearable) body[field.name] = null
      else if (['text', 'email', 'url', 'tel', 'textarea'].includes(field.type)) body[field.name] = raw
      continue
    }
    if (field.type === 'number') {
      const number = Number(raw)
      body[field.name] = Number.isFinite(number) ? number : raw
    } else if (field.type === 'list') {
      body[field.name] = raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '')
    } else {
      body[field.name] = raw
    }
  }
  return body
}

export type ReferenceOptions = Partial<Record<ReferenceKind, { value: string; label: string }[]>>

const optionLimit = 200

/**
 * The records a reference field may pick, limited to what the user may read (their own under "own"). A kind
 * the user may not read is left out, and its field becomes a plain id input.
 */
export async function referenceOptionsFor(
  context: AppLoadContext,
  user: SignedInUser,
  fields: FormField[],
): Promise<ReferenceOptions> {
  const { db } = context
  const kinds = new Set(fields.flatMap((field) => (field.type === 'reference' ? [field.to] : [])))
  const options: ReferenceOptions = {}
  const readable = (resource: 'companies' | 'contacts' | 'opportunities' | 'leads' | 'users') => {
    const grant = grantOf(user, { resource, action: 'read' })
    return grant === 'none' ? null : scopeOf(grant, resource, user)
  }
  for (const kind of kinds) {
    if (kind === 'company') {
      const where = readable('companies')
      if (!where) continue
      const rows = await db.company.findMany({
        where,
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
        take: optionLimit,
      })
      options.company = rows.map((row) => ({ value: row.id, label: row.name }))
    } else if (kind === 'contact') {
      const where = readable('contacts')
      if (!where) continue
      const rows = await db.contact.findMany({
        where,
        select: { id: true, firstName: true, lastName: true, email: true },
        orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
        take: optionLimit,
      })
      options.contact = rows.map((row) => ({ value: row.id, label: `${row.firstName} ${row.lastName} (${row.email})` }))
    } else if (kind === 'opportunity') {
      const where = readable('opportunities')
      if (!where) continue
      const rows = await db.opportunity.findMany({
        where,
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
        take: optionLimit,
      })
      options.opportunity = rows.map((row) => ({ value: row.id, label: row.name }))
    } else if (kind === 'lead') {
      const where = readable('leads')
      if (!where) continue
      const rows = await db.lead.findMany({
        where,
        select: { id: true, email: true },
        orderBy: { createdAt: 'desc' },
        take: optionLimit,
      })
      options.lead = rows.map((row) => ({ value: row.id, label: row.email }))
    } else {
      const where = readable('users')
      // Someone who may not list the team can still only hand a record to themselves (a Sales Rep's "own").
      if (!where) {
        options.user = [{ value: user.userId, label: user.name }]
        continue
      }
      const rows = await db.user.findMany({
        where: { active: true },
        select: { id: true, name: true },
        orderBy: { name: 'asc' },
        take: optionLimit,
      })
      options.user = rows.map((row) => ({ value: row.id, label: row.name }))
    }
  }
  return options
}

/**
 * The names of the users a record names as its owner, for every role that may read the record: a colleague's
 * name on a deal is part of the deal, even for someone who may not open the team list (emails, roles). Looked up
 * by the ids on the page, so an owner past the picker's first 200 users is named too.
 */
export async function ownerNamesOf(
  context: AppLoadContext,
  records: Record<string, unknown>[],
  fieldNames: string[],
): Promise<Record<string, string>> {
  const ids = [
    ...new Set(
      records.flatMap((record) =>
        fieldNames.flatMap((name) => (typeof record[name] === 'string' && record[name] !== '' ? [record[name]] : [])),
      ),
    ),
  ]
  if (ids.length === 0) return {}
  const users = await context.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  return Object.fromEntries(users.map((user) => [user.id, user.name]))
}

/** The columns or fields of a page that name a user. */
export function userReferences(entries: (Column | FormField)[]): string[] {
  return entries.flatMap((entry) => {
    if ('field' in entry) return entry.to === 'user' ? [entry.field] : []
    return entry.type === 'reference' && entry.to === 'user' ? [entry.name] : []
  })
}

/** Reference columns of a list shown by name where the user may read the referenced records. */
export function referenceLabels(options: ReferenceOptions): Record<string, string> {
  return Object.fromEntries(
    Object.values(options).flatMap((list) => list.map((option) => [option.value, option.label])),
  )
}

type EditablePage = Pick<RecordPage, 'resource' | 'segment' | 'singular' | 'fields'>

/**
 * The action of a record's page: `intent=update` saves the edit form, `intent=delete` deletes the record, each
 * behind its own matrix guard. Success redirects (a GET, so a reload does not post again) to a page that says
 * what happened.
 */
export async function recordAction(args: Args, page: EditablePage, id: string) {
  const form = await args.request.formData()
  const intent = form.get('intent')
  const service = serviceOf(page)
  if (intent === 'delete') {
    const { context } = await guardedContext(args, page, 'delete', id)
    const outcome = await formOutcome(() => service.remove(context, id), {})
    if (!outcome.ok) return outcome.failure
    return redirect(`/${page.segment}?notice=${encodeURIComponent(`The ${page.singular} was deleted.`)}`)
  }
  if (intent !== 'update') throw new Response('Unknown action.', { status: 400 })
  const { context } = await guardedContext(args, page, 'update', id)
  const outcome = await formOutcome(
    () => service.update(context, id, bodyOfForm(page.fields, form, 'update')),
    valuesOfForm(page.fields, form),
  )
  if (!outcome.ok) return outcome.failure
  return redirect(`/${page.segment}/${id}?notice=${encodeURIComponent('Your changes were saved.')}`)
}
