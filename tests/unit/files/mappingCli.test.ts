// The column-mapping step of CSV/JSON imports on the command line: the mapping shown, --map,
// remembered for the same columns. Folder only: the command line opens archive folders
// (--archive DIR), not team archives.
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../electron/cli/cli'
import { newArchivePath, tempDir } from '../helpers'
import { writeCsv } from './mappingTables'

describe('column mapping of CSV/JSON imports', () => {
  it('CLI: shows the mapping, --map changes a column, the mapping is remembered; a bad --map is refused', async () => {
    const dir = newArchivePath()
    const csv = writeCsv(tempDir(), 'clippings.csv')
    const run = async (...args: string[]) => {
      const out: string[] = []
      const err: string[] = []
      const code = await runCli(['--archive', dir, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) })
      return { code, out: out.join('\n'), err: err.join('\n') }
    }
    const preview = await run('import', csv, '--map', 'Summary=notes')
    expect(preview.code).toBe(0)
    expect(preview.out).toContain('columns: Headline → title, Published → date, Summary → notes, Keywords → tags, Internal code → (not imported)')
    const bad = await run('import', csv, '--map', 'Summary=abstract')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/"abstract" is not a field/)
    const missing = await run('import', csv, '--yes', '--map', 'Sumary=notes')
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/No CSV\/JSON file given has a column "Sumary"/)
    const done = await run('--json', 'import', csv, '--yes', '--map', 'Summary=notes', '--map', 'Internal code=identifier')
    expect(done.code).toBe(0)
    expect(JSON.parse(done.out).itemIds).toHaveLength(3)
    // Remembered: a preview of another file with the same columns shows the mapping chosen.
    const other = writeCsv(tempDir(), 'clippings-2.csv')
    expect((await run('import', other)).out).toContain('Summary → notes, Keywords → tags, Internal code → identifier')
  })
})
