import pg from 'pg'

// One PostgreSQL connection kept open for what one process must tell another (the web process's requests, API key
// changes): it comes back after it is cut, with backoff. PostgreSQL delivers a notification only to the connections
// listening when it is committed, so a listener must treat a lost connection as "may have missed some": onLost and
// onReady say when.

export const pgConnectionReconnectDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000]

export interface KeptPgConnectionHandlers {
  /** Runs once the connection is up, at first and after each reconnection; the connection counts ready after it. */
  setUp?(client: pg.Client): Promise<unknown>
  onReady?(): void
  /** The connection is gone; the next try is in retryInMs. */
  onLost?(error: unknown, retryInMs: number): void
  onNotification?(payload: string): void
}

export interface KeptPgConnection {
  /** The connection while it is ready; undefined while it is down or coming back. */
  ready(): pg.Client | undefined
  /** Gives the connection up and tries again after the backoff (for a query that failed on it). */
  drop(client: pg.Client, error: unknown): void
  close(): Promise<void>
}

export function keepPgConnection(databaseUrl: string, handlers: KeptPgConnectionHandlers = {}): KeptPgConnection {
  let client: pg.Client | undefined
  let ready = false
  let reconnectTimer: NodeJS.Timeout | undefined
  let failures = 0
  let closed = false

  const drop = (lostClient: pg.Client, error: unknown) => {
    if (client !== lostClient || closed) return
    client = undefined
    ready = false
    lostClient.end().catch(() => undefined)
    const retryInMs = pgConnectionReconnectDelaysMs[Math.min(failures, pgConnectionReconnectDelaysMs.length - 1)]!
    failures += 1
    handlers.onLost?.(error, retryInMs)
    reconnectTimer = setTimeout(connect, retryInMs)
  }
  const connect = () => {
    if (closed) return
    const next = new pg.Client({ connectionString: databaseUrl })
    client = next
    next.on('notification', (message) => handlers.onNotification?.(message.payload ?? ''))
    next.on('error', (error) => drop(next, error))
    next.on('end', () => drop(next, new Error('connection ended')))
    next
      .connect()
      .then(() => handlers.setUp?.(next))
      .then(() => {
        if (client !== next) return
        failures = 0
        ready = true
        handlers.onReady?.()
      })
      .catch((error: unknown) => drop(next, error))
  }
  connect()

  return {
    ready: () => (ready ? client : undefined),
    drop,
    async close() {
      closed = true
      ready = false
      clearTimeout(reconnectTimer)
      await client?.end().catch(() => undefined)
    },
  }
}

export interface PgChannelHandlers {
  onNotification(payload: string): void
  /** LISTEN is in place: at first, and again after each reconnection (what was sent in between was missed). */
  onListening?(): void
  /** The connection is gone; nothing is heard until onListening. */
  onLost?(error: unknown, retryInMs: number): void
}

export interface PgChannelListener {
  isListening(): boolean
  close(): Promise<void>
}

export function listenToPgChannel(
  databaseUrl: string,
  channel: string,
  handlers: PgChannelHandlers,
): PgChannelListener {
  const connection = keepPgConnection(databaseUrl, {
    setUp: (client) => client.query(`LISTEN ${channel}`),
    onReady: handlers.onListening,
    onLost: handlers.onLost,
    onNotification: handlers.onNotification,
  })
  return { isListening: () => connection.ready() !== undefined, close: connection.close }
}
