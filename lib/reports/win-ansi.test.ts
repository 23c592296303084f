import { describe, expect, it } from 'vitest'
import { drawableText, toWinAnsi } from './win-ansi'

describe('toWinAnsi', () => {
  it('keeps English and Spanish text and the typographic marks the fonts have', () => {
    expect(toWinAnsi('Señora Muñoz, ¿qué tal? Ærø – “quotes” … 12 €')).toBe(
      'Señora Muñoz, ¿qué tal? Ærø – “quotes” … 12 €',
    )
  })

  it('takes off accents the fonts lack and spells a few Latin letters plainly', () => {
    expect(toWinAnsi('Dvořák')).toBe('Dvorák')
    expect(toWinAnsi('Łódź Żółć')).toBe('Lódz Zólc')
    expect(toWinAnsi('Đặng')).toBe('Dang')
  })

  it('gives up on other scripts and emoji', () => {
    expect(toWinAnsi('李雷')).toBeNull()
    expect(toWinAnsi('Rosa 😀')).toBeNull()
    expect(toWinAnsi('Алексей')).toBeNull()
  })
})

describe('drawableText', () => {
  it('draws what it cannot as question marks', () => {
    expect(drawableText('Ana 李')).toBe('Ana ?')
    expect(drawableText('Dvořák')).toBe('Dvorák')
  })
})
