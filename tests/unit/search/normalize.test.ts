import { describe, expect, it } from 'vitest'
import { fold, termOf, tokensOf, stemArabic } from '../../../electron/core/search/normalize'

describe('normalisation', () => {
  it('folds case and accents (en/fr)', () => {
    expect(fold('École')).toBe('ecole')
    expect(fold('COOPÉRATION')).toBe('cooperation')
    expect(fold('cœur')).toBe('coeur')
    expect(fold('Straße')).toBe('strasse')
    expect(termOf('École')).toBe(termOf('ecoles'))
  })

  it('stems so that related English and French forms meet', () => {
    expect(termOf('cooperation')).toBe(termOf('cooperate'))
    expect(termOf('cooperating')).toBe(termOf('Cooperation'))
    expect(termOf('coopération')).toBe(termOf('cooperation'))
    expect(termOf('refugees')).toBe(termOf('refugee'))
    expect(termOf('peace')).not.toBe(termOf('piece'))
  })

  it('normalises Arabic: diacritics, tatweel, alef forms, ya/alef maqsura, ta marbuta', () => {
    expect(fold('مُذَكِّرَة')).toBe('مذكره')
    expect(fold('تعـــاون')).toBe('تعاون')
    expect(fold('أحمد')).toBe('احمد')
    expect(fold('إسلام')).toBe('اسلام')
    expect(fold('آمال')).toBe('امال')
    expect(fold('مستشفى')).toBe('مستشفي')
    expect(fold('٢٠٢٢')).toBe('2022')
    expect(termOf('الإيسيسكو')).toBe(termOf('الأيسيسكو'))
    expect(termOf('والتعاون')).toBe(termOf('تعاون'))
    expect(stemArabic('المدرسة'.replace('ة', 'ه'))).toBe('مدرس')
  })

  it('tokenises mixed scripts, CJK one character at a time, bidi marks as spaces', () => {
    expect(tokensOf("ICESCO’s l'éducation COVID-19")).toEqual(['ICESCO', 's', 'l', 'éducation', 'COVID', '19'])
    expect(tokensOf('منظمة\u200fICESCO')).toEqual(['منظمة', 'ICESCO'])
    expect(tokensOf('東京都')).toEqual(['東', '京', '都'])
    expect(tokensOf('!!! ... ---')).toEqual([])
  })
})
