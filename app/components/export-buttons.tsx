import { useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useHydrated } from './use-hydrated'
import { plural } from '../../domain/formatting/plural'

type Progress =
  | { state: 'idle' }
  | { state: 'running' | 'unknown'; format: string; total: number; written: number; since: number }
  | { state: 'done'; written: number }
  | { state: 'failed' }

const pollMs = 250
/** Below this an export is "a moment": no bar flashes up for a small list. */
const barAfterMs = 400
const pagingParams = ['page', 'perPage', 'cursor', 'direction', 'notice']

/**
 * "Export CSV" and "Export Excel" for the list on screen, with the filters its URL holds. The browser downloads the
 * streamed file itself; meanwhile the page polls /exports/progress for rows written of the counted total and shows
 * a progress bar once the export takes longer than a moment (decision 0038).
 */
export function ExportButtons({ list, label = 'Export' }: { list: string; label?: string }) {
  const location = useLocation()
  const [progress, setProgress] = useState<Progress>({ state: 'idle' })
  const timer = useRef<ReturnType<typeof setTimeout>>()
  useEffect(() => () => clearTimeout(timer.current), [])

  const start = (format: 'csv' | 'xlsx') => {
    const params = new URLSearchParams(location.search)
    for (const name of pagingParams) params.delete(name)
    const token = crypto.randomUUID()
    params.set('format', format)
    params.set('token', token)
    const link = document.createElement('a')
    link.href = `/exports/${list}?${params.toString()}`
    link.download = ''
    document.body.appendChild(link)
    link.click()
    link.remove()
    const since = Date.now()
    setProgress({ state: 'running', format, total: 0, written: 0, since })
    const poll = async () => {
      try {
        const response = await fetch(`/exports/progress?token=${token}`, { headers: { accept: 'application/json' } })
        const answer = (await response.json()) as { state: string; total: number; written: number }
        if (answer.state === 'done') {
          setProgress({ state: 'done', written: answer.written })
          timer.current = setTimeout(() => setProgress({ state: 'idle' }), 6000)
          return
        }
        if (answer.state === 'failed') {
          setProgress({ state: 'failed' })
          return
        }
        const state = answer.state === 'running' ? 'running' : 'unknown'
        setProgress({ state, format, total: answer.total, written: answer.written, since })
        // A download this process does not know of (another web process) is not followed past a minute.
        if (state === 'unknown' && Date.now() - since > 60_000) {
          setProgress({ state: 'idle' })
          return
        }
      } catch {
        // A missed poll is retried at the next tick.
      }
      timer.current = setTimeout(() => void poll(), pollMs)
    }
    timer.current = setTimeout(() => void poll(), pollMs)
  }

  // The buttons work only in the browser: until React runs they are shown disabled rather than ignoring a click.
  const hydrated = useHydrated()
  const busy = progress.state === 'running' || progress.state === 'unknown'
  return (
    <div className="export-buttons">
      <button type="button" className="secondary" disabled={!hydrated || busy} onClick={() => start('csv')}>
        {`${label} CSV`}
      </button>
      <button type="button" className="secondary" disabled={!hydrated || busy} onClick={() => start('xlsx')}>
        {`${label} Excel`}
      </button>
      <ExportStatus progress={progress} />
    </div>
  )
}

function ExportStatus({ progress }: { progress: Progress }) {
  const [, tick] = useState(0)
  const running = progress.state === 'running' || progress.state === 'unknown'
  useEffect(() => {
    if (!running) return
    const interval = setInterval(() => tick((value) => value + 1), 100)
    return () => clearInterval(interval)
  }, [running])
  if (progress.state === 'done') {
    return (
      <span className="export-progress" role="status">
        {`Exported ${progress.written.toLocaleString('en-US')} ${plural(progress.written, 'row')}.`}
      </span>
    )
  }
  if (progress.state === 'failed') {
    return (
      <span className="export-progress bad" role="alert">
        The export failed; try again.
      </span>
    )
  }
  if (!running || Date.now() - progress.since < barAfterMs) return null
  const known = progress.state === 'running' && progress.total > 0
  return (
    <span className="export-progress" role="status">
      <progress
        aria-label="Export progress"
        max={known ? progress.total : undefined}
        value={known ? progress.written : undefined}
      />
      {known
        ? `${progress.written.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')} rows`
        : 'Exporting…'}
    </span>
  )
}
