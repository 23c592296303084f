/**
 * A stored phone number in E.164 form (+15551234567), or null when it cannot be one: spaces, dashes, dots and
 * brackets are formatting; a number without its country code cannot be dialled by Twilio and is not guessed.
 */
export function e164PhoneNumber(phone: string | null | undefined): string | null {
  if (!phone) return null
  const compact = phone.replace(/[\s().-]/g, '')
  const withPlus = compact.startsWith('00') ? `+${compact.slice(2)}` : compact
  return /^\+[1-9]\d{6,14}$/.test(withPlus) ? withPlus : null
}
