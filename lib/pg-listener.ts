import pg from 'pg'

// One PostgreSQL connection that LISTENs on a channel and comes back after it is cut, for what one process must hear
// from another (the web process's requests, API key changes). PostgreSQL delivers a notification only to the
// connections listening when it is committed, so whoever uses it must treat a lost connection as "may have missed
// some": onLost and onListening say when.

export const pgListenerReconnectDelaysMs = [1_000, 2_000, 5_000, 10_000, 30_000]

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
  let client: pg.Client | undefined
  let listening = false
  let reconnectTimer: NodeJS.Timeout | undefined
  let failures = 0
  let closed = false

  const lost = (lostClient: pg.Client, error: unknown) => {
    if (client !== lostClient || closed) return
    client = undefined
    listening = false
    lostClient.end().catch(() => undefined)
    const retryInMs = pgListenerReconnectDelaysMs[Math.min(failures, pgListenerReconnectDelaysMs.length - 1)]!
    failures += 1
    handlers.onLost?.(error, retryInMs)
    reconnectTimer = setTimeout(connect, retryInMs)
  }
  const connect = () => {
    if (closed) return
    const next = new pg.Client({ connectionString: databaseUrl })
    client = next
    next.on('notification', (message) => handlers.onNotification(message.payload ?? ''))
    next.on('error', (error) => lost(next, error))
    next.on('end', () => lost(next, new Error('connection ended')))
    next
      .connect()
      .then(() => next.query(`LISTEN ${channel}`))
      .then(() => {
        if (client !== next) return
        failures = 0
        listening = true
        handlers.onListening?.()
      })
      .catch((error: unknown) => lost(next, error))
  }
  connect()

  return {
    isListening: () => listening,
    async close() {
      closed = true
      listening = false
      clearTimeout(reconnectTimer)
      await client?.end().catch(() => undefined)
    },
  }
}
