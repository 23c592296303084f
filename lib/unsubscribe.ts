import { createHmac, timingSafeEqual } from 'node:crypto'

// Unsubscribe links name the lead and carry an HMAC-SHA256 over it, so nobody can unsubscribe someone else by
// guessing ids. They never expire: a link in an email from last year must still work.

const purpose = 'durable-crm/unsubscribe/v1'

function signature(leadId: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(`${purpose}:${leadId}`).digest()
}

/** `<base64url(leadId)>.<base64url(hmac)>`: safe in a URL path without escaping. */
export function unsubscribeToken(leadId: string, secret: string): string {
  return `${Buffer.from(leadId, 'utf8').toString('base64url')}.${signature(leadId, secret).toString('base64url')}`
}

/** The lead a token names, or null for anything not signed with this secret. */
export function verifyUnsubscribeToken(token: string, secret: string): { leadId: string } | null {
  const match = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return null
  const leadId = Buffer.from(match[1]!, 'base64url').toString('utf8')
  // base64url decoding is lenient: insist the token is the canonical encoding of what it decodes to.
  if (leadId.length === 0 || Buffer.from(leadId, 'utf8').toString('base64url') !== match[1]) return null
  const presented = Buffer.from(match[2]!, 'base64url')
  const expected = signature(leadId, secret)
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null
  return { leadId }
}

/** The page a person opens from the link in an email: `${appBaseUrl}/unsubscribe/<token>`. */
export function unsubscribeUrl(appBaseUrl: string, leadId: string, secret: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/unsubscribe/${unsubscribeToken(leadId, secret)}`
}

/** The RFC 8058 one-click endpoint for mail providers: `${appBaseUrl}/api/unsubscribe/<token>`. */
export function oneClickUnsubscribeUrl(appBaseUrl: string, leadId: string, secret: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/api/unsubscribe/${unsubscribeToken(leadId, secret)}`
}

/**
 * RFC 2369/8058 headers for a marketing email. Mail providers POST `List-Unsubscribe=One-Click` to the URL from
 * their servers, without an Origin header; the app's pages refuse such cross-site posts, so a page link
 * (`/unsubscribe/<token>`) is turned into its API twin (`/api/unsubscribe/<token>`), which accepts them.
 */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  const target = new URL(url)
  const pageLink = /^(.*?)(\/api)?\/unsubscribe\/([^/]+)$/.exec(target.pathname)
  if (pageLink && !pageLink[2]) target.pathname = `${pageLink[1]}/api/unsubscribe/${pageLink[3]}`
  return {
    'List-Unsubscribe': `<${target.toString()}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  }
}
