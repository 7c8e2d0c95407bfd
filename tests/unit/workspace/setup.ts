import { unwrap, type Input, type MethodName, type Output, type Result } from '../../../shared/contract'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { journalOf, openTestArchive, storedSet } from '../../pg/backend'

/**
 * An archive opened as the app opens it, with a typed caller over the real dispatcher; on the
 * back end PK_BACKEND names (tests/pg/backend.ts). `dir` reopens an earlier one.
 */
export async function openWorkspace(where?: string) {
  const { archive, where: dir } = await openTestArchive(where)
  const dispatch = createDispatcher(() => archive, { allow: ['app', 'trusted'] })
  const call = async <M extends MethodName>(m: M, input: Input<M>): Promise<Output<M>> => unwrap(await dispatch(m, input)) as Output<M>
  const attempt = <M extends MethodName>(m: M, input: Input<M>) => dispatch(m, input) as Promise<Result<Output<M>>>
  const add = async (title: string, fields: Omit<Input<'items:create'>['fields'], 'title'> = {}) =>
    call('items:create', { fields: { title, ...fields } })
  const titles = async (input: Input<'items:list'>) => (await call('items:list', { limit: 1000, ...input })).items.map((i) => i.title).sort()
  const journal = () => journalOf(dir)
  const stored = (kind: 'tags' | 'collections' | 'authorities') => storedSet(dir, kind)
  return { dir, archive, call, attempt, add, titles, journal, stored }
}
