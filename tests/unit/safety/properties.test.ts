// Property-based tests (fast-check): random sequences of archive operations, through the same
// dispatcher every transport uses, against a plain in-memory model; and random input to every
// method, which must always come back as a Result, never as a throw.
import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { checkArchive } from '../../../electron/core/safety/integrity'
import { ERROR_CODES, methodNames, type Result } from '../../../shared/contract'
import { ItemCreateSchema, ItemPatchSchema, LIMITS } from '../../../shared/model'
import { normaliseTagName } from '../../../electron/core/workspace/names'
import { newArchivePath, tempDir } from '../helpers'

/** The catalogue's own tag rules (no control characters, no empty levels…), applied after the schema. */
function tagsAfterCatalogue(tags: string[] | undefined): { ok: true; tags?: string[] } | { ok: false } {
  if (tags === undefined) return { ok: true }
  try {
    return { ok: true, tags: [...new Set(tags.map((t) => normaliseTagName(t)))] }
  } catch {
    return { ok: false }
  }
}

const SEED = Number(process.env.PK_FC_SEED ?? Date.now() % 1e9)
const RUNS = Number(process.env.PK_FC_RUNS ?? 30)

type Model = { title: string; body: string; notes: string; tags: string[]; date: string; trashed: boolean; attachments: string[] }

// Text as people (and broken importers) produce it: any code point, Arabic, accents, blanks.
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '  Fez  ', 'مؤتمر صحفي', 'Déclaration « École »', 'a\u0000b', '\ud800', 'x'.repeat(LIMITS.shortText + 1))
)
const tagList = fc.array(text, { maxLength: 4 })
const date = fc.constantFrom('', '2022', '2022-11', '2022-11-23', '2022-02-30', '2022-11-22/2022-11-25', '2025/2020', 'yesterday')

const op = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), title: text, body: text, tags: tagList, date }) },
  {
    weight: 4,
    arbitrary: fc.record(
      { kind: fc.constant('update' as const), at: fc.nat(), title: text, body: text, notes: text, tags: tagList, date },
      { requiredKeys: ['kind', 'at'] }
    )
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('trash' as const, 'restore' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('attach' as const), at: fc.nat(), content: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('detach' as const), at: fc.nat(), which: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) }
)

describe('archive operations against a model (fast-check)', () => {
  it('after any sequence of valid and invalid calls and a reopen, the archive equals the model', async () => {
    const files = tempDir()
    const contents = ['one', 'two', '', 'Fez مؤتمر'].map((c, i) => {
      const f = path.join(files, `f${i}.txt`)
      writeFileSync(f, c)
      return { file: f, sha: createHash('sha256').update(c).digest('hex') }
    })
    let calls = 0
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 18 }), async (ops) => {
        const dir = newArchivePath()
        let a = await Archive.open(dir)
        const call = (m: string, input: unknown) => createDispatcher(() => a, { allow: ['app', 'trusted'] })(m, input)
        const model = new Map<string, Model>()
        const order: string[] = []
        const ids = () => order
        try {
          for (const o of ops) {
            calls++
            if (o.kind === 'create') {
              const fields = { title: o.title, body: o.body, tags: o.tags, date: o.date }
              const r = await call('items:create', { fields })
              const valid = ItemCreateSchema.safeParse(fields)
              const tags = valid.success ? tagsAfterCatalogue(valid.data.tags) : { ok: false as const }
              expect(r.ok, JSON.stringify(r)).toBe(valid.success && tags.ok)
              if (!r.ok) expect(r.code).toBe('INVALID_INPUT')
              if (r.ok && valid.success && tags.ok) {
                const item = r.value as { id: string }
                const d = valid.data
                model.set(item.id, { title: d.title, body: d.body ?? '', notes: '', tags: tags.tags ?? [], date: d.date ?? '', trashed: false, attachments: [] })
                order.push(item.id)
              }
            } else if (o.kind === 'update') {
              if (order.length === 0) continue
              const id = ids()[o.at % order.length]
              const patch: Record<string, unknown> = {}
              for (const k of ['title', 'body', 'notes', 'tags', 'date'] as const) if (o[k] !== undefined) patch[k] = o[k]
              const r = await call('items:update', { id, fields: patch })
              const valid = ItemPatchSchema.safeParse(patch)
              const tags = valid.success ? tagsAfterCatalogue(valid.data.tags) : { ok: false as const }
              expect(r.ok, JSON.stringify(r)).toBe(valid.success && tags.ok)
              if (r.ok && valid.success && tags.ok) Object.assign(model.get(id)!, stripUndefined({ ...valid.data, tags: tags.tags }))
            } else if (o.kind === 'trash' || o.kind === 'restore') {
              if (order.length === 0) continue
              const chosen = o.at.map((i) => order[i % order.length])
              const r = (await call(`items:${o.kind}`, { ids: chosen })) as Result<{ count: number }>
              expect(r.ok).toBe(true)
              const unique = [...new Set(chosen)]
              const changing = unique.filter((id) => model.get(id)!.trashed !== (o.kind === 'trash'))
              expect(r.ok && r.value.count).toBe(changing.length)
              for (const id of unique) model.get(id)!.trashed = o.kind === 'trash'
            } else if (o.kind === 'attach') {
              if (order.length === 0) continue
              const id = order[o.at % order.length]
              const r = await call('attachments:addFiles', { itemId: id, paths: [contents[o.content].file] })
              expect(r.ok, JSON.stringify(r)).toBe(true)
              model.get(id)!.attachments.push(contents[o.content].sha)
            } else if (o.kind === 'detach') {
              if (order.length === 0) continue
              const id = order[o.at % order.length]
              const item = (await call('items:get', { id })) as Result<{ attachments: Array<{ id: string }> }>
              if (!item.ok || item.value.attachments.length === 0) continue
              const idx = o.which % item.value.attachments.length
              const r = await call('attachments:remove', { itemId: id, attachmentId: item.value.attachments[idx].id })
              expect(r.ok).toBe(true)
              model.get(id)!.attachments.splice(idx, 1)
            } else {
              await a.close()
              a = await Archive.open(dir)
            }
          }
          await a.close()
          a = await Archive.open(dir)
          expect(a.catalog.size).toBe(model.size)
          for (const [id, want] of model) {
            const got = await a.getItem(id)
            expect({ title: got.title, body: got.body, notes: got.notes, tags: got.tags, date: got.date, trashed: got.trashed !== null, attachments: got.attachments.map((x) => x.sha256) }).toEqual(want)
          }
          const list = (await call('items:list', { limit: 1000 })) as Result<{ total: number }>
          expect(list.ok && list.value.total).toBe([...model.values()].filter((m) => !m.trashed).length)
          expect((await checkArchive(a)).ok).toBe(true)
        } finally {
          await a.close()
        }
      }),
      { numRuns: RUNS, seed: SEED }
    )
    expect(calls).toBeGreaterThan(RUNS)
  }, 120_000)
})

describe('dispatcher under random input (fast-check)', () => {
  it('answers every method and every JSON value with a Result, never a throw', async () => {
    const dir = newArchivePath()
    const a = await Archive.open(dir)
    const item = await a.createItem({ title: 'Target', body: 'body' })
    const renderer = createDispatcher(() => a, { allow: ['app', 'host'] })
    const names = [...methodNames, 'nope', '__proto__', 'constructor', 'toString', 'items:list ', '']
    // Inputs near the real shapes reach deeper than pure noise: valid ids, known field names.
    const near = fc.record(
      {
        id: fc.oneof(fc.constant(item.id), fc.string()),
        ids: fc.array(fc.oneof(fc.constant(item.id), fc.string()), { maxLength: 3 }),
        itemId: fc.oneof(fc.constant(item.id), fc.string()),
        fields: fc.dictionary(fc.constantFrom('title', 'body', 'date', 'tags', 'type', 'language', 'warnings', 'provenance', '__proto__', 'id'), fc.jsonValue({ maxDepth: 2 })),
        limit: fc.oneof(fc.integer(), fc.double()),
        offset: fc.oneof(fc.integer(), fc.constant(-1), fc.constant(Number.MAX_SAFE_INTEGER)),
        snapshot: fc.string(),
        view: fc.string()
      },
      { requiredKeys: [] }
    )
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.oneof(fc.jsonValue({ maxDepth: 3 }), near, fc.anything({ maxDepth: 2 })), async (method, input) => {
        n++
        let r: Result<unknown>
        try {
          r = await renderer(method, input)
        } catch (err) {
          throw new Error(`${method} threw on ${JSON.stringify(input)}: ${(err as Error).message}`)
        }
        expect(typeof r.ok).toBe('boolean')
        if (!r.ok) {
          expect(ERROR_CODES).toContain(r.code)
          expect(typeof r.message).toBe('string')
          // Every refusal is a sentence a person can read, not an internal failure.
          expect(r.code, `${method} ${JSON.stringify(input)}: ${r.message}`).not.toBe('INTERNAL')
        }
      }),
      { numRuns: Number(process.env.PK_FC_DISPATCH_RUNS ?? 3000), seed: SEED }
    )
    expect(n).toBeGreaterThanOrEqual(3000)
    // Whatever was thrown at it, the archive is sound and still opens.
    expect((await checkArchive(a)).ok).toBe(true)
    await a.close()
    const b = await Archive.open(dir)
    expect(b.catalog.get(item.id)).toBeDefined()
    await b.close()
  }, 120_000)
})

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
