import { describe, expect, it } from 'vitest'
import { webhookRetryAt } from './webhook-retry'

const failedAt = new Date('2026-12-03T10:00:00.000Z')
const minutesLater = (minutes: number) => new Date(failedAt.getTime() + minutes * 60_000)

describe('webhookRetryAt', () => {
  it('waits a minute after the first failure, then doubles the wait', () => {
    expect(webhookRetryAt(1, failedAt)).toEqual(minutesLater(1))
    expect(webhookRetryAt(2, failedAt)).toEqual(minutesLater(2))
    expect(webhookRetryAt(3, failedAt)).toEqual(minutesLater(4))
    expect(webhookRetryAt(6, failedAt)).toEqual(minutesLater(32))
  })

  it('never waits more than an hour', () => {
    expect(webhookRetryAt(7, failedAt)).toEqual(minutesLater(60))
    expect(webhookRetryAt(11, failedAt)).toEqual(minutesLater(60))
  })

  it('gives up after the twelfth attempt: 1+2+4+8+16+32 minutes, then five hours, about six hours in all', () => {
    expect(webhookRetryAt(12, failedAt)).toBeNull()
    expect(webhookRetryAt(40, failedAt)).toBeNull()
  })
})
