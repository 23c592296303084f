import { Form, useFetcher, useNavigate } from '@remix-run/react'
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { SearchPageData } from '../search.server'

const minLength = 2
const debounceMs = 150

/**
 * The header's search box: results as you type (a few per kind, from /search?suggest=1), arrow keys to move, Enter
 * to open the highlighted record or, with none highlighted, the full results page; Escape closes. Without
 * JavaScript it is a plain GET form to /search.
 */
export function GlobalSearch() {
  const fetcher = useFetcher<SearchPageData>()
  const navigate = useNavigate()
  const listId = useId()
  const [q, setQ] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const boxRef = useRef<HTMLDivElement>(null)
  // fetcher.load changes identity as the fetcher's state does: calling it from an effect that depends on it would
  // load again on every answer (and cancel the answer in flight).
  const load = useRef(fetcher.load)
  load.current = fetcher.load

  useEffect(() => {
    const text = q.trim()
    if (text.length < minLength) return
    const timer = setTimeout(() => load.current(`/search?suggest=1&q=${encodeURIComponent(text)}`), debounceMs)
    return () => clearTimeout(timer)
  }, [q])

  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (!boxRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [])

  const answer = q.trim().length >= minLength ? fetcher.data?.answer : null
  const groups = (answer?.groups ?? []).filter((group) => group.hits.length > 0)
  const hits = groups.flatMap((group) => group.hits)
  const showing = open && q.trim().length >= minLength && fetcher.data !== undefined
  const optionId = (index: number) => `${listId}-option-${index}`

  const go = (href: string) => {
    setOpen(false)
    setActive(-1)
    navigate(href)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      if (hits.length === 0) return
      // -1 is the input itself: moving past either end comes back to it.
      const last = hits.length - 1
      setActive((current) =>
        event.key === 'ArrowDown' ? (current >= last ? -1 : current + 1) : current <= -1 ? last : current - 1,
      )
    } else if (event.key === 'Enter') {
      const hit = showing ? hits[active] : undefined
      if (hit) {
        event.preventDefault()
        go(hit.href)
      } else setOpen(false)
    } else if (event.key === 'Escape') {
      setOpen(false)
      setActive(-1)
    }
  }

  let index = -1
  return (
    <div className="global-search" ref={boxRef}>
      <Form method="get" action="/search" role="search" onSubmit={() => setOpen(false)}>
        <input
          type="search"
          name="q"
          value={q}
          placeholder="Search leads, companies, contacts, deals…"
          aria-label="Search"
          autoComplete="off"
          maxLength={100}
          role="combobox"
          aria-expanded={showing}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showing && active >= 0 && active < hits.length ? optionId(active) : undefined}
          onChange={(event) => {
            setQ(event.target.value)
            setOpen(true)
            setActive(-1)
          }}
          onFocus={() => setOpen(true)}
          onKeyDown={onKeyDown}
        />
      </Form>
      {showing ? (
        <div className="search-results" id={listId} role="listbox" aria-label="Search results">
          {groups.length === 0 ? (
            <p className="search-empty">{fetcher.data?.error ?? `Nothing found for “${q.trim()}”.`}</p>
          ) : (
            groups.map((group) => (
              <div key={group.kind} role="group" aria-label={group.label}>
                <p className="search-kind">{group.label}</p>
                {group.hits.map((hit) => {
                  index += 1
                  const position = index
                  return (
                    <a
                      key={hit.id}
                      id={optionId(position)}
                      href={hit.href}
                      role="option"
                      aria-selected={position === active}
                      className={position === active ? 'search-hit highlighted' : 'search-hit'}
                      onMouseEnter={() => setActive(position)}
                      onClick={(event) => {
                        event.preventDefault()
                        go(hit.href)
                      }}
                    >
                      <span className="search-title">{hit.title || '(no name)'}</span>
                      <span className="search-detail">{hit.detail}</span>
                    </a>
                  )
                })}
              </div>
            ))
          )}
          <a
            className="search-all"
            href={`/search?q=${encodeURIComponent(q.trim())}`}
            onClick={(event) => {
              event.preventDefault()
              go(`/search?q=${encodeURIComponent(q.trim())}`)
            }}
          >
            All results for “{q.trim()}” ↵
          </a>
        </div>
      ) : null}
    </div>
  )
}
