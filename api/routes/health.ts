import { Router } from 'express'
import { logger } from '../../lib/logger'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'

// Public for load balancers, so the answer says only which dependency is down: a driver's error text carries
// hostnames, ports, user names and library internals. The detail goes to the server's log.

export type DependencyState = 'up' | 'down'

const checkTimeoutMs = 3_000

async function check(dependency: string, probe: () => Promise<unknown>): Promise<DependencyState> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs)
      }),
    ])
    return 'up'
  } catch (error) {
    logger.warn('Health check: a dependency is down', {
      dependency,
      latencyMs: Math.round(performance.now() - started),
      error,
    })
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

export function healthRoutes({ db, temporal, mail }: WebDependencies): Router {
  const router = Router()
  router.get(
    '/health',
    handle(async (_request, response) => {
      const [database, temporalState, smtp] = await Promise.all([
        check('database', () => db.$queryRaw`SELECT 1`),
        check('temporal', () => temporal.connection.workflowService.getSystemInfo({})),
        check('smtp', () => mail.verify()),
      ])
      const dependencies = { database, temporal: temporalState, smtp }
      const healthy = Object.values(dependencies).every((state) => state === 'up')
      response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', dependencies })
    }),
  )
  return router
}
