import net from 'node:net'

/**
 * A TCP relay in front of a real server (PostgreSQL), for outages seen from one client: `cut()` drops every
 * open connection and refuses new ones, as a stopped or unreachable server does, until `restore()`.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>()
  let down = false
  const server = net.createServer((client) => {
    if (down) {
      client.destroy()
      return
    }
    const upstream = net.connect(target.port, target.host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
      socket.on('error', () => undefined)
    }
    client.pipe(upstream).pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('TCP proxy did not get a port')
  return {
    port: address.port,
    /** The same URL, reaching the server through this relay. */
    via(url: string): string {
      const relayed = new URL(url)
      relayed.hostname = '127.0.0.1'
      relayed.port = String(address.port)
      return relayed.toString()
    },
    cut() {
      down = true
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      down = false
    },
    close(): Promise<void> {
      down = true
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>
