import { useEffect, useRef } from 'react'
import { useRevalidator } from '@remix-run/react'

/**
 * The cookie the browser's time zone is kept in, so "today", "this month" and the Reports page's periods are the
 * person's own from the first render on.
 */
export const zoneCookie = 'crm_tz'

/**
 * Tells the server the browser's zone when it rendered with another (UTC, before the browser has said) and loads
 * the page again. Once per page: a browser that keeps no cookie is shown UTC rather than reloaded for ever.
 */
export function useBrowserZone(serverZone: string) {
  const revalidator = useRevalidator()
  const sent = useRef(false)
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
    if (zone === serverZone || sent.current) return
    sent.current = true
    document.cookie = `${zoneCookie}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`
    revalidator.revalidate()
  }, [serverZone, revalidator])
}
