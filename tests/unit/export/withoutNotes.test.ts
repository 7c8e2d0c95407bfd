// Exports that leave out the items' private notes: nothing of them in any format, the rest whole.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import * as path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXPORT_FORMATS, exportItems } from '../../../electron/core/export'
import { tempDir } from '../helpers'
import { openTestArchive } from '../../pg/backend'

/** Every file's text under a file or folder (zip entries are stored compressed, so bagit-zip is left to the folder bag). */
function allText(p: string): string {
  if (statSync(p).isFile()) return readFileSync(p, 'utf8')
  return readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n')
}

describe('export without notes', () => {
  it('every format leaves the private notes out when asked, and keeps them otherwise', async () => {
    const { archive: a } = await openTestArchive()
    try {
      const item = await a.createItem({ title: 'Harbour statement', body: 'The port reopens on Monday.', notes: 'PRIVATE-SOURCE: call the harbour master before quoting.' })
      const out = tempDir()
      for (const format of EXPORT_FORMATS.filter((f) => f !== 'bagit-zip')) {
        const without = await exportItems(a, [item.id], { format, out: path.join(out, `${format}-without`), withoutNotes: true })
        const text = allText(without.out)
        expect(text, format).toContain('Harbour statement')
        expect(text, format).not.toContain('PRIVATE-SOURCE')
        const withNotes = await exportItems(a, [item.id], { format, out: path.join(out, `${format}-with`) })
        // The formats with a place for notes carry them (JSON-LD, Dublin Core and CSL-JSON have none).
        if (['bagit', 'csv', 'json', 'html'].includes(format)) expect(allText(withNotes.out), format).toContain('PRIVATE-SOURCE')
      }
      expect((await a.getItem(item.id)).notes).toMatch(/^PRIVATE-SOURCE/) // the archive keeps them
    } finally {
      await a.close()
    }
  })
})
