import type { AddressInfo } from 'node:net'
import type { ServerBuild } from '@remix-run/node'
import { createApp } from '../../api/app'
import { createTemporalClient } from '../../lib/temporal'
import type { WebDependencies } from '../../services/dependencies'

/** The real Express app (API, and the Remix app when a build is given) on a free loopback port. */
export async function startWeb(dependencies: WebDependencies, remixBuild?: ServerBuild) {
  const server = createApp(dependencies, remixBuild).listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The production build of the Remix app (`npm run build`, which `npm test` runs first). */
export async function loadRemixBuild(): Promise<ServerBuild> {
  const buildUrl = new URL('../../build/server/index.js', import.meta.url).href
  return (await import(/* @vite-ignore */ buildUrl)) as ServerBuild
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** An `Authorization` header for an API key. */
export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` }
}

/** A Temporal client whose server is never there (it connects lazily): for a web process whose routes must not need it. */
export function unreachableTemporal() {
  return createTemporalClient({
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_API_KEY: undefined,
    TEMPORAL_TLS: false,
  })
}
