// The word a count takes. English and Spanish both use their singular for exactly one and their plural for every
// other whole number, zero included ("0 emails", "0 correos").

/** `one` for a count of exactly 1, `many` (the English -s plural unless given) otherwise. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return count === 1 ? one : many
}

/** The count with its word: "1 email", "3 emails". */
export function countOf(count: number, one: string, many = `${one}s`): string {
  return `${count} ${plural(count, one, many)}`
}
