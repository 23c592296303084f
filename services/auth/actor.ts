import type { UserRole } from '../../prisma/generated/enums'

/** Who is making a request: a signed-in person, or a machine client holding an API key. */
export type Actor =
  | { kind: 'user'; userId: string; email: string; name: string; role: UserRole; sessionId: string }
  | { kind: 'api-key'; apiKeyId: string; name: string; scopes: string[] }

export function actorLabel(actor: Actor | undefined): {
  actorType: 'USER' | 'API_KEY' | 'ANONYMOUS'
  actorId: string | null
} {
  if (!actor) return { actorType: 'ANONYMOUS', actorId: null }
  return actor.kind === 'user'
    ? { actorType: 'USER', actorId: actor.userId }
    : { actorType: 'API_KEY', actorId: actor.apiKeyId }
}
