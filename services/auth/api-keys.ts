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

export async function resolveApiKey(
  db: Database,
  key: string,
  now = new Date(),
): Promise<Extract<Actor, { kind: 'api-key' }> | null> {
  const apiKey = await db.apiKey.findUnique({
    where: { keyHash: sha256Hex(key) },
    select: { id: true, name: true, scopes: true, revokedAt: true, lastUsedAt: true },
  })
  if (!apiKey || apiKey.revokedAt) return null
  if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() > lastUsedWriteIntervalMs) {
    await db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: now }, select: { id: true } })
  }
  return { kind: 'api-key', apiKeyId: apiKey.id, name: apiKey.name, scopes: apiKey.scopes }
}

/** BOOTSTRAP_API_KEY: a key for automation that exists from the first start, with every scope. */
export async function ensureBootstrapApiKey(db: Database, key: string): Promise<void> {
  const existing = await db.apiKey.findUnique({ where: { keyHash: sha256Hex(key) }, select: { id: true } })
  if (!existing) await issueApiKey(db, { name: 'Bootstrap (BOOTSTRAP_API_KEY)', scopes: apiKeyScopes, key })
}
