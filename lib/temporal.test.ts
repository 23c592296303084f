import { Connection, type ConnectionOptions } from '@temporalio/client'
import { expect, it } from 'vitest'
import { retryWithinDeadline } from './temporal'

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

it('retries an unreachable Temporal until the call deadline and never after it, so closing the connection then is safe', async () => {
  let attempts = 0
  // Inside the retry interceptor, so every retry passes it.
  const countAttempts: GrpcInterceptor = (options, nextCall) => {
    attempts += 1
    return nextCall(options) as ReturnType<GrpcInterceptor>
  }
  // Port 1: nothing listens, so every attempt fails UNAVAILABLE, which the SDK retries.
  const connection = Connection.lazy({
    address: '127.0.0.1:1',
    connectTimeout: '5 seconds',
    interceptors: [retryWithinDeadline(), countAttempts],
  })
  const deadlineMs = 1_000
  const settled = connection
    .withDeadline(Date.now() + deadlineMs, () => connection.workflowService.getSystemInfo({}))
    .then(
      () => 'answered',
      () => 'refused',
    )
  // As the web process does when its own timer answers 503 and then shuts down: stop waiting at the deadline.
  await sleep(deadlineMs)
  const atTheDeadline = attempts
  await connection.close()
  // The SDK's default interceptor still had an attempt scheduled up to 5 s later; it ran on the closed channel
  // and threw an uncaught "Channel has been shut down".
  await sleep(5_000)

  expect(atTheDeadline).toBeGreaterThan(1)
  expect(attempts).toBe(atTheDeadline)
  expect(await settled).toBe('refused')
}, 15_000)
