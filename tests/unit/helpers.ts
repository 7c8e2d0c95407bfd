import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import type { Item, ItemCreate } from '../../shared/model'
import type { Archive } from '../../electron/core/Archive'

export const corpus = (...parts: string[]) => path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', ...parts)
export const projectRoot = path.resolve(__dirname, '..', '..')

const made: string[] = []

/** Removes the folders tempDir made (after each test: tests/unit/setup.ts). */
export function removeTempDirs(): void {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true })
}

/** A fresh folder under the system temp dir, removed after the test. */
export function tempDir(prefix = 'pk-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A path for a new archive folder (not yet created). */
export function newArchivePath(): string {
  return path.join(tempDir(), 'Test.presskeep')
}

/**
 * Items as an older Presskeep wrote them, without today's checks (collection names where ids
 * belong): created through the repository without their collections, then the records given
 * the collections as they were, straight in the catalogue store. Only tests of legacy archives
 * use it; nothing in the app can write such a record any more.
 */
export async function createLegacyItems(archive: Archive, inputs: ItemCreate[]): Promise<Item[]> {
  const created = await archive.createItems(inputs.map(({ collections: _c, ...rest }) => rest))
  const records = created.map((item, i) => ({ ...archive.catalog.get(item.id)!, collections: inputs[i].collections ?? [] }))
  await archive.catalog.put(records)
  return Promise.all(created.map((i) => archive.getItem(i.id)))
}

/** Runs one `presskeep` command line on an archive, as a person would type it; its output and errors captured. */
export async function cli(archive: string, ...args: string[]) {
  // Loaded on first use: most tests never run the command line.
  const { runCli } = await import('../../electron/cli/cli')
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(['--archive', archive, ...args], { out: (s) => out.push(s), err: (s) => err.push(s) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}
