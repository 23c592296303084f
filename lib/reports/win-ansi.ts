// The report uses the PDF standard fonts (nothing to embed, tiny files), which can only draw the WinAnsi
// character set: Latin-1 plus a few typographic marks. English and Spanish fit; a name typed in another script
// would come out as garbage, so text is brought into that set first.

const extraWinAnsi = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

// Latin letters that have no decomposition to a base letter plus accents.
const latinFallbacks: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŋ: 'N',
  ŋ: 'n',
  Ŧ: 'T',
  ŧ: 't',
  ſ: 's',
  '\u2212': '-',
  '\u00a0': ' ',
}

function isWinAnsi(character: string): boolean {
  const code = character.codePointAt(0)!
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || extraWinAnsi.has(character)
}

/**
 * The text in characters the standard fonts can draw: as is when it fits, else with accents the font lacks
 * taken off ("Dvořák" → "Dvorák") and a few Latin letters spelled plainly ("Łódź" → "Lódz"). Null when
 * something is still left over (another script, emoji): the caller decides what to show instead.
 */
export function toWinAnsi(text: string): string | null {
  let result = ''
  for (const character of text) {
    if (isWinAnsi(character)) {
      result += character
      continue
    }
    const plain = latinFallbacks[character] ?? character.normalize('NFKD').replace(/\p{M}/gu, '')
    if (plain === '' || ![...plain].every(isWinAnsi)) return null
    result += plain
  }
  return result
}

/** Like `toWinAnsi`, with anything left over drawn as "?" rather than as garbage. */
export function drawableText(text: string): string {
  return toWinAnsi(text) ?? [...text].map((character) => toWinAnsi(character) ?? '?').join('')
}
