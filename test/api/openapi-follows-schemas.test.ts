import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'

// The document is made from the schemas themselves: change a schema the routes parse with, and the document
// changes with it, with no edit to the document's code.

type Body = { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> }
const bodyOf = (document: { paths: unknown }, path: string, contentType = 'application/json') =>
  (document.paths as Record<string, { post: { requestBody: Body } }>)[path]!.post.requestBody.content[contentType]!
    .schema

describe('the OpenAPI document follows the schemas', () => {
  it('shows a field added to the lead submission schema, required and typed as the schema says', async () => {
    vi.resetModules()
    vi.doMock('../../domain/leads/lead-input', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../domain/leads/lead-input')>()
      return {
        ...actual,
        leadSubmissionSchema: actual.leadSubmissionSchema.extend({ fleetSize: z.number().int().min(1) }).required({
          fleetSize: true,
        }),
      }
    })
    const { openApiDocument } = await import('../../api/openapi')
    const document = openApiDocument({ APP_BASE_URL: 'http://crm.test' })
    for (const path of ['/api/leads', '/api/crm/leads']) {
      expect(bodyOf(document, path).properties?.fleetSize).toEqual({
        type: 'integer',
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
      })
      expect(bodyOf(document, path).required).toContain('fleetSize')
    }
    vi.doUnmock('../../domain/leads/lead-input')
  })

  it('shows a field added to the voice agent event schema in the webhook body', async () => {
    vi.resetModules()
    vi.doMock('../../domain/integrations/voice-agent', async (importOriginal) => {
      const actual = await importOriginal<typeof import('../../domain/integrations/voice-agent')>()
      return { ...actual, voiceAgentEventSchema: z.object({ id: z.string(), agentVersion: z.string() }) }
    })
    const { openApiDocument } = await import('../../api/openapi')
    const document = openApiDocument({ APP_BASE_URL: 'http://crm.test' })
    expect(bodyOf(document, '/api/webhooks/voice-agent')).toMatchObject({
      properties: { agentVersion: { type: 'string' } },
      required: ['id', 'agentVersion'],
    })
    vi.doUnmock('../../domain/integrations/voice-agent')
  })
})
