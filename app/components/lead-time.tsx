import { useEffect, useState } from 'react'

/** A moment in a named IANA timezone, e.g. "Tue, Nov 24, 9:00 AM CST". */
export function formatInZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: 'numeric',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }).format(new Date(iso))
  } catch {
    return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  }
}

/**
 * A moment in the viewer's own timezone. The server does not know it, so the first render (server and hydration)
 * says UTC and the browser then rewrites it in its own zone.
 */
export function ViewerTime({ iso }: { iso: string }) {
  const [zone, setZone] = useState('UTC')
  useEffect(() => {
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  }, [])
  return (
    <time dateTime={iso} data-zone={zone}>
      {formatInZone(iso, zone)}
    </time>
  )
}

/** "in 3 h", "2 d ago": how far a moment is from now, for due steps. */
export function relativeToNow(iso: string, now: number): string {
  const minutes = Math.round((new Date(iso).getTime() - now) / 60_000)
  const size = Math.abs(minutes)
  const text =
    size < 60 ? `${size} min` : size < 48 * 60 ? `${Math.round(size / 60)} h` : `${Math.round(size / (24 * 60))} d`
  if (size === 0) return 'now'
  return minutes > 0 ? `in ${text}` : `${text} ago`
}
