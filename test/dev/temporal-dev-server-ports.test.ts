import { describe, expect, it } from 'vitest'
import { retryingPortCollisions } from '../../dev/temporal-dev-server'

// What the dev server's log says when a port it picked was taken before it bound it (temporal CLI 1.x).
const collision = new Error(
  'The Temporal dev server did not answer on 127.0.0.1:40123 (it exited with code 1).\n' +
    'Last lines of temporal.log:\nunable to start server: listen tcp 127.0.0.1:41907: bind: address already in use',
)

/** A start that fails with each of `failures` in turn, then answers how many attempts it took. */
function startFailingWith(failures: Error[]) {
  let attempts = 0
  const start = async () => {
    attempts += 1
    const failure = failures[attempts - 1]
    if (failure) throw failure
    return attempts
  }
  return { start, attempts: () => attempts }
}

describe('starting the Temporal dev server when a port is taken meanwhile', () => {
  it('starts again after a port collision, and again after a second one', async () => {
    expect(await retryingPortCollisions(startFailingWith([collision]).start)).toBe(2)
    expect(await retryingPortCollisions(startFailingWith([collision, collision]).start)).toBe(3)
  })

  it('gives up after three collisions with the last error', async () => {
    const starts = startFailingWith([collision, collision, collision, collision])
    await expect(retryingPortCollisions(starts.start)).rejects.toThrow(/address already in use/)
    expect(starts.attempts()).toBe(3)
  })

  it('does not start again after any other failure', async () => {
    const starts = startFailingWith([new Error('Could not start temporal: ENOENT')])
    await expect(retryingPortCollisions(starts.start)).rejects.toThrow(/ENOENT/)
    expect(starts.attempts()).toBe(1)
  })
})
