import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { afterEach } from 'vitest'

export const corpus = (...parts: string[]) => path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus', ...parts)
export const projectRoot = path.resolve(__dirname, '..', '..')

const made: string[] = []
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true })
})

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
