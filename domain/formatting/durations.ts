// How long something has lasted, in the words people read on a card, a row or a timeline.

/** Time in a stage: "40 min", "5 h", "3 d 4 h", "3 d"; days alone where space is short (a pipeline card). */
export function formatElapsed(ms: number, { short = false }: { short?: boolean } = {}): string {
  const hours = Math.floor(ms / 3_600_000)
  if (hours < 1) return `${Math.max(1, Math.floor(ms / 60_000))} min`
  if (hours < 48) return `${hours} h`
  const days = `${Math.floor(hours / 24)} d`
  return short || hours % 24 === 0 ? days : `${days} ${hours % 24} h`
}

/** A call's or a session's length: "45 s", "9 min", "8 min 59 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const rest = seconds % 60
  return `${Math.floor(seconds / 60)} min${rest === 0 ? '' : ` ${rest} s`}`
}
