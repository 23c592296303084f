import type { Database } from '../../lib/db'
import { randomToken, sha256Hex } from '../../lib/tokens'
import { recordActions, resources, type RecordAction, type RecordResource } from '../../domain/access/permission-matrix'
import type { Actor } from './actor'

const recordResources = resources.filter(
  (resource): resource is RecordResource => resource !== 'analytics' && resource !== 'settings',
)

/** What an API key may be allowed to do: `<resource>:<action>` for record resources, plus webhooks-free reads. */
export const apiKeyScopes: string[] = recordResources.flatMap((resource) =>
  recordActions.map((action) => `${resource}:${action}`),
)

export function scopeFor(resource: RecordResource, action: RecordAction): string {
  return `${resource}:${action}`
}

const lastUsedWriteIntervalMs = 60_000

/** Creates a key; the plain key is returned once and never stored. */
export async function issueApiKey(
  db: Database,
  {
    name,
    scopes,
    createdById,
    key = `crm_${randomToken(32)}`,
  }: { name: string; scopes: string[]; createdById?: string; key?: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const unknown = scopes.filter((scope) => !apiKeyScopes.includes(scope))
  if (unknown.length > 0) throw new Error(`Unknown API key scopes: ${unknown.join(', ')}`)
  const prefix = key.slice(0, 12)
  const created = await db.apiKey.create({
    data: { name, prefix, keyHash: sha256Hex(key), scopes, createdById },
    select: { id: true },
  })
  return { id: created.id, key, prefix }
}

export type ApiKeyActor = Extract<Actor, { kind: 'api-key' }>

/** A key that may be used, as a request needs it. */
export interface UsableApiKey {
  actor: ApiKeyActor
  lastUsedAt: Date | null
}

/** The key with this hash, unless it does not exist or is revoked. */
export async function readUsableApiKey(db: Database, keyHash: string): Promise<UsableApiKey | null> {
  const apiKey = await db.apiKey.findUnique({
    where: { keyHash },
    select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
  })
  if (!apiKey || apiKey.revokedAt) return null
  return {
    actor: { kind: 'api-key', apiKeyId: apiKey.id, name: apiKey.name, scopes: apiKey.scopes },
    lastUsedAt: apiKey.lastUsedAt,
  }
}

/** Records that the key was used, at most once a minute: the admin page shows when, not how often. */
export async function noteApiKeyUse(db: Database, apiKey: UsableApiKey, now: Date): Promise<void> {
  if (apiKey.lastUsedAt && now.getTime() - apiKey.lastUsedAt.getTime() <= lastUsedWriteIntervalMs) return
  await db.apiKey.update({ where: { id: apiKey.actor.apiKeyId }, data: { lastUsedAt: now }, select: { id: true } })
  apiKey.lastUsedAt = now
}

/** Who presents this key, read from the database each time (the web process caches it: api-key-cache.ts). */
export async function resolveApiKey(db: Database, key: string, now = new Date()): Promise<ApiKeyActor | null> {
  const apiKey = await readUsableApiKey(db, sha256Hex(key))
  if (!apiKey) return null
  await noteApiKeyUse(db, apiKey, now)
  return apiKey.actor
}

/** BOOTSTRAP_API_KEY: a key for automation that exists from the first start, with every scope. */
export async function ensureBootstrapApiKey(db: Database, key: string): Promise<void> {
  const existing = await db.apiKey.findUnique({ where: { keyHash: sha256Hex(key) }, select: { id: true } })
  if (!existing) await issueApiKey(db, { name: 'Bootstrap (BOOTSTRAP_API_KEY)', scopes: apiKeyScopes, key })
}
