// The web process tells the workers it is serving people, through PostgreSQL (LISTEN/NOTIFY), which both already
// reach: a worker that hears it takes fewer tasks until the requests stop, so a backlog drains in what the web
// process leaves instead of starving the forms (decision 0060).
import { keepPgConnection, listenToPgChannel } from './pg-channel'

export const webBusyChannel = 'crm_web_busy'

/** Requests closer together than this send one notification: a busy web process sends at most five a second. */
export const webBusyAnnounceIntervalMs = 200

/** A worker counts the web process busy until this long after its last notification. */
export const webBusyHoldMs = 500

export interface WebBusyAnnouncer {
  /** Call on each request; never waits and never fails the request (a lost notification only costs the yield). */
  announce(): void
  close(): Promise<void>
}

/**
 * Announces over a PostgreSQL connection of its own with a plain `NOTIFY`, not through Prisma, which spent 1.0–1.9 ms
 * of CPU on each notification against 0.13–0.29 ms (decision 0070). While that connection is down, announcements
 * are skipped and it comes back with the listener's backoff.
 */
export function webBusyAnnouncer(databaseUrl: string): WebBusyAnnouncer {
  let last = 0
  const connection = keepPgConnection(databaseUrl)
  return {
    announce() {
      const now = Date.now()
      if (now - last < webBusyAnnounceIntervalMs) return
      last = now
      const client = connection.ready()
      client?.query(`NOTIFY ${webBusyChannel}`).catch((error: unknown) => connection.drop(client, error))
    },
    close: connection.close,
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
  const idleListeners: Array<() => void> = []

  const becomeIdle = () => {
    idleTimer = undefined
    busyUntil = 0
    for (const listener of idleListeners) listener()
  }
  const listener = listenToPgChannel(databaseUrl, webBusyChannel, {
    onNotification: () => {
      busyUntil = Date.now() + webBusyHoldMs
      clearTimeout(idleTimer)
      idleTimer = setTimeout(becomeIdle, webBusyHoldMs)
    },
    onLost: (error, retryInMs) => {
      if (busyUntil > 0) {
        clearTimeout(idleTimer)
        becomeIdle()
      }
      options.onConnectionLost?.(error, retryInMs)
    },
  })

  return {
    isBusy: () => Date.now() < busyUntil,
    onIdle: (listener) => void idleListeners.push(listener),
    async close() {
      clearTimeout(idleTimer)
      await listener.close()
    },
  }
}
