import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseKeeping } from './parse'

const schema = z
  .object({
    email: z.email({ message: 'must be a valid email address' }),
    phone: z
      .string()
      .regex(/^\+?[0-9 ]{7,20}$/, 'must be a phone number')
      .optional(),
    metadata: z
      .object({ device: z.enum(['mobile', 'desktop']).optional() })
      .strict()
      .optional(),
    tags: z.array(z.string().max(5)).optional(),
  })
  .strict()

describe('parseKeeping', () => {
  it('uses what fits and keeps, with the reason, what is unknown or does not fit', () => {
    const parsed = parseKeeping(
      schema,
      {
        email: 'a@b.example',
        phone: 'after 5pm',
        gclid: 'Cj0KCQ',
        metadata: { device: 'tablet', pageTitle: 'HVAC' },
        tags: ['ok', 'far too long', 'fine', 'also too long'],
      },
      'lead',
      ['email'],
    )
    expect(parsed).toEqual({
      ok: true,
      value: { email: 'a@b.example', metadata: {}, tags: ['ok', 'fine'] },
      kept: expect.arrayContaining([
        { field: 'gclid', value: 'Cj0KCQ', reason: 'is not a lead field' },
        { field: 'phone', value: 'after 5pm', reason: 'must be a phone number' },
        { field: 'metadata.pageTitle', value: 'HVAC', reason: 'is not a lead field' },
        { field: 'metadata.device', value: 'tablet', reason: expect.stringMatching(/mobile/) },
        { field: 'tags.1', value: 'far too long', reason: expect.any(String) },
        { field: 'tags.3', value: 'also too long', reason: expect.any(String) },
      ]),
    })
    expect(parsed.ok && parsed.kept).toHaveLength(6)
  })

  it('refuses only for the required fields, naming them', () => {
    expect(parseKeeping(schema, { email: 'nope', extra: 1 }, 'lead', ['email'])).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'must be a valid email address' }],
    })
    expect(parseKeeping(schema, { phone: '+1 555 0100' }, 'lead', ['email'])).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'is required' }],
    })
    expect(parseKeeping(schema, ['x'], 'lead', ['email'])).toMatchObject({ ok: false })
  })
})
