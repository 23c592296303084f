import { Router } from 'express'
import type { WebDependencies } from '../../services/dependencies'
import { handle } from '../handle'

export interface DependencyCheck {
  ok: boolean
  latencyMs: number
  error?: string
}

const checkTimeoutMs = 3_000

async function check(probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs)
      }),
    ])
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch (error) {
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: error instanceof Error ? error.message : String(error),
    }
  } finally {
    clearTimeout(timer)
  }
}

export function healthRoutes({ db, temporal, mail }: WebDependencies): Router {
  const router = Router()
  router.get(
    '/health',
    handle(async (_request, response) => {
      const [database, temporalCheck, smtp] = await Promise.all([
        check(() => db.$queryRaw`SELECT 1`),
        check(() => temporal.connection.workflowService.getSystemInfo({})),
        check(() => mail.verify()),
      ])
      const checks = { database, temporal: temporalCheck, smtp }
      const healthy = Object.values(checks).every((dependency) => dependency.ok)
      response.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'degraded', checks })
    }),
  )
  return router
}
