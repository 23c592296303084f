import { isIanaTimezone } from '../domain/time/zoned-time'
import { zoneCookie } from './time-zone'

// The browser's time zone, kept in a cookie (set by the page once it runs in the browser) so "today" is the
// person's own day from the first render on; UTC until the browser has said.

export function zoneOf(request: Request): string {
  const cookie = request.headers.get('cookie') ?? ''
  const match = new RegExp(`(?:^|;\\s*)${zoneCookie}=([^;]+)`).exec(cookie)
  const zone = match ? decodeURIComponent(match[1]!) : ''
  return zone && isIanaTimezone(zone) ? zone : 'UTC'
}
