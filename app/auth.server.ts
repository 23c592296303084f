import { redirect, type AppLoadContext } from '@remix-run/node'
import type { Actor } from '../services/auth/actor'
import { recordAudit } from '../services/auth/audit'
import { grantFor } from '../services/auth/grants'
import { ownedBy } from '../services/auth/ownership'
import {
  settingsGrant,
  type Grant,
  type RecordAction,
  type RecordResource,
  type SettingsAction,
} from '../domain/access/permission-matrix'

export type SignedInUser = Extract<Actor, { kind: 'user' }>
export type Permission =
  { resource: RecordResource; action: RecordAction } | { resource: 'settings'; action: SettingsAction }

interface GuardArgs {
  request: Request
  context: AppLoadContext
}

/** The address and browser of the caller, for audit rows. */
export function clientOf({ request, context }: GuardArgs): { ipAddress?: string; userAgent?: string } {
  return { ipAddress: context.client?.ipAddress, userAgent: request.headers.get('user-agent') ?? undefined }
}

/** A path inside this app to return to after sign-in, or null for anything that could leave it. */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null
  try {
    const url = new URL(value, 'http://app.invalid')
    return url.origin === 'http://app.invalid' ? `${url.pathname}${url.search}${url.hash}` : null
  } catch {
    return null
  }
}

/** The signed-in person, or a redirect to the sign-in page that comes back here afterwards. */
export function requireUser({ request, context }: GuardArgs): SignedInUser {
  const actor = context.actor
  if (actor?.kind === 'user') return actor
  // API keys are for machine clients of /api; the pages are for people.
  const url = new URL(request.url)
  const here = `${url.pathname}${url.search}`
  throw redirect(here === '/' ? '/sign-in' : `/sign-in?redirectTo=${encodeURIComponent(here)}`)
}

/** What the signed-in user's role grants for a permission (no audit, no throw: for showing or hiding buttons). */
export function grantOf(user: SignedInUser, permission: Permission): Grant {
  return permission.resource === 'settings'
    ? settingsGrant(user.role, permission.action)
    : grantFor(user, permission.resource, permission.action)
}

/**
 * The signed-in user and their grant for a permission. Without a grant the request is refused with a 403 and
 * the attempt is written to the audit log.
 */
export async function requireGrant(
  args: GuardArgs,
  permission: Permission,
  entityId?: string,
): Promise<{ user: SignedInUser; grant: Exclude<Grant, 'none'> }> {
  const user = requireUser(args)
  const grant = grantOf(user, permission)
  if (grant === 'none') {
    const url = new URL(args.request.url)
    await recordAudit(args.context.db, {
      actor: user,
      action: `${permission.resource}.${permission.action}`,
      outcome: 'DENIED',
      entityType: permission.resource,
      entityId,
      metadata: { method: args.request.method, path: url.pathname },
      client: clientOf(args),
    })
    throw forbidden(`Your role does not allow you to ${permission.action.replaceAll('-', ' ')} ${permission.resource}.`)
  }
  return { user, grant }
}

/** The Prisma `where` fragment that narrows a query to what the grant covers ("own": the user's records). */
export function scopeOf(
  grant: Exclude<Grant, 'none'>,
  resource: RecordResource,
  user: SignedInUser,
): Record<string, unknown> {
  return grant === 'own' ? ownedBy(resource, user.userId) : {}
}

export function forbidden(message: string): Response {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

export function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}
