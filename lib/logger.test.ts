import { describe, expect, it } from 'vitest'
import { forwardTemporalLog } from '../workers/runtime-logging'
import { createLogger, levelFromEnvironment, messageFirst } from './logger'

/** A logger writing into an array, and the lines it wrote as parsed JSON. */
function capturingLogger() {
  const lines: string[] = []
  const logger = messageFirst(
    createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } }),
  )
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) }
}

const runId = '0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b'

describe('the logger', () => {
  it('writes one JSON object per line: ISO time, level name, message, fields', () => {
    const { logger, lines, parsed } = capturingLogger()
    logger.info('Lead captured', { leadId: 'lead_1' })
    expect(lines[0]!.endsWith('\n')).toBe(true)
    expect(parsed()[0]).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      message: 'Lead captured',
      leadId: 'lead_1',
    })
  })

  it('censors secret and personal fields at the top level and four objects deep', () => {
    const { logger, parsed } = capturingLogger()
    logger.warn('Refused', {
      email: 'rosa@northwind.example',
      phone: '+1 555 010 1234',
      user: { firstName: 'Rosa', lastName: 'Diaz', password: 'hunter22hunter', role: 'ADMIN' },
      request: { headers: { authorization: 'Bearer abc', cookie: 'crm_session=x', 'x-api-key': 'k' } },
      a: { b: { c: { d: { token: 't0k3n', apiKey: 'crm_0123456789', secret: 's', leadId: 'lead_2' } } } },
    })
    expect(parsed()[0]).toMatchObject({
      email: '[redacted]',
      phone: '[redacted]',
      user: { firstName: '[redacted]', lastName: '[redacted]', password: '[redacted]', role: 'ADMIN' },
      request: { headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' } },
      a: { b: { c: { d: { token: '[redacted]', apiKey: '[redacted]', secret: '[redacted]', leadId: 'lead_2' } } } },
    })
  })

  it('leaves IP addresses, ports, ISO timestamps and Temporal run ids as they are, in the message and in fields', () => {
    const { logger, lines } = capturingLogger()
    const message = `Worker polling task queue "crm" on 127.0.0.1:7233 since 2026-12-01T23:22:14.123Z (run ${runId})`
    logger.info(message, { address4: '10.1.2.3', startedAt: '2026-12-01T23:22:14+01:00', runId })
    expect(lines[0]).toContain(
      'on 127.0.0.1:7233 since 2026-12-01T23:22:14.123Z (run 0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b)',
    )
    expect(JSON.parse(lines[0]!)).toMatchObject({ startedAt: '2026-12-01T23:22:14+01:00', runId })
    expect(lines[0]).not.toContain('[phone]')
  })

  it('keeps an error readable while masking the address, phone number and passwords its driver quoted', () => {
    const { logger, parsed } = capturingLogger()
    const error = Object.assign(
      new Error(
        "550 <ana@x.io> unknown at 10.0.0.7:25; The 'To' number +1 555 867 5309 is not valid; postgresql://crm:s3cret@db:5432/crm",
      ),
      { code: 'EENVELOPE', meta: { email: 'ana@x.io' } },
    )
    logger.error('Sending failed', { error })
    const line = parsed()[0] as { error: Record<string, unknown> }
    expect(line.error).toMatchObject({
      type: 'Error',
      code: 'EENVELOPE',
      message:
        "550 <[email]> unknown at 10.0.0.7:25; The 'To' number [phone] is not valid; postgresql://crm:[redacted]@db:5432/crm",
      meta: { email: '[redacted]' },
    })
    expect(JSON.stringify(line)).not.toMatch(/ana@|867|s3cret/)
  })
})

describe("the Temporal SDK's logs", () => {
  it('arrive with their workflow id and run id intact and their personal fields censored', () => {
    const { logger, parsed } = capturingLogger()
    forwardTemporalLog(
      {
        level: 'WARN',
        message: 'Activity failed',
        meta: {
          workflowId: 'lead-42',
          runId,
          activityType: 'sendEmail',
          error: new Error('550 <rosa@northwind.example> mailbox unavailable'),
          to: 'rosa@northwind.example',
        },
      },
      logger,
    )
    expect(parsed()[0]).toMatchObject({
      level: 'warn',
      message: 'Activity failed',
      workflowId: 'lead-42',
      runId,
      to: '[redacted]',
      error: { message: '550 <[email]> mailbox unavailable' },
    })
  })
})

describe('LOG_LEVEL', () => {
  it.each([
    ['debug', 'debug'],
    ['WARN', 'warn'],
    [' error ', 'error'],
    ['verbose', 'info'],
    [undefined, 'info'],
  ])('%j gives %s', (value, level) => {
    expect(levelFromEnvironment(value)).toBe(level)
  })
})
