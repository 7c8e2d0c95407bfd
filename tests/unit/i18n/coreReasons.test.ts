// Every refusal of the core a person can meet carries a reason the interface says in its own
// language; every sentence of the catalogues has the same values in each language.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_REASONS } from '../../../shared/contract'

const root = path.resolve(__dirname, '../../..')
const catalogue = async (lang: string) => (await import(/* @vite-ignore */ `../../../renderer/src/i18n/${lang}.ts`))[lang] as Record<string, string>

/** A refusal no person meets, with why. */
type Excuse = { file: string; contains: string; why: string }

/**
 * Throws a person cannot meet through the interface, each with why. Matched by file and a piece
 * of the message, so a new throw beside them is not excused by the old one.
 */
const INTERNAL_ONLY: Excuse[] = [
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
  { file: 'electron/core/search/SearchIndex.ts', contains: 'is not in the search index', why: 'the search service passes only items the index holds to a metadata-only update (the others are indexed whole)' },
  { file: 'electron/core/safety/api.ts', contains: 'The integrity check failed', why: 'the check job ended without a report: its own failure (an INTERNAL error) is what is shown' },
  { file: 'electron/core/team/PgUndoLog.ts', contains: 'changes the undo history twice', why: 'a programming error: every write path stages one undo entry per change' },
  { file: 'electron/core/items/ItemRepository.ts', contains: 'Two regions have the id', why: 'region ids are made by the interface, never typed by a person' },
  { file: 'electron/core/import/files/prepare.ts', contains: 'No table ', why: 'table keys come from the core to the mapping dialog and back, never typed' },
  { file: 'electron/server/accounts.ts', contains: '', why: 'accounts are kept with `presskeep user …` on the server, a command-line tool; the CLI speaks English' },
  { file: 'electron/server/pgAccounts.ts', contains: '', why: 'the same accounts, kept in a team database: also only through `presskeep user …`' }
]

/**
 * Refusals the hosts (desktop shell, team server, browser harness, dispatcher) answer as data or
 * throw, that no person meets in the interface, each with why. Every other one names a reason.
 */
const HOST_INTERNAL: Excuse[] = [
  { file: 'electron/main/ipc.ts', contains: 'may not call Presskeep', why: 'a page that is not one of the app\'s own windows' },
  { file: 'electron/main/ipc.ts', contains: 'import preferences', why: 'the window sends its own settings, made from the schema that checks them' },
  { file: 'electron/main/index.ts', contains: 'No archive is open', why: 'the window is made only once an archive is open (the app quits when none opens)' },
  { file: 'electron/preload/bridge.ts', contains: 'Unknown event', why: 'the renderer subscribes to the contract\'s events only: a programming error' },
  { file: 'electron/core/dispatcher.ts', contains: 'There is no method', why: 'the renderer calls the contract\'s methods only' },
  { file: 'electron/core/dispatcher.ts', contains: 'Sign in first', why: 'the team server answers a request without a session itself (said as team.signedOut) before dispatching' },
  { file: 'electron/core/dispatcher.ts', contains: 'cannot be called from here', why: 'trusted methods (CLI, scripts) are not in the renderer\'s client' },
  { file: 'electron/core/dispatcher.ts', contains: 'conflict: err.conflict', why: 'an edit\'s conflict is shown by the conflict dialog, field by field' },
  { file: 'electron/core/dispatcher.ts', contains: 'err.params', why: 'a CoreError passes its own reason on (the scan above checks every CoreError)' },
  { file: 'electron/core/dispatcher.ts', contains: 'DISK_FULL', why: 'said whole by its code\'s sentence in each language' },
  { file: 'electron/core/dispatcher.ts', contains: 'A file operation failed', why: 'the fallback for a system error no reason foresaw: said by its code\'s sentence, the system\'s words as the detail' },
  { file: 'electron/core/dispatcher.ts', contains: 'Unexpected error', why: 'the fallback for a bug: said by its code\'s sentence, the words as the detail' },
  { file: 'electron/server/teamServer.ts', contains: 'Sign in with a JSON body', why: 'the sign-in page always sends JSON' },
  { file: 'electron/server/teamServer.ts', contains: 'The request is not valid JSON', why: 'the page always sends JSON.stringify\'s output' },
  { file: 'electron/server/teamServer.ts', contains: 'Your session has ended', why: 'the window says it by the 401 status in its own language (team.signedOut) and shows the sign-in' },
  { file: 'electron/server/teamServer.ts', contains: 'X-Presskeep-CSRF', why: 'the page sends the token it got at sign-in with every change; only a script without it is refused' },
  { file: 'electron/web/http.ts', contains: 'An upload needs', why: 'the page always names the item and the file it uploads' },
  { file: 'electron/web/server.ts', contains: 'The request is not valid JSON', why: 'the page always sends JSON.stringify\'s output' },
  { file: 'electron/web/server.ts', contains: 'A command is one of', why: 'menu commands are sent to the harness by scripts, not by a person' }
]

/** Every `{ ok: false, code: … }` answer and `throw new Error(…)` of a file, whole (balanced brackets). */
function hostRefusals(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = []
  for (const m of text.matchAll(/\{\s*ok: false,\s*code:|throw new Error\(/g)) {
    let depth = 0
    let j = m.index
    for (; j < text.length; j++) {
      if ('({'.includes(text[j])) depth++
      else if (')}'.includes(text[j]) && --depth === 0) break
    }
    out.push({ line: text.slice(0, m.index).split('\n').length, text: text.slice(m.index, j + 1) })
  }
  return out
}

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


/**
 * Every refusal `find` finds in the files: `classify` says whether it names a reason (counted),
 * is said by its code, or names none; one that names none must be on the allow-list.
 */
function scanRefusals(
  files: string[],
  find: (text: string) => Array<{ line: number; text: string }>,
  classify: (text: string, where: string) => 'reason' | 'said' | 'none',
  allowList: Excuse[]
): { missing: string[]; unused: Excuse[]; withReason: number } {
  const used = new Set<Excuse>()
  const missing: string[] = []
  let withReason = 0
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/')
    for (const { line, text } of find(readFileSync(file, 'utf8'))) {
      const kind = classify(text, `${rel}:${line}`)
      if (kind === 'reason') withReason++
      if (kind !== 'none') continue
      const excuse = allowList.find((x) => x.file === rel && text.includes(x.contains))
      if (excuse) used.add(excuse)
      else missing.push(`${rel}:${line} ${text.replace(/\s+/g, ' ').slice(0, 120)}`)
    }
  }
  return { missing, unused: allowList.filter((x) => !used.has(x)), withReason }
}

describe('core refusals have a reason the interface translates', () => {
  it('every CoreError of the core and the server names a reason, or is internal with a why', () => {
    // The command line (electron/cli) is left out: it prints the core's English messages.
    const files = ['electron/core', 'electron/server', 'electron/web', 'electron/main'].flatMap((d) => sourceFiles(path.join(root, d)))
    const { missing, unused, withReason } = scanRefusals(
      files,
      (text) => coreErrorCalls(text).map(({ line, call }) => ({ line, text: call })),
      (call, where) => {
        if (/\breason:|fsReason\(/.test(call)) {
          // A reason may be chosen by a condition (`reason: dir === 'undo' ? 'NOTHING_TO_UNDO' : …`).
          for (const r of call.matchAll(/\breason: ([^,}\n]+)/g))
            for (const [, name] of r[1].matchAll(/'([A-Z_]+)'/g)) expect(ERROR_REASONS, where).toContain(name)
          return 'reason'
        }
        const code = /^new CoreError\(\s*'(\w+)'/.exec(call)?.[1]
        return code && SAID_BY_CODE.has(code) ? 'said' : 'none'
      },
      INTERNAL_ONLY
    )
    expect(missing, 'a refusal a person can meet, with no reason for the interface to say').toEqual([])
    expect(unused, 'an allow-list entry that matches no throw any more').toEqual([])
    expect(withReason).toBeGreaterThan(100)
  })

  it('every refusal the hosts answer (desktop shell, team server, harness, dispatcher) names a reason, or is internal with a why', () => {
    const files = [...['electron/main', 'electron/preload', 'electron/server', 'electron/web'].flatMap((d) => sourceFiles(path.join(root, d))), path.join(root, 'electron/core/dispatcher.ts')]
    const { missing, unused, withReason } = scanRefusals(
      files,
      hostRefusals,
      (text, where) => {
        // A reason among the contract's, or the sign-in's own (wrong, locked, disabled: said by signin.*).
        const reasons = [...text.matchAll(/\breason: ([^,}\n]+)/g)].flatMap((r) => [...r[1].matchAll(/'([A-Za-z_]+)'/g)].map((q) => q[1]))
        for (const r of reasons) if (/^[A-Z_]+$/.test(r)) expect(ERROR_REASONS, where).toContain(r)
        return reasons.length > 0 || text.includes('params: issueParams(') ? 'reason' : 'none'
      },
      HOST_INTERNAL
    )
    expect(missing, 'a refusal a person can meet, with no reason for the interface to say').toEqual([])
    expect(unused, 'an allow-list entry that matches no refusal any more').toEqual([])
    // The drop's limit and paths, the roles, the host methods of the desktop, the sign-in's three.
    expect(withReason).toBeGreaterThanOrEqual(8)
  })

  it('gives every sentence the same values in English, French and Arabic', async () => {
    const [en, fr, ar] = await Promise.all(['en', 'fr', 'ar'].map(catalogue))
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]))].sort()
    for (const key of Object.keys(en)) for (const [lang, other] of [['fr', fr], ['ar', ar]] as const) expect(names(other[key]), `${lang} ${key}`).toEqual(names(en[key]))
    for (const reason of ERROR_REASONS) expect(en[`error.reason.${reason}`], reason).toBeTruthy()
  })
})
