import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, temporalUiWorkflowUrl } from './config'

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
