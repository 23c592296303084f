import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { heapLimitWarning, workerHeapLimitMiB, workerNodeFlags } from './worker-heap'

describe('the worker heap limit', () => {
  it('is what `npm run worker` starts the worker with', () => {
    const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(scripts.worker).toBe('node --max-old-space-size=384 --import tsx workers/main.ts')
    expect(workerNodeFlags).toEqual(['--max-old-space-size=384'])
  })

  it('warns a worker started with V8 default heap, not one started with the flag', () => {
    // V8 reports a little more than the flag (the young generation): 384 MiB of old space read as ~432 MiB.
    expect(heapLimitWarning(432)).toBeUndefined()
    expect(heapLimitWarning(workerHeapLimitMiB)).toBeUndefined()
    expect(heapLimitWarning(4144)).toMatch(/4144 MiB heap limit, not 384 MiB: start it with --max-old-space-size=384/)
  })
})
