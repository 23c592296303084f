import http from 'node:http'

export interface KeepAliveAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/**
 * A lean HTTP/1.1 client with kept-alive connections, for benches and tests that send many requests to one server.
 * Node's fetch spent ~0.5 ms more CPU per request than this on the same cores (decision 0062), and in a test that
 * serves its own requests that CPU is taken from the server.
 */
export function keepAliveClient(baseUrl: string, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets })
  const { hostname, port } = new URL(baseUrl)

  /** Sends one request; resolves once the whole answer has been read. A reset connection rejects with its `code`. */
  function request(
    method: string,
    path: string,
    { body, headers = {} }: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<KeepAliveAnswer> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          hostname,
          port,
          path,
          method,
          agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', reject)
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          )
        },
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }

  return {
    request,
    /** POSTs a JSON body; resolves with the status once the whole answer has been read. */
    async postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
      const answer = await request('POST', path, {
        body: JSON.stringify(body),
        headers: { ...headers, 'content-type': 'application/json' },
      })
      return answer.status
    },
    close: () => agent.destroy(),
  }
}
