// The ingest bench's floor (decision 0084): the same capture as `POST /api/leads` (parse, insert, start, the same
// answer) behind Node's bare HTTP server, with no framework, middleware or API key. Its distance from the raw work
// is what the HTTP hop and a process of its own cost on the machine, before Express and our middleware add theirs.
import http from 'node:http'
import { loadConfigOrExit } from '../../lib/config'
import { createDatabase } from '../../lib/db'
import { createTemporalClient } from '../../lib/temporal'
import { parseLeadSubmission } from '../../domain/leads/lead-input'
import { captureLead } from '../../services/leads/capture-lead'
import { representLead } from '../../services/leads/lead-representation'

const config = loadConfigOrExit()
const dependencies = {
  db: createDatabase(config.DATABASE_URL),
  temporal: createTemporalClient(config),
  taskQueue: config.TEMPORAL_TASK_QUEUE,
}

function answer(response: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  response.end(text)
}

async function capture(request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const parsed = parseLeadSubmission(JSON.parse(Buffer.concat(chunks).toString('utf8')), {})
  if (!parsed.ok) return answer(response, 400, { errors: parsed.errors })
  const { lead, created } = await captureLead(dependencies, parsed.submission, {
    label: 'a lead submission',
    fields: parsed.kept,
  })
  answer(response, created ? 201 : 200, representLead(lead, config))
}

const server = http
  .createServer((request, response) => {
    capture(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }))
  })
  .listen(config.PORT, config.HOST, () => console.log(`Bare lead server listening on port ${config.PORT}`))

process.once('SIGTERM', () => {
  server.close()
  server.closeIdleConnections()
  void Promise.all([dependencies.temporal.connection.close(), dependencies.db.$disconnect()]).finally(() =>
    process.exit(0),
  )
})
