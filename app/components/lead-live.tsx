import { useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'

/**
 * Reloads the page's data every `intervalMs` while the tab is visible and nothing else is loading or submitting,
 * and at once when the tab becomes visible again, so the timeline and the workflow's upcoming steps stay live.
 */
export function useLiveRevalidation(intervalMs: number) {
  const revalidator = useRevalidator()
  const navigation = useNavigation()
  const busy = revalidator.state !== 'idle' || navigation.state !== 'idle'
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible' && !busy) revalidator.revalidate()
    }
    const timer = window.setInterval(refresh, intervalMs)
    document.addEventListener('visibilitychange', refresh)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('visibilitychange', refresh)
    }
  }, [intervalMs, busy, revalidator])
}
