// Every refusal and warning of the core is said in each interface language, with its values.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError, ERROR_CODES, ERROR_REASONS, IMPORT_ISSUES } from '../../../shared/contract'
import { importPaths } from '../../../electron/core/import/files/importPaths'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { Archive } from '../../../electron/core/Archive'
import { proposeFromText } from '../../../electron/core/import/press/propose'
import { WARNING_CODES } from '../../../electron/core/import/press/types'
import type { Warning } from '../../../shared/model'
import { corpus, newArchivePath } from '../helpers'

// The renderer's own modules, loaded by path: the Node project's typecheck does not take in the
// renderer (its JSX and DOM types); the few functions used here are typed by hand.
type T = (key: string, vars?: Record<string, string | number>) => string
type I18n = { lang: string; t: T; itemDate(v: string): string }
const renderer = (p: string) => import(/* @vite-ignore */ `../../../renderer/src/${p}`)
const { makeI18n, LANGUAGES } = (await renderer('i18n/index.tsx')) as { makeI18n(lang: string): I18n; LANGUAGES: readonly string[] }
const { errorText, importLineText } = (await renderer('errorText.ts')) as {
  errorText(t: T, err: unknown): string
  importLineText(t: T, line: { path: string; code?: string; message: string }): string
}
const { skipReasonText, warningText } = (await renderer('components/warningText.ts')) as {
  skipReasonText(reason: string, t: T): string
  warningText(w: Warning, i18n: I18n): string
}

const ar = makeI18n('ar')
const fr = makeI18n('fr')
const en = makeI18n('en')

describe('core messages in every interface language', () => {
  it('has a sentence for every error code and every reason of the contract, in en, fr and ar', () => {
    for (const lang of LANGUAGES) {
      const { t } = makeI18n(lang)
      for (const code of ERROR_CODES) expect(errorText(t, new ApiError(code, 'Detail from the core.')), `${lang} ${code}`).not.toBe('')
      for (const reason of ERROR_REASONS) {
        // Every value the English sentence names, given: none may be left as a {placeholder}.
        const values = Object.fromEntries([...en.t(`error.reason.${reason}`).matchAll(/\{(\w+)[,}]/g)].map(([, k]) => [k, k === 'n' || k === 'max' ? 2 : k === 'field' ? 'date' : `${k} value`]))
        const said = errorText(t, new ApiError('INVALID_INPUT', 'Detail from the core.', undefined, undefined, { reason, ...values }))
        expect(said, `${lang} ${reason}`).not.toMatch(/^$|\{\w+\}|error\.reason/)
      }
    }
    // French and Arabic say every code and reason in their own words, not the core's English alone.
    for (const { t } of [fr, ar]) {
      for (const code of ERROR_CODES) expect(errorText(t, new ApiError(code, 'Detail.'))).not.toBe('Detail.')
      for (const reason of ERROR_REASONS) expect(errorText(t, new ApiError('NOT_FOUND', 'x', undefined, undefined, { reason }))).not.toBe(errorText(en.t, new ApiError('NOT_FOUND', 'x', undefined, undefined, { reason })))
    }
  })

  it('says real refusals of the core in French and Arabic with their values: an invalid date, an item not found', async () => {
    const a = await Archive.open(newArchivePath())
    const dispatch = createDispatcher(() => a, { allow: ['app'] })
    const item = await a.createItem({ title: 'Fez forum' })
    const refuse = async (method: string, input: unknown) => {
      const r = await dispatch(method, input)
      if (r.ok) throw new Error(`${method} was not refused`)
      return new ApiError(r.code, r.message, r.field, undefined, r.params)
    }
    const badDate = await refuse('items:update', { id: item.id, fields: { date: '2013-13-45' } })
    expect(errorText(fr.t, badDate)).toBe('« 2013-13-45 » n’est pas une date : écrivez 2013, 2013-11, 2013-11-21 ou une période 2013-11-21/2013-11-25. Rien n’a été enregistré.')
    expect(errorText(ar.t, badDate)).toContain('«\u20682013-13-45\u2069» ليس تاريخًا')
    const gone = await refuse('items:get', { id: 'zzzzzzzzzzzz' })
    expect(errorText(fr.t, gone)).toMatch(/^Ce document n’est plus dans l’archive/)
    expect(errorText(ar.t, gone)).toMatch(/^لم تعد هذه الوثيقة في الأرشيف/)
    await a.close()
  })

  it('says every warning and skipped-block reason of a real page in French and Arabic, dates by Intl and isolated', () => {
    const p = proposeFromText(readFileSync(corpus('seed-press-page.txt'), 'utf8'), {})
    const warnings = p.items.flatMap((i) => i.fields.warnings ?? [])
    const codes = new Set(warnings.map((w) => w.code))
    expect(codes.has('WEEKDAY_MISMATCH') && codes.has('TRUNCATED')).toBe(true)
    for (const w of warnings) {
      expect(WARNING_CODES).toContain(w.code)
      for (const i18n of [fr, ar]) {
        const said = warningText(w, i18n)
        expect(said, `${i18n.lang} ${w.code}`).not.toBe(w.message)
        expect(said).not.toMatch(/\{\w+\}/)
      }
    }
    const weekday = warnings.find((w) => w.code === 'WEEKDAY_MISMATCH' && w.params?.date)!
    expect(warningText(weekday, ar)).toContain(`\u2068${ar.itemDate(String(weekday.params!.date))}\u2069`)
    expect(warningText(weekday, fr)).toMatch(/était un (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche), pas un (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)/)
    expect(p.skipped.length).toBeGreaterThan(0)
    for (const s of p.skipped) for (const { t } of [fr, ar]) expect(skipReasonText(s.reason, t), s.reason).not.toBe(s.reason)
  })

  it('says the skipped files of a real import by their issue, the file named and isolated, in French and Arabic', async () => {
    const a = await Archive.open(newArchivePath())
    const folder = path.join(a.root, '..', `drop-${Date.now()}`)
    mkdirSync(folder, { recursive: true })
    writeFileSync(path.join(folder, 'بيان فارغ.txt'), '')
    writeFileSync(path.join(folder, 'notes.xyz'), 'not a kind of file Presskeep imports')
    const summary = await importPaths(a, [folder])
    const lines = [...summary.skipped, ...summary.failed]
    expect(lines.map((l) => l.code).sort()).toEqual(['EMPTY', 'UNSUPPORTED'])
    for (const l of lines) for (const { t } of [fr, ar]) expect(importLineText(t, l)).not.toBe(l.message)
    const empty = lines.find((l) => l.code === 'EMPTY')!
    expect(importLineText(fr.t, empty)).toBe('« \u2068بيان فارغ.txt\u2069 » est vide (0 octet).')
    expect(importLineText(ar.t, empty)).toBe('«\u2068بيان فارغ.txt\u2069» فارغ (0 بايت).')
    for (const code of IMPORT_ISSUES) for (const { t } of [en, fr, ar]) expect(t(`jobs.issue.${code}`), code).toMatch(/\{name\}/)
    await a.close()
  })
})
