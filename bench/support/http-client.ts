import http from 'node:http'

/**
 * A lean HTTP/1.1 client with kept-alive connections, for benches that measure a server's request path. Node's
 * fetch spent ~0.5 ms more CPU per request than this on the same cores (decision 0062): the bench process's cost,
 * not the server's, and at 1 in flight it adds to every request's time.
 */
export function keepAliveClient(baseUrl: string, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets })
  const { hostname, port } = new URL(baseUrl)
  return {
    /** POSTs a JSON body; resolves with the status once the whole answer has been read. */
    postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
      const payload = JSON.stringify(body)
      return new Promise<number>((resolve, reject) => {
        const request = http.request(
          {
            hostname,
            port,
            path,
            method: 'POST',
            agent,
            headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          },
          (response) => {
            response.on('error', reject)
            response.on('end', () => resolve(response.statusCode ?? 0))
            response.resume()
          },
        )
        request.on('error', reject)
        request.end(payload)
      })
    },
    close: () => agent.destroy(),
  }
}
