import express, { Router } from 'express'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'
import { problemResponse } from '../openapi-problem'
import { pathParameters } from '../openapi-schema'
import { refuse } from '../problem-response'
import { unsubscribeLead } from '../../services/leads/unsubscribe-lead'

/**
 * RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` from their servers, with no
 * session and no CSRF token — the signed token in the path is the authority. Mount before `authenticate`.
 */
export function unsubscribeRoutes(dependencies: WebDependencies): Router {
  const { db, temporal, config } = dependencies
  const router = Router()

  router.post(
    '/unsubscribe/:token',
    // Raw bytes of any type: RFC 8058 prefers multipart/form-data, allows urlencoded, and some clients post nothing.
    express.raw({ type: () => true, limit: '4kb' }),
    handle(async (request, response) => {
      if (!(await isOneClickBody(request.body, request.headers['content-type']))) {
        refuse(response, 'invalid-input', 'Not a one-click unsubscribe request', {
          fields: [{ field: 'List-Unsubscribe', message: 'must be One-Click' }],
        })
        return
      }
      const result = await unsubscribeLead(
        { db, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, unsubscribeSecret: config.UNSUBSCRIBE_SECRET },
        String(request.params.token),
        'one-click',
      )
      if (!result) {
        refuse(response, 'not-found', 'This unsubscribe link is not valid', {
          fields: [{ field: 'token', message: 'is not a valid unsubscribe token' }],
        })
        return
      }
      response.json({ unsubscribed: true, unsubscribedAt: result.unsubscribedAt.toISOString() })
    }),
  )

  return router
}

/** An empty body, or a form (multipart or urlencoded) whose only field is List-Unsubscribe=One-Click. */
async function isOneClickBody(body: unknown, contentType: string | undefined): Promise<boolean> {
  const raw = Buffer.isBuffer(body) ? body : Buffer.alloc(0)
  if (raw.toString('utf8').trim() === '') return true
  const formType = /^\s*multipart\/form-data/i.test(contentType ?? '')
    ? contentType!
    : 'application/x-www-form-urlencoded'
  try {
    const fields = [...(await new Response(new Uint8Array(raw), { headers: { 'content-type': formType } }).formData())]
    return fields.length === 1 && fields[0]![0] === 'List-Unsubscribe' && fields[0]![1] === 'One-Click'
  } catch {
    return false
  }
}

/** The OpenAPI description of the route above, for api/openapi.ts to spread into its paths. */
export const unsubscribeOpenApiPaths = {
  '/api/unsubscribe/{token}': {
    post: {
      operationId: 'unsubscribe-one-click',
      summary:
        'RFC 8058 one-click unsubscribe (body List-Unsubscribe=One-Click, or empty); the signed token is the only credential',
      security: [],
      parameters: pathParameters(['token']),
      requestBody: {
        required: false,
        content: Object.fromEntries(
          ['multipart/form-data', 'application/x-www-form-urlencoded'].map((type) => [
            type,
            { schema: { type: 'object', properties: { 'List-Unsubscribe': { type: 'string', const: 'One-Click' } } } },
          ]),
        ),
      },
      responses: {
        200: { description: 'Unsubscribed (now, or already before: a second request changes nothing)' },
        400: problemResponse('A body that is not List-Unsubscribe=One-Click'),
        404: problemResponse('The token is not one of ours, or its lead is gone'),
      },
    },
  },
}
