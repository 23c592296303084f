import type { Database } from '../../lib/db'
import { listenToPgChannel } from '../../lib/pg-channel'
import { sha256Hex } from '../../lib/tokens'
import { noteApiKeyUse, readUsableApiKey, resolveApiKey, type ApiKeyActor, type UsableApiKey } from './api-keys'

// The web process resolves an API key from memory after its first use, which takes one SQL round trip off every
// machine request (decision 0061). The promise of the admin page, "requests with it are refused from now on", holds
// because every change to a key that matters to authentication (revoked, deleted, renamed, rescoped) is announced by
// a trigger (migration 20261206010000_api_key_changes) to every web process listening, and a process that is not
// listening — connecting, or its connection cut — reads the database on every request as if it had no cache.

export const apiKeyChangesChannel = 'crm_api_key_changed'

/** Enough for every key an organisation issues; beyond it the oldest entry makes room. */
const maxCachedKeys = 10_000

export interface ApiKeyResolver {
  resolve(key: string, now?: Date): Promise<ApiKeyActor | null>
  /** This process changed the key: its next request is read from the database, whatever the notification's pace. */
  forget(apiKeyId: string): void
  close(): Promise<void>
}

/** Reads the database on every request: for processes that hold no listener (tests, scripts). */
export function uncachedApiKeyResolver(db: Database): ApiKeyResolver {
  return { resolve: (key, now) => resolveApiKey(db, key, now), forget: () => undefined, close: async () => undefined }
}

export function cachedApiKeyResolver(db: Database, databaseUrl: string): ApiKeyResolver {
  const byKeyHash = new Map<string, UsableApiKey>()
  // Bumped by every change heard: a read that began before a change must not cache what it read.
  let generation = 0
  const forgetEverything = () => {
    generation += 1
    byKeyHash.clear()
  }
  const forget = (apiKeyId: string) => {
    generation += 1
    for (const [keyHash, apiKey] of byKeyHash) if (apiKey.actor.apiKeyId === apiKeyId) byKeyHash.delete(keyHash)
  }
  const changes = listenToPgChannel(databaseUrl, apiKeyChangesChannel, {
    onNotification: forget,
    onListening: forgetEverything,
    onLost: forgetEverything,
  })

  return {
    async resolve(key, now = new Date()) {
      const keyHash = sha256Hex(key)
      const readAt = generation
      const apiKey = (changes.isListening() && byKeyHash.get(keyHash)) || (await readUsableApiKey(db, keyHash))
      if (!apiKey) return null
      await noteApiKeyUse(db, apiKey, now)
      if (changes.isListening() && generation === readAt && !byKeyHash.has(keyHash)) {
        if (byKeyHash.size >= maxCachedKeys) byKeyHash.delete(byKeyHash.keys().next().value!)
        byKeyHash.set(keyHash, apiKey)
      }
      return apiKey.actor
    },
    forget,
    close: () => changes.close(),
  }
}
