import { Router, type Request, type Response } from 'express'
import type { RecordAction } from '../../domain/access/permission-matrix'
import type { WebDependencies } from '../../services/dependencies'
import { clientOf } from '../../services/auth/audit'
import { requireGrant } from '../auth/authorize'
import { handle } from '../handle'
import type { AnyResourceDefinition, ResourceContext } from '../../services/records/definition'
import { resourceService } from '../../services/records/service'
import { startExport } from '../../services/exports/list-export'
import { pipeline } from 'node:stream/promises'

type Dependencies = Pick<WebDependencies, 'db' | 'config' | 'temporal'>

/**
 * GET list (JSON or CSV), GET one, POST, PATCH and DELETE for one resource, each behind its matrix guard: a thin
 * HTTP adapter over the resource's service (service.ts), where the rules live.
 */
export function resourceRouter(dependencies: Dependencies, definition: AnyResourceDefinition): Router {
  const { db, config, temporal } = dependencies
  const service = resourceService(definition)
  const collection = `/${definition.path}`
  const member = `/${definition.path}/:id`
  const router = Router()

  function contextOf(request: Request, response: Response): ResourceContext {
    const { actor, grant } = response.locals
    if (!actor || !grant || grant === 'none') throw new Error('resource handler reached without a grant')
    return {
      db,
      config,
      temporal,
      actor,
      grant,
      client: clientOf(request),
      via: { method: request.method, path: request.baseUrl + request.path },
    }
  }

  function guarded(
    action: RecordAction,
    work: (context: ResourceContext, request: Request, response: Response) => Promise<void>,
  ) {
    return [
      requireGrant(dependencies, definition.resource, action),
      // The service's refusals (ResourceProblem) and any other failure go to the API's one error middleware.
      handle((request, response) => work(contextOf(request, response), request, response)),
    ]
  }

  router.get(
    collection,
    ...guarded('read', async (context, request, response) => {
      if (request.query.format === 'csv') {
        // The one export module (services/exports/list-export.ts): streamed, audited, the list's own narrowing.
        const { actor, client } = context
        const started = await startExport(
          { db, actor, client, format: 'csv' },
          service.exportSource(context, request.query),
        )
        response
          .status(200)
          .type(started.contentType)
          .attachment(started.filename)
          .set('X-Export-Rows', String(started.total))
        await pipeline(started.body, response)
        return
      }
      const { data, total, nextCursor } = await service.list(context, request.query)
      response.json({ data, total, nextCursor })
    }),
  )

  if (definition.servesGet !== false) {
    router.get(
      member,
      ...guarded('read', async (context, request, response) => {
        response.json(await service.get(context, String(request.params.id)))
      }),
    )
  }

  const create = service.create
  if (create) {
    router.post(
      collection,
      ...guarded('create', async (context, request, response) => {
        response.status(201).json(await create(context, request.body))
      }),
    )
  }

  router.patch(
    member,
    ...guarded('update', async (context, request, response) => {
      response.json(await service.update(context, String(request.params.id), request.body))
    }),
  )

  router.delete(
    member,
    ...guarded('delete', async (context, request, response) => {
      await service.remove(context, String(request.params.id))
      response.status(204).end()
    }),
  )

  return router
}
