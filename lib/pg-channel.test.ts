import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { keepPgConnection, pgConnectionReconnectDelaysMs, type KeptPgConnection } from './pg-channel'
import { webBusyAnnouncer, webBusyAnnounceIntervalMs, type WebBusyAnnouncer } from './web-busy'

// While PostgreSQL refuses every connection, a kept connection tries again on its backoff, not at each use: a busy
// web process announces five times a second and must not open five connections a second to a database that is down.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A server that accepts TCP connections and cuts each at once, as PostgreSQL does while it shuts down. */
async function refusingServer() {
  const accepted: number[] = []
  const server = net.createServer((socket) => {
    accepted.push(Date.now())
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `postgresql://crm:crm@127.0.0.1:${port}/crm`,
    /** Milliseconds between one connection and the next. */
    gaps: () => accepted.slice(1).map((at, index) => at - accepted[index]!),
    accepted: () => accepted.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let server: Awaited<ReturnType<typeof refusingServer>> | undefined
let open: Array<KeptPgConnection | WebBusyAnnouncer> = []
afterEach(async () => {
  await Promise.all(open.map((connection) => connection.close()))
  open = []
  await server?.close()
})

describe('a kept PostgreSQL connection while PostgreSQL is down', () => {
  it('tries again after 1 s, then 2 s, and reports each loss', async () => {
    server = await refusingServer()
    const lost: number[] = []
    open.push(keepPgConnection(server.url, { onLost: (_error, retryInMs) => lost.push(retryInMs) }))
    await expect.poll(() => lost.length, { timeout: 10_000, interval: 100 }).toBe(3)
    expect(lost).toEqual(pgConnectionReconnectDelaysMs.slice(0, 3))
    expect(server.accepted()).toBe(3)
    const [first, second] = server.gaps()
    expect(first).toBeGreaterThanOrEqual(pgConnectionReconnectDelaysMs[0]! - 50)
    expect(second).toBeGreaterThanOrEqual(pgConnectionReconnectDelaysMs[1]! - 50)
  })

  it('is not tried again by each announcement of a busy web process', async () => {
    server = await refusingServer()
    const announcer = webBusyAnnouncer(server.url)
    open.push(announcer)
    const announcements = Math.floor(2_500 / webBusyAnnounceIntervalMs)
    for (let sent = 0; sent < announcements; sent++) {
      announcer.announce()
      await sleep(webBusyAnnounceIntervalMs + 10)
    }
    expect(server.accepted()).toBeGreaterThan(1)
    for (const gap of server.gaps()) expect(gap).toBeGreaterThanOrEqual(pgConnectionReconnectDelaysMs[0]! - 50)
  })
})
