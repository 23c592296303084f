import { describe, expect, it } from 'vitest'
import { ConfigError, developmentUnsubscribeSecret, loadConfig, temporalUiWorkflowUrl } from './config'

const valid = { DATABASE_URL: 'postgresql://crm:secret@localhost:5432/durable_crm' }

describe('loadConfig', () => {
  it('fills the embedded defaults around the one required variable', () => {
    expect(loadConfig(valid)).toMatchObject({
      PORT: 3000,
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'durable-crm',
      SMTP_URL: 'smtp://localhost:1025',
    })
  })

  it('names a missing DATABASE_URL', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL: is required but not set/)
  })

  it('names every invalid variable at once', () => {
    try {
      loadConfig({ ...valid, PORT: 'eighty', SMTP_URL: 'http://mail', TEMPORAL_ADDRESS: 'temporal' })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).issues.map((issue) => issue.variable).sort()).toEqual([
        'PORT',
        'SMTP_URL',
        'TEMPORAL_ADDRESS',
      ])
    }
  })

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...valid, PORT: '' }).PORT).toBe(3000)
  })
})

describe('temporalUiWorkflowUrl', () => {
  it('deep-links to the latest run of a workflow', () => {
    expect(
      temporalUiWorkflowUrl({ TEMPORAL_UI_URL: 'http://localhost:8233/', TEMPORAL_NAMESPACE: 'crm prod' }, 'lead-abc'),
    ).toBe('http://localhost:8233/namespaces/crm%20prod/workflows/lead-abc')
  })
})

describe('email link settings', () => {
  it('default the booking and ROI calculator links, and a development unsubscribe secret outside production', () => {
    const config = loadConfig(valid)
    expect(config.BOOKING_URL).toBe('https://cal.com/durable-crm/discovery')
    expect(config.ROI_CALCULATOR_URL).toBe('http://localhost:3000/roi-calculator')
    expect(config.UNSUBSCRIBE_SECRET).toBe(developmentUnsubscribeSecret)
    expect(config.UNSUBSCRIBE_SECRET.length).toBeGreaterThanOrEqual(32)
  })

  it('requires an unsubscribe secret of 32 or more characters in production', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production' })).toThrow(
      /UNSUBSCRIBE_SECRET: is required in production/,
    )
    expect(() => loadConfig({ ...valid, UNSUBSCRIBE_SECRET: 'too-short' })).toThrow(
      /UNSUBSCRIBE_SECRET: must be at least 32 characters/,
    )
    const secret = 'a-production-secret-of-enough-length-0123'
    expect(loadConfig({ ...valid, NODE_ENV: 'production', UNSUBSCRIBE_SECRET: secret }).UNSUBSCRIBE_SECRET).toBe(secret)
  })

  it('names a booking or calculator link that is not a URL', () => {
    expect(() => loadConfig({ ...valid, BOOKING_URL: 'cal.com/me', ROI_CALCULATOR_URL: 'nope' })).toThrow(
      /BOOKING_URL[\s\S]*ROI_CALCULATOR_URL/,
    )
  })
})
