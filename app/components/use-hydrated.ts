import { useEffect, useState } from 'react'

/** False while the page is server-rendered HTML only; true once React runs in the browser. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}
