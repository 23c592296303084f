import { z } from 'zod'

/**
 * The JSON Schema (2020-12, which OpenAPI 3.1 uses as is) of what a zod schema accepts as input. Every request body
 * and query parameter in the OpenAPI document is made here from the schema its route parses with.
 */
export function openApiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
  return rest
}
