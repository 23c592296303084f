// Twilio's message statuses in the order a message moves through them. Status callbacks can arrive late or twice;
// a status only ever replaces one that comes before it, so a late `sent` never overwrites `delivered`.

const statusRank: Record<string, number> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  // Final: Twilio reports exactly one of these per message.
  delivered: 4,
  undelivered: 4,
  failed: 4,
  canceled: 4,
  // WhatsApp and RCS only, after delivered.
  read: 5,
}

export const smsStatuses = Object.keys(statusRank)

export const isSmsStatus = (status: string): boolean => status in statusRank

/** Whether `next` moves a message on from `current` (null: nothing recorded yet). */
export function advancesSmsStatus(current: string | null, next: string): boolean {
  if (!isSmsStatus(next)) return false
  if (current === null || !isSmsStatus(current)) return true
  return statusRank[next]! > statusRank[current]!
}
