import { Router, type Request, type Response } from 'express'
import type { RecordAction } from '../../domain/access/permission-matrix'
import type { WebDependencies } from '../dependencies'
import { clientOf, recordAudit } from '../auth/audit'
import { requireGrant } from '../auth/authorize'
import { ownedBy } from '../auth/ownership'
import { handle } from '../handle'
import { toCsv } from './csv'
import type { AnyResourceDefinition, ResourceContext } from './definition'
import { fieldErrorsOf, ResourceProblem, type FieldError } from './field-errors'
import { afterCursor, encodeCursor, listOrder, parseListQuery } from './list-query'
import { isForeignKeyViolation, uniqueViolationFields } from './prisma-errors'

// An export is a download, not a dump of the database: past this many rows, narrow it with filters.
export const exportRowLimit = 10_000

type Dependencies = Pick<WebDependencies, 'db' | 'config'>

/** GET list (JSON or CSV), GET one, POST, PATCH and DELETE for one resource, each behind its matrix guard. */
export function resourceRouter(dependencies: Dependencies, definition: AnyResourceDefinition): Router {
  const { db, config } = dependencies
  const { resource, noun } = definition
  const model = definition.model(db)
  const select = { ...definition.select, id: true, createdAt: true }
  const collection = `/${definition.path}`
  const member = `/${definition.path}/:id`
  const router = Router()

  function contextOf(request: Request, response: Response): ResourceContext {
    const { actor, grant } = response.locals
    if (!actor || !grant || grant === 'none') throw new Error('resource handler reached without a grant')
    return { db, config, actor, grant, request }
  }

  /** Under an "own" grant every query is narrowed to the actor's records; nothing else is ever visible. */
  function narrowed(context: ResourceContext, where: Record<string, unknown>): Record<string, unknown> {
    if (context.grant === 'all') return where
    if (context.actor.kind !== 'user') throw new Error('only people hold "own" grants')
    return { AND: [where, ownedBy(resource, context.actor.userId)] }
  }

  function guarded(action: RecordAction, work: (context: ResourceContext, request: Request, response: Response) => Promise<void>) {
    return [
      requireGrant(dependencies, resource, action),
      handle(async (request, response) => {
        try {
          await work(contextOf(request, response), request, response)
        } catch (error) {
          if (!(error instanceof ResourceProblem)) throw error
          response.status(error.status).json({ error: error.message, errors: error.errors })
        }
      }),
    ]
  }

  async function findVisible(context: ResourceContext, id: string, extraSelect: Record<string, unknown> = select) {
    const row = await model.findFirst({ where: narrowed(context, { id }), select: extraSelect })
    if (!row) throw new ResourceProblem(404, `No ${noun} with id ${id}`)
    return row
  }

  async function deny(context: ResourceContext, action: RecordAction, reason: string, entityId?: string): Promise<never> {
    await recordAudit(db, {
      actor: context.actor,
      action: `${resource}.${action}`,
      outcome: 'DENIED',
      entityType: resource,
      entityId,
      metadata: { method: context.request.method, path: context.request.baseUrl + context.request.path, reason },
      client: clientOf(context.request),
    })
    throw new ResourceProblem(403, reason)
  }

  /** Under "own", a record is the actor's: one naming another owner is refused, none names the actor. */
  async function ownerRule(context: ResourceContext, action: RecordAction, body: Record<string, unknown>, entityId?: string) {
    const field = definition.ownerField
    if (context.grant !== 'own' || !field || context.actor.kind !== 'user') return body
    const named = body[field]
    if (named !== undefined && named !== context.actor.userId) {
      await deny(context, action, `You may only ${action} ${noun} records assigned to yourself`, entityId)
    }
    return action === 'create' ? { ...body, [field]: context.actor.userId } : body
  }

  async function checkReferences(input: Record<string, unknown>): Promise<void> {
    const errors: FieldError[] = []
    for (const [field, exists] of Object.entries(definition.references ?? {})) {
      const id = input[field]
      if (typeof id === 'string' && !(await exists(db, id))) errors.push({ field, message: 'does not exist' })
    }
    if (errors.length > 0) throw new ResourceProblem(400, `The ${noun} refers to records that do not exist`, errors)
  }

  async function write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const fields = uniqueViolationFields(error)
      if (fields) {
        throw new ResourceProblem(
          409,
          `Another ${noun} already has this ${fields.join(', ') || 'value'}`,
          fields.map((field) => ({ field, message: 'is already taken' })),
        )
      }
      throw error
    }
  }

  router.get(
    collection,
    ...guarded('read', async (context, request, response) => {
      const parsed = parseListQuery(request.query, definition.filters)
      if (!parsed.ok) throw new ResourceProblem(400, 'The list query is not valid', parsed.errors)
      const { limit, cursor, format, filters } = parsed.query
      const where = narrowed(context, definition.where(filters))
      if (format === 'csv') {
        const rows = await model.findMany({ where, orderBy: listOrder, take: exportRowLimit, select })
        await recordAudit(db, {
          actor: context.actor,
          action: `${resource}.export`,
          entityType: resource,
          metadata: { rows: rows.length, filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as Record<string, string> },
          client: clientOf(request),
        })
        response
          .status(200)
          .type('text/csv; charset=utf-8')
          .attachment(`${definition.path}.csv`)
          .send(toCsv(rows.map((row) => definition.represent(row, config))))
        return
      }
      const [rows, total] = await Promise.all([
        model.findMany({ where: { AND: [where, afterCursor(cursor)] }, orderBy: listOrder, take: limit + 1, select }),
        model.count({ where }),
      ])
      const page = rows.slice(0, limit)
      const last = page.at(-1) as { id: string; createdAt: Date } | undefined
      response.json({
        data: page.map((row) => definition.represent(row, config)),
        total,
        nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
      })
    }),
  )

  if (definition.servesGet !== false) {
    router.get(
      member,
      ...guarded('read', async (context, request, response) => {
        response.json(definition.represent(await findVisible(context, String(request.params.id)), config))
      }),
    )
  }

  const { createSchema, create } = definition
  if (createSchema && create) {
    router.post(
      collection,
      ...guarded('create', async (context, request, response) => {
        const body = await ownerRule(context, 'create', bodyObject(request.body))
        const parsed = createSchema.safeParse(body)
        if (!parsed.success) {
          throw new ResourceProblem(400, `The ${noun} is not valid`, fieldErrorsOf(parsed.error, body, noun))
        }
        await checkReferences(parsed.data as Record<string, unknown>)
        const row = await write(() => create(context, parsed.data))
        response.status(201).json(definition.represent(row, config))
      }),
    )
  }

  router.patch(
    member,
    ...guarded('update', async (context, request, response) => {
      const id = String(request.params.id)
      await findVisible(context, id, { id: true })
      const body = await ownerRule(context, 'update', bodyObject(request.body), id)
      const workflowErrors = Object.entries(definition.workflowFields ?? {})
        .filter(([field]) => field in body)
        .map(([field, message]) => ({ field, message }))
      const editable = Object.fromEntries(Object.entries(body).filter(([field]) => !(field in (definition.workflowFields ?? {}))))
      const parsed = definition.updateSchema.safeParse(editable)
      const errors = [...workflowErrors, ...(parsed.success ? [] : fieldErrorsOf(parsed.error, editable, noun))]
      if (errors.length > 0 || !parsed.success) throw new ResourceProblem(400, `The ${noun} change is not valid`, errors)
      await checkReferences(parsed.data as Record<string, unknown>)
      const row = await write(() => definition.update(context, id, parsed.data))
      response.json(definition.represent(row, config))
    }),
  )

  router.delete(
    member,
    ...guarded('delete', async (context, request, response) => {
      const id = String(request.params.id)
      const blockers = await findVisible(context, id, blockingSelect(definition))
      const blocking = blockingRelationsOf(definition, blockers)
      if (blocking.length > 0) {
        throw new ResourceProblem(
          409,
          `The ${noun} cannot be deleted while ${blocking.map((entry) => entry.field).join(', ')} refer to it`,
          blocking,
        )
      }
      await definition.beforeDelete?.(context, id)
      try {
        await model.delete({ where: { id }, select: { id: true } })
      } catch (error) {
        if (!isForeignKeyViolation(error)) throw error
        throw new ResourceProblem(409, `The ${noun} cannot be deleted while other records refer to it`, [
          { field: '(record)', message: 'is referred to by another record' },
        ])
      }
      await recordAudit(db, {
        actor: context.actor,
        action: `${resource}.delete`,
        entityType: resource,
        entityId: id,
        client: clientOf(request),
      })
      response.status(204).end()
    }),
  )

  return router
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ResourceProblem(400, 'The body must be a JSON object', [{ field: '(body)', message: 'must be a JSON object' }])
  }
  return body as Record<string, unknown>
}

function blockingSelect(definition: AnyResourceDefinition): Record<string, unknown> {
  const many = definition.blockingRelations.filter((relation) => relation.kind === 'many')
  const one = definition.blockingRelations.filter((relation) => relation.kind === 'one')
  return {
    id: true,
    ...(many.length > 0 ? { _count: { select: Object.fromEntries(many.map((relation) => [relation.name, true])) } } : {}),
    ...Object.fromEntries(one.map((relation) => [relation.name, { select: { id: true } }])),
  }
}

function blockingRelationsOf(definition: AnyResourceDefinition, row: unknown): FieldError[] {
  const record = row as { _count?: Record<string, number> } & Record<string, unknown>
  return definition.blockingRelations.flatMap((relation) => {
    const count = relation.kind === 'many' ? (record._count?.[relation.name] ?? 0) : record[relation.name] ? 1 : 0
    return count > 0 ? [{ field: relation.name, message: `${count} record${count === 1 ? '' : 's'} refer to it` }] : []
  })
}
