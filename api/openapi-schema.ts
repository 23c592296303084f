import { z } from 'zod'
import { leadSubmissionSchema } from '../domain/leads/lead-input'
import { roiCalculationPostSchema, roiCalculatorEventSchema } from '../domain/integrations/roi-calculator'
import { voiceAgentEventSchema, voiceSessionPostSchema } from '../domain/integrations/voice-agent'

/**
 * The schemas read with `parseKeeping`: a field beyond them is kept on the person's timeline, never refused, so no
 * landing-page change loses a lead. The document must say so rather than promise a 400.
 */
const schemasKeepingUnknownFields: ReadonlySet<z.ZodType> = new Set<z.ZodType>([
  leadSubmissionSchema,
  voiceSessionPostSchema,
  voiceAgentEventSchema,
  roiCalculationPostSchema,
  roiCalculatorEventSchema,
])

/**
 * The JSON Schema (2020-12, which OpenAPI 3.1 uses as is) of what a zod schema accepts as input. Every request body
 * and query parameter in the OpenAPI document is made here from the schema its route parses with.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  return schemasKeepingUnknownFields.has(schema) ? (allowingUnknownFields(rest) as Record<string, unknown>) : rest
}

function allowingUnknownFields(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowingUnknownFields)
  if (node === null || typeof node !== 'object') return node
  const entries = Object.entries(node).filter(([key, value]) => !(key === 'additionalProperties' && value === false))
  return Object.fromEntries(entries.map(([key, value]) => [key, allowingUnknownFields(value)]))
}

/** Path parameters, each a required string. */
export const pathParameters = (names: string[]) =>
  names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
