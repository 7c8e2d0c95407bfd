import { readFileSync, readdirSync } from 'node:fs'
import * as path from 'node:path'
import { unwrap, type Input, type MethodName, type Output, type Result } from '../../../shared/contract'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { newArchivePath } from '../helpers'

/** An archive opened as the app opens it, with a typed caller over the real dispatcher. */
export async function openWorkspace(dir = newArchivePath()) {
  const archive = await Archive.open(dir)
  const dispatch = createDispatcher(() => archive, { allow: ['app', 'trusted'] })
  const call = async <M extends MethodName>(m: M, input: Input<M>): Promise<Output<M>> => unwrap(await dispatch(m, input)) as Output<M>
  const attempt = <M extends MethodName>(m: M, input: Input<M>) => dispatch(m, input) as Promise<Result<Output<M>>>
  const add = async (title: string, fields: Omit<Input<'items:create'>['fields'], 'title'> = {}) =>
    call('items:create', { fields: { title, ...fields } })
  const titles = async (input: Input<'items:list'>) => (await call('items:list', { limit: 1000, ...input })).items.map((i) => i.title).sort()
  const journal = () =>
    readdirSync(path.join(dir, 'journal'))
      .flatMap((f) => readFileSync(path.join(dir, 'journal', f), 'utf8').split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l))
  return { dir, archive, call, attempt, add, titles, journal }
}
