/**
 * The V8 heap limit a worker runs with, passed as a Node flag by every launcher (`npm start`, `npm run worker`,
 * docker-compose.yml, the benches). It bounds each isolate: the main thread's (~110 MiB used) and the workflow
 * thread's, where the cached workflows live. V8 collects that thread lazily: without a limit, the garbage of evicted
 * workflows kept a worker at 0.9–1.3 GiB resident once open workflows outnumbered its cache; with this one the
 * worker levels off under 1 GiB. 160 MiB was too little for 1,000 cached lead workflows (the thread ran out of
 * heap); see bench/results/worker-memory-open.md and decision 0059.
 */
export const workerHeapLimitMiB = 384

export const workerNodeFlags = [`--max-old-space-size=${workerHeapLimitMiB}`]

/** Why a worker whose heap limit is far above its own should be started with `workerNodeFlags`, if it is. */
export function heapLimitWarning(heapLimitMiB: number): string | undefined {
  if (heapLimitMiB <= workerHeapLimitMiB * 1.5) return undefined
  return `The worker runs with a ${heapLimitMiB} MiB heap limit, not ${workerHeapLimitMiB} MiB: start it with ${workerNodeFlags.join(' ')} (as npm start does), or its memory grows past 1 GiB once open workflows outnumber its cache.`
}
