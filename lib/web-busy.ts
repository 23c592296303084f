// The web process tells the workers it is serving people, through PostgreSQL (LISTEN/NOTIFY), which both already
// reach: a worker that hears it takes fewer tasks until the requests stop, so a backlog drains in what the web
// process leaves instead of starving the forms (decision 0060).
import pg from 'pg'
import type { Database } from './db'

export const webBusyChannel = 'crm_web_busy'

/** Requests closer together than this send one notification: a busy web process sends at most five a second. */
export const webBusyAnnounceIntervalMs = 200

/** A worker counts the web process busy until this long after its last notification. */
export const webBusyHoldMs = 500

const reconnectDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000]

/** Call on each request; never waits and never fails the request (a lost notification only costs the yield). */
export function webBusyAnnouncer(db: Pick<Database, '$executeRaw'>): () => void {
  let last = 0
  return () => {
    const now = Date.now()
    if (now - last < webBusyAnnounceIntervalMs) return
    last = now
    db.$executeRaw`SELECT pg_notify(${webBusyChannel}, '')`.catch(() => undefined)
  }
}

export interface WebBusySignal {
  isBusy(): boolean
  /** Called each time a busy period ends. */
  onIdle(listener: () => void): void
  close(): Promise<void>
}

/**
 * A worker's view of the web process. Fails open: while its connection is down it counts the web process idle
 * (the worker then runs at full size, as it would without this) and reconnects with backoff.
 */
export function listenForWebBusy(
  databaseUrl: string,
  options: { onConnectionLost?: (error: unknown, retryInMs: number) => void } = {},
): WebBusySignal {
  let busyUntil = 0
  let idleTimer: NodeJS.Timeout | undefined
  let reconnectTimer: NodeJS.Timeout | undefined
  let client: pg.Client | undefined
  let failures = 0
  let closed = false
  const idleListeners: Array<() => void> = []

  const becomeIdle = () => {
    idleTimer = undefined
    busyUntil = 0
    for (const listener of idleListeners) listener()
  }
  const heard = () => {
    busyUntil = Date.now() + webBusyHoldMs
    clearTimeout(idleTimer)
    idleTimer = setTimeout(becomeIdle, webBusyHoldMs)
  }
  const lost = (lostClient: pg.Client, error: unknown) => {
    if (client !== lostClient || closed) return
    client = undefined
    lostClient.end().catch(() => undefined)
    if (busyUntil > 0) {
      clearTimeout(idleTimer)
      becomeIdle()
    }
    const retryInMs = reconnectDelaysMs[Math.min(failures, reconnectDelaysMs.length - 1)]!
    failures += 1
    options.onConnectionLost?.(error, retryInMs)
    reconnectTimer = setTimeout(connect, retryInMs)
  }
  const connect = () => {
    if (closed) return
    const next = new pg.Client({ connectionString: databaseUrl })
    client = next
    next.on('notification', heard)
    next.on('error', (error) => lost(next, error))
    next.on('end', () => lost(next, new Error('connection ended')))
    next
      .connect()
      .then(() => next.query(`LISTEN ${webBusyChannel}`))
      .then(() => {
        failures = 0
      })
      .catch((error: unknown) => lost(next, error))
  }
  connect()

  return {
    isBusy: () => Date.now() < busyUntil,
    onIdle: (listener) => void idleListeners.push(listener),
    async close() {
      closed = true
      clearTimeout(idleTimer)
      clearTimeout(reconnectTimer)
      await client?.end().catch(() => undefined)
    },
  }
}
