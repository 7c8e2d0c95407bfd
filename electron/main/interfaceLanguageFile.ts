// The interface language the window last chose, kept in the person's profile (userData) so that
// the menus and the dialogs shown at the next start, before any window exists, speak it too.
// Free of the runtime 'electron' import: tested under Node.
import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import { isLang, type Lang } from '../../shared/interfaceLanguage'

export class InterfaceLanguageFile {
  constructor(private readonly file: string) {}

  /** The language kept, or null when there is none yet or the file is not one we wrote. */
  async read(): Promise<Lang | null> {
    try {
      const lang = (JSON.parse(await fsp.readFile(this.file, 'utf8')) as { lang?: unknown }).lang
      return isLang(lang) ? lang : null
    } catch {
      return null
    }
  }

  async write(lang: Lang): Promise<void> {
    // Electron makes userData at start; made here too, so that a profile removed meanwhile does not refuse the choice.
    await fsp.mkdir(path.dirname(this.file), { recursive: true })
    await fsp.writeFile(this.file, JSON.stringify({ lang }) + '\n')
  }
}
