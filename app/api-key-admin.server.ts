import { apiKeyScopes, issueApiKey } from '../services/auth/api-keys'
import { recordAudit } from '../services/auth/audit'
import type { Database } from '../lib/db'
import type { ApiKeyResolver } from '../services/auth/api-key-cache'
import type { SignedInUser } from './auth.server'

interface Change {
  db: Database
  /** The web process's API key cache, told at once (other processes hear the database's notification). */
  apiKeys?: Pick<ApiKeyResolver, 'forget'>
  admin: SignedInUser
  client: { ipAddress?: string; userAgent?: string }
}

type Outcome = { ok: string; created?: { name: string; key: string } } | { error: string; status: 400 | 404 }

export function scopeChoices(): string[] {
  return apiKeyScopes
}

export function listApiKeys(db: Database) {
  return db.apiKey.findMany({
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
      createdBy: { select: { name: true } },
    },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  })
}

/** Issues a key and hands it back once; the audit row names the key by its prefix, never the key itself. */
export async function createApiKey(
  { db, admin, client }: Change,
  input: { name: string; scopes: string[] },
): Promise<Outcome> {
  const name = input.name.trim()
  if (!name) return { error: 'Give the key a name.', status: 400 }
  if (input.scopes.length === 0) return { error: 'Choose at least one scope.', status: 400 }
  const unknown = input.scopes.filter((scope) => !apiKeyScopes.includes(scope))
  if (unknown.length > 0) return { error: `Unknown scopes: ${unknown.join(', ')}.`, status: 400 }
  const issued = await issueApiKey(db, { name, scopes: [...new Set(input.scopes)], createdById: admin.userId })
  await recordAudit(db, {
    actor: admin,
    action: 'api-keys.create',
    entityType: 'api-keys',
    entityId: issued.id,
    metadata: { name, prefix: issued.prefix, scopes: input.scopes },
    client,
  })
  return { ok: `The key “${name}” is created.`, created: { name, key: issued.key } }
}

export async function revokeApiKey({ db, apiKeys, admin, client }: Change, apiKeyId: string): Promise<Outcome> {
  const apiKey = await db.apiKey.findUnique({
    where: { id: apiKeyId },
    select: { id: true, name: true, prefix: true, revokedAt: true },
  })
  if (!apiKey) return { error: 'That API key does not exist.', status: 404 }
  if (apiKey.revokedAt) return { ok: `The key “${apiKey.name}” was already revoked.` }
  await db.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() }, select: { id: true } })
  apiKeys?.forget(apiKey.id)
  await recordAudit(db, {
    actor: admin,
    action: 'api-keys.revoke',
    entityType: 'api-keys',
    entityId: apiKey.id,
    metadata: { name: apiKey.name, prefix: apiKey.prefix },
    client,
  })
  return { ok: `The key “${apiKey.name}” is revoked; requests with it are refused from now on.` }
}
