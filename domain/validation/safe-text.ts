import { z } from 'zod'
import type { FieldError } from './field-errors'

// What the CRM accepts as text, anywhere a request puts text (a field, a key, a value kept aside, a webhook payload):
// PostgreSQL stores neither a NUL character (text and jsonb refuse it) nor a lone UTF-16 surrogate (text silently
// becomes U+FFFD, jsonb refuses it), so such text is refused at the door, naming the field, before anything is written.

/** Deeper than this, a JSON body is refused: no form or integration nests so far, and jsonb and zod recurse. */
export const maxJsonDepth = 32

/** Why `text` cannot be stored, or undefined when it can. */
export function unsafeTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character (U+0000)'
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) {
    return 'must not contain a lone surrogate (text that is not valid Unicode)'
  }
  return undefined
}

export const isSafeText = (text: string): boolean => unsafeTextReason(text) === undefined

/** Text as it can be stored and shown: NUL and lone surrogates written out as `\u0000`, `\ud800`. */
export function escapeUnsafeText(text: string): string {
  if (isSafeText(text)) return text
  let escaped = ''
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    const next = text.charCodeAt(index + 1)
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      escaped += text[index]! + text[index + 1]!
      index += 1
    } else if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) {
      escaped += `\\u${code.toString(16).padStart(4, '0')}`
    } else escaped += text[index]!
  }
  return escaped
}

/** A zod string that refuses unsafe text with the reason; chain `.trim()`, `.min()`, … after it. */
export const safeString = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).superRefine((value, context) => {
    const reason = unsafeTextReason(value)
    if (reason) context.addIssue({ code: 'custom', message: reason })
  })

/**
 * Every place in a parsed JSON body that cannot be stored: unsafe text in a value or a key, and nesting deeper than
 * `maxJsonDepth`, each named by its path (`messages.3.content`; an unsafe key is written escaped). Walks without
 * recursion, so a body nested a million levels deep is named, not a stack overflow. At most `limit` are named.
 */
export function unsafeJsonFields(body: unknown, limit = 20): FieldError[] {
  const problems: FieldError[] = []
  const pending: ({ value: unknown; path: string[] } | FieldError)[] = [{ value: body, path: [] }]
  const fieldOf = (path: string[]) => (path.length === 0 ? '(body)' : path.join('.'))
  while (pending.length > 0 && problems.length < limit) {
    const next = pending.pop()!
    if ('field' in next) {
      problems.push(next)
      continue
    }
    const { value, path } = next
    if (typeof value === 'string') {
      const reason = unsafeTextReason(value)
      if (reason) problems.push({ field: fieldOf(path), message: reason })
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (path.length >= maxJsonDepth) {
      problems.push({ field: fieldOf(path), message: `is nested more than ${maxJsonDepth} levels deep` })
      continue
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value)
    // Pushed in reverse so fields are named in the order they were sent.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, item] = entries[index]!
      const keyReason = unsafeTextReason(key)
      pending.push(
        keyReason
          ? { field: fieldOf([...path, escapeUnsafeText(key)]), message: `is a field name that ${keyReason}` }
          : { value: item, path: [...path, key] },
      )
    }
  }
  return problems
}

/**
 * A JSON value that can be stored in a jsonb column whatever it held: unsafe text escaped, and anything nested
 * deeper than `maxJsonDepth` replaced by a note. For a record of what an authentic sender sent that cannot be used.
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return escapeUnsafeText(value)
  if (typeof value !== 'object' || value === null) return value
  if (depth >= maxJsonDepth) return `(nested more than ${maxJsonDepth} levels deep: not kept)`
  if (Array.isArray(value)) return value.map((item) => storableJson(item, depth + 1))
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [escapeUnsafeText(key), storableJson(item, depth + 1)]),
  )
}
