import type { RecordAction } from '../../domain/access/permission-matrix'
import { unsafeJsonFields } from '../../domain/validation/safe-text'
import { recordAudit } from '../auth/audit'
import { ownedBy } from '../auth/ownership'
import { keysetBatches, type ExportSource } from '../exports/export-source'
import type { AnyResourceDefinition, ResourceContext } from './definition'
import { ResourceProblem, toFieldErrors, type FieldError } from './field-errors'
import { afterCursor, encodeCursor, listOrder, parseListQuery } from './list-query'
import { isForeignKeyViolation, uniqueViolationFields } from './prisma-errors'
import { countOf } from '../../domain/formatting/plural'

export type Represented = Record<string, unknown>

export interface ListPage {
  data: Represented[]
  total: number
  /** Continues with older records; null on the last page. */
  nextCursor: string | null
  /** Goes back to newer records (pass with `direction: 'previous'`); null on the first page. */
  previousCursor: string | null
}

/**
 * The rules of one record resource, free of any transport: the JSON API (router.ts) and the Remix pages both call
 * these, each after its own matrix guard produced the context's grant. Refusals are thrown as ResourceProblem.
 */
export interface ResourceService {
  definition: AnyResourceDefinition
  list(context: ResourceContext, query: unknown, direction?: 'next' | 'previous'): Promise<ListPage>
  /** The list as services/exports/list-export.ts streams it: the same filters, narrowing and order as `list`. */
  exportSource(context: ResourceContext, query: unknown): ExportSource
  get(context: ResourceContext, id: string): Promise<Represented>
  /** Absent when another path creates the record (leads: capture). */
  create?(context: ResourceContext, body: unknown): Promise<Represented>
  update(context: ResourceContext, id: string, body: unknown): Promise<Represented>
  remove(context: ResourceContext, id: string): Promise<void>
}

type Cursor = { createdAt: Date; id: string }

export function resourceService(definition: AnyResourceDefinition): ResourceService {
  const { resource, noun } = definition
  const select = { ...definition.select, id: true, createdAt: true }

  /** Under an "own" grant every query is narrowed to the actor's records; nothing else is ever visible. */
  function narrowed(context: ResourceContext, where: Record<string, unknown>): Record<string, unknown> {
    if (context.grant === 'all') return where
    if (context.actor.kind !== 'user') throw new Error('only people hold "own" grants')
    return { AND: [where, ownedBy(resource, context.actor.userId)] }
  }

  async function findVisible(context: ResourceContext, id: string, extraSelect: Record<string, unknown> = select) {
    const row = await definition.model(context.db).findFirst({ where: narrowed(context, { id }), select: extraSelect })
    if (!row) throw new ResourceProblem(404, `No ${noun} with id ${id}`)
    return row
  }

  async function deny(
    context: ResourceContext,
    action: RecordAction,
    reason: string,
    entityId?: string,
  ): Promise<never> {
    await recordAudit(context.db, {
      actor: context.actor,
      action: `${resource}.${action}`,
      outcome: 'DENIED',
      entityType: resource,
      entityId,
      metadata: { ...context.via, reason },
      client: context.client,
    })
    throw new ResourceProblem(403, reason)
  }

  /** Under "own", a record is the actor's: one naming another owner is refused, none names the actor. */
  async function ownerRule(
    context: ResourceContext,
    action: RecordAction,
    body: Record<string, unknown>,
    entityId?: string,
  ) {
    const field = definition.ownerField
    if (context.grant !== 'own' || !field || context.actor.kind !== 'user') return body
    const named = body[field]
    if (named !== undefined && named !== context.actor.userId) {
      await deny(context, action, `You may only ${action} ${noun} records assigned to yourself`, entityId)
    }
    return action === 'create' ? { ...body, [field]: context.actor.userId } : body
  }

  async function checkReferences(context: ResourceContext, input: Record<string, unknown>): Promise<void> {
    const errors: FieldError[] = []
    for (const [field, exists] of Object.entries(definition.references ?? {})) {
      const id = input[field]
      if (typeof id === 'string' && !(await exists(context.db, id))) errors.push({ field, message: 'does not exist' })
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

  function parsedQuery(query: unknown) {
    const parsed = parseListQuery(query, definition.filters)
    if (!parsed.ok) throw new ResourceProblem(400, 'The list query is not valid', parsed.errors)
    return parsed.query
  }

  const { createSchema, create } = definition

  return {
    definition,

    async list(context, query, direction = 'next') {
      const { limit, cursor, filters } = parsedQuery(query)
      const model = definition.model(context.db)
      const where = narrowed(context, definition.where(filters))
      const backwards = direction === 'previous' && cursor !== undefined
      const [rows, total] = await Promise.all([
        model.findMany({
          where: { AND: [where, backwards ? beforeCursor(cursor) : afterCursor(cursor)] },
          orderBy: backwards ? [{ createdAt: 'asc' }, { id: 'asc' }] : listOrder,
          take: limit + 1,
          select,
        }) as Promise<Cursor[]>,
        model.count({ where }),
      ])
      const more = rows.length > limit
      const page = backwards ? rows.slice(0, limit).reverse() : rows.slice(0, limit)
      const first = page.at(0)
      const last = page.at(-1)
      return {
        data: page.map((row) => definition.represent(row, context.config)),
        total,
        nextCursor: last && (backwards || more) ? encodeCursor(last) : null,
        previousCursor: first && (backwards ? more : cursor !== undefined) ? encodeCursor(first) : null,
      }
    },

    exportSource(context, query) {
      const { filters } = parsedQuery(query)
      const where = narrowed(context, definition.where(filters))
      const model = definition.model(context.db)
      return {
        list: definition.path,
        filters: appliedFilters(filters),
        columns: null,
        count: () => model.count({ where }),
        batches: async function* (batchSize) {
          const pages = keysetBatches(
            (page) => model.findMany({ where, orderBy: listOrder, select, ...page }) as Promise<Cursor[]>,
            batchSize,
          )
          for await (const rows of pages) yield rows.map((row) => definition.represent(row, context.config))
        },
      }
    },

    async get(context, id) {
      return definition.represent(await findVisible(context, id), context.config)
    },

    ...(createSchema && create
      ? {
          async create(context: ResourceContext, input: unknown) {
            const body = await ownerRule(context, 'create', bodyObject(input))
            const parsed = createSchema.safeParse(body)
            if (!parsed.success) {
              throw new ResourceProblem(400, `The ${noun} is not valid`, toFieldErrors(parsed.error, body, noun))
            }
            await checkReferences(context, parsed.data as Record<string, unknown>)
            const row = await write(() => create(context, parsed.data))
            return definition.represent(row, context.config)
          },
        }
      : {}),

    async update(context, id, input) {
      await findVisible(context, id, { id: true })
      const body = await ownerRule(context, 'update', bodyObject(input), id)
      const workflowFields = definition.workflowFields ?? {}
      const workflowErrors = Object.entries(workflowFields)
        .filter(([field]) => field in body)
        .map(([field, message]) => ({ field, message }))
      const editable = Object.fromEntries(Object.entries(body).filter(([field]) => !(field in workflowFields)))
      const parsed = definition.updateSchema.safeParse(editable)
      const errors = [...workflowErrors, ...(parsed.success ? [] : toFieldErrors(parsed.error, editable, noun))]
      if (errors.length > 0 || !parsed.success)
        throw new ResourceProblem(400, `The ${noun} change is not valid`, errors)
      await checkReferences(context, parsed.data as Record<string, unknown>)
      const row = await write(() => definition.update(context, id, parsed.data))
      return definition.represent(row, context.config)
    },

    async remove(context, id) {
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
        await definition.model(context.db).delete({ where: { id }, select: { id: true } })
      } catch (error) {
        if (!isForeignKeyViolation(error)) throw error
        throw new ResourceProblem(409, `The ${noun} cannot be deleted while other records refer to it`, [
          { field: '(record)', message: 'is referred to by another record' },
        ])
      }
      await recordAudit(context.db, {
        actor: context.actor,
        action: `${resource}.delete`,
        entityType: resource,
        entityId: id,
        client: context.client,
      })
    },
  }
}

/** The rows newer than the cursor, in ascending order (the page before it, read backwards). */
function beforeCursor(cursor: Cursor): Record<string, unknown> {
  return {
    OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }],
  }
}

function appliedFilters(filters: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
  )
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ResourceProblem(400, 'The body must be a JSON object', [
      { field: '(body)', message: 'must be a JSON object' },
    ])
  }
  const unsafe = unsafeJsonFields(body)
  if (unsafe.length > 0) throw new ResourceProblem(400, 'The body holds text that cannot be stored', unsafe)
  return body as Record<string, unknown>
}

function blockingSelect(definition: AnyResourceDefinition): Record<string, unknown> {
  const many = definition.blockingRelations.filter((relation) => relation.kind === 'many')
  const one = definition.blockingRelations.filter((relation) => relation.kind === 'one')
  return {
    id: true,
    ...(many.length > 0
      ? { _count: { select: Object.fromEntries(many.map((relation) => [relation.name, true])) } }
      : {}),
    ...Object.fromEntries(one.map((relation) => [relation.name, { select: { id: true } }])),
  }
}

function blockingRelationsOf(definition: AnyResourceDefinition, row: unknown): FieldError[] {
  const record = row as { _count?: Record<string, number> } & Record<string, unknown>
  return definition.blockingRelations.flatMap((relation) => {
    const count = relation.kind === 'many' ? (record._count?.[relation.name] ?? 0) : record[relation.name] ? 1 : 0
    return count > 0 ? [{ field: relation.name, message: `${countOf(count, 'record')} refer to it` }] : []
  })
}
