import type { z } from 'zod'
import { emailReplySchema } from '../../domain/integrations/email-reply'
import { roiCalculationPostSchema } from '../../domain/integrations/roi-calculator'
import { voiceSessionPostSchema } from '../../domain/integrations/voice-agent'
import { guarded } from '../openapi-access'
import { problemResponse, unavailableResponse } from '../openapi-problem'
import { openApiSchema, pathParameters } from '../openapi-schema'

// The OpenAPI path items of the capture routes this directory serves, for api/openapi.ts to spread into its paths.

const error = problemResponse
const record = (description: string) => ({
  description,
  content: { 'application/json': { schema: { type: 'object' } } },
})

function jsonBody(schema: z.ZodType) {
  return { required: true, content: { 'application/json': { schema: openApiSchema(schema) } } }
}

const notToldYet = unavailableResponse(
  "The records are kept but the lead's workflow could not be told; posting the same again finishes it",
)

export function ingestionOpenApiPaths() {
  return {
    '/api/crm/voice-sessions': {
      post: guarded('leads', 'create', {
        operationId: 'capture-voice-session',
        summary:
          'A complete voice agent session (seed 002 §6.1, §6.3): matched to the contact or lead by email, or kept anonymous',
        requestBody: jsonBody(voiceSessionPostSchema),
        responses: {
          200: record('The session was known: updated, nothing duplicated'),
          201: record('The session is stored (and a lead captured when the email is new)'),
          400: error('Invalid or unknown fields, named one by one; nothing was kept'),
          503: notToldYet,
        },
      }),
    },
    '/api/crm/roi-calculations': {
      post: guarded('leads', 'create', {
        operationId: 'capture-roi-calculation',
        summary:
          "An ROI calculation (seed 002 §7.1): the CRM computes every figure from the inputs; the calculator's own are ignored",
        requestBody: jsonBody(roiCalculationPostSchema),
        responses: {
          200: record('The calculation (calculationId) was known: updated, nothing duplicated'),
          201: record('The calculation is stored (and a lead captured when the email is new)'),
          400: error('Invalid or unknown fields, named one by one; nothing was kept'),
          503: notToldYet,
        },
      }),
    },
    '/api/leads/{id}/replies': {
      post: guarded(
        'leads',
        'update',
        {
          operationId: 'record-email-reply',
          summary: 'The person answered an email (once per Message-ID): on the timeline, and nurture stops',
          parameters: pathParameters(['id']),
          requestBody: jsonBody(emailReplySchema),
          responses: {
            200: record('This Message-ID was recorded before: nothing changed'),
            201: record('The reply is recorded'),
            400: error('Invalid or unknown fields, named one by one; nothing was kept'),
            404: error('No such lead (or, for a Sales Rep, not theirs)'),
            503: notToldYet,
          },
        },
        'A Sales Rep may record replies on the leads assigned to them',
      ),
    },
  }
}
