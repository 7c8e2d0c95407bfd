// Every refusal of the core a person can meet carries a reason the interface says in its own
// language; every sentence of the catalogues has the same values in each language.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_REASONS } from '../../../shared/contract'

const root = path.resolve(__dirname, '../../..')
const catalogue = async (lang: string) => (await import(/* @vite-ignore */ `../../../renderer/src/i18n/${lang}.ts`))[lang] as Record<string, string>

/**
 * Throws a person cannot meet through the interface, each with why. Matched by file and a piece
 * of the message, so a new throw beside them is not excused by the old one.
 */
const INTERNAL_ONLY: Array<{ file: string; contains: string; why: string }> = [
  { file: 'electron/core/jobs/workerScript.ts', contains: 'worker of this build is missing', why: 'a broken build, found by the tests before anyone runs it' },
  { file: 'electron/core/FileStore.ts', contains: 'The file is larger than', why: 'no caller passes a size limit to putStream (uploads are limited while staged, with a reason)' },
  { file: 'electron/core/team/migrateArchive.ts', contains: '', why: '`presskeep migrate` is a command-line tool for administrators; the CLI speaks English' },
  { file: 'electron/core/team/PgTextStore.ts', contains: 'read asynchronously', why: 'a programming error: the synchronous path is never taken for a team archive' },
  { file: 'electron/core/team/openTeamArchive.ts', contains: 'could not be opened', why: 'the server fails to start and says so in its terminal, to whoever runs it' },
  { file: 'electron/core/team/schema.ts', contains: 'schema migration', why: 'the server fails to start and says so in its terminal, to whoever runs it' },
  { file: 'electron/core/export/exportItems.ts', contains: 'No writer for', why: 'every format of the contract has a writer (the export tests write each)' },
  { file: 'electron/core/search/SearchService.ts', contains: 'was cancelled', why: 'a cancelled rebuild is shown as cancelled by its job, not as this error' },
  { file: 'electron/core/search/SearchIndex.ts', contains: 'needs an id', why: 'the index is fed by the core from catalogue records, which always have ids' },
  { file: 'electron/core/search/SearchIndex.ts', contains: 'searchSync needs', why: 'a programming error of a caller inside the core' },
  { file: 'electron/core/safety/api.ts', contains: 'The integrity check failed', why: 'the check job ended without a report: its own failure (an INTERNAL error) is what is shown' },
  { file: 'electron/core/items/ItemRepository.ts', contains: 'Two regions have the id', why: 'region ids are made by the interface, never typed by a person' },
  { file: 'electron/core/import/files/prepare.ts', contains: 'No table ', why: 'table keys come from the core to the mapping dialog and back, never typed' },
  { file: 'electron/server/accounts.ts', contains: '', why: 'accounts are kept with `presskeep user …` on the server, a command-line tool; the CLI speaks English' },
  { file: 'electron/server/pgAccounts.ts', contains: '', why: 'the same accounts, kept in a team database: also only through `presskeep user …`' }
]

/** Codes whose own sentence says everything (no values to put in), in every language. */
const SAID_BY_CODE = new Set(['DISK_FULL', 'DATABASE_UNAVAILABLE'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(name) ? [p] : []
  })
}

/** Every `new CoreError(…)` call of a source file, whole (balanced parentheses). */
function coreErrorCalls(text: string): Array<{ line: number; call: string }> {
  const out: Array<{ line: number; call: string }> = []
  for (let i = text.indexOf('new CoreError('); i >= 0; i = text.indexOf('new CoreError(', i + 1)) {
    let depth = 0
    let j = i + 'new CoreError'.length
    for (; j < text.length; j++) {
      if (text[j] === '(') depth++
      else if (text[j] === ')' && --depth === 0) break
    }
    out.push({ line: text.slice(0, i).split('\n').length, call: text.slice(i, j + 1) })
  }
  return out
}

describe('core refusals have a reason the interface translates', () => {
  it('every CoreError of the core and the server names a reason, or is internal with a why', () => {
    // The command line (electron/cli) is left out: it prints the core's English messages.
    const files = ['electron/core', 'electron/server', 'electron/web', 'electron/main'].flatMap((d) => sourceFiles(path.join(root, d)))
    const used = new Set<(typeof INTERNAL_ONLY)[number]>()
    const missing: string[] = []
    let withReason = 0
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep).join('/')
      for (const { line, call } of coreErrorCalls(readFileSync(file, 'utf8'))) {
        const code = /^new CoreError\(\s*'(\w+)'/.exec(call)?.[1]
        if (/\breason:|fsReason\(/.test(call)) {
          withReason++
          // A reason may be chosen by a condition (`reason: dir === 'undo' ? 'NOTHING_TO_UNDO' : …`).
          for (const r of call.matchAll(/\breason: ([^,}\n]+)/g))
            for (const [, name] of r[1].matchAll(/'([A-Z_]+)'/g)) expect(ERROR_REASONS, `${rel}:${line}`).toContain(name)
          continue
        }
        if (code && SAID_BY_CODE.has(code)) continue
        const excuse = INTERNAL_ONLY.find((x) => x.file === rel && call.includes(x.contains))
        if (excuse) used.add(excuse)
        else missing.push(`${rel}:${line} ${call.replace(/\s+/g, ' ').slice(0, 120)}`)
      }
    }
    expect(missing, 'a refusal a person can meet, with no reason for the interface to say').toEqual([])
    expect(INTERNAL_ONLY.filter((x) => !used.has(x)), 'an allow-list entry that matches no throw any more').toEqual([])
    expect(withReason).toBeGreaterThan(100)
  })

  it('gives every sentence the same values in English, French and Arabic', async () => {
    const [en, fr, ar] = await Promise.all(['en', 'fr', 'ar'].map(catalogue))
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))].sort()
    for (const key of Object.keys(en)) for (const [lang, other] of [['fr', fr], ['ar', ar]] as const) expect(names(other[key]), `${lang} ${key}`).toEqual(names(en[key]))
    for (const reason of ERROR_REASONS) expect(en[`error.reason.${reason}`], reason).toBeTruthy()
  })
})
