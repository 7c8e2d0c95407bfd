// Limits where input enters: every oversized argument is refused by the contract's schemas
// with INVALID_INPUT naming the field, before the core sees it, and nothing is changed.
import { describe, it, expect } from 'vitest'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { LIMITS } from '../../../shared/model'
import { newArchivePath } from '../helpers'

describe('input limits', () => {
  it('refuses oversized arguments with a clear error naming the field', async () => {
    const a = await Archive.open(newArchivePath())
    const item = await a.createItem({ title: 'x' })
    const call = createDispatcher(() => a, { allow: ['app', 'trusted'] })
    const long = (n: number) => 'x'.repeat(n)
    const cases: Array<[string, unknown, string]> = [
      ['items:create', { fields: { title: long(LIMITS.shortText + 1) } }, 'fields.title'],
      ['items:create', { fields: { title: 'ok', outlet: long(LIMITS.shortText + 1) } }, 'fields.outlet'],
      ['items:create', { fields: { title: 'ok', tags: Array.from({ length: LIMITS.listEntries + 1 }, (_, i) => `t${i}`) } }, 'fields.tags'],
      ['items:create', { fields: { title: 'ok', tags: [long(LIMITS.shortText + 1)] } }, 'fields.tags.0'],
      ['items:create', { fields: { title: 'ok', date: long(10_000) } }, 'fields.date'],
      ['items:create', { fields: { title: 'ok', language: long(10_000) } }, 'fields.language'],
      ['items:create', { fields: { title: 'ok', provenance: { method: 'x', importedAt: long(10_000) } } }, 'fields.provenance.importedAt'],
      ['items:create', { fields: { title: 'ok', warnings: Array.from({ length: 101 }, () => ({ code: 'w', message: 'm' })) } }, 'fields.warnings'],
      ['items:create', { fields: { title: 'ok', unknownField: 1 } }, 'fields'],
      ['items:update', { id: item.id, fields: { body: long(LIMITS.longText + 1) } }, 'fields.body'],
      ['items:update', { id: long(41), fields: {} }, 'id'],
      ['items:trash', { ids: Array.from({ length: LIMITS.idsPerCall + 1 }, () => item.id) }, 'ids'],
      ['items:trash', { ids: [] }, 'ids'],
      ['items:list', { limit: LIMITS.pageSize + 1 }, 'limit'],
      ['items:list', { offset: -1 }, 'offset'],
      ['attachments:addFiles', { itemId: item.id, paths: Array.from({ length: LIMITS.pathsPerCall + 1 }, () => '/x') }, 'paths'],
      ['attachments:addFiles', { itemId: item.id, paths: [long(4097)] }, 'paths.0'],
      ['archive:repair', { dir: long(4097) }, 'dir'],
      ['archive:restoreBackup', { snapshot: long(200) }, 'snapshot'],
      ['archive:restoreBackup', { snapshot: '../../../../etc/passwd' }, 'snapshot'],
      ['items:history', { id: item.id, limit: 10_001 }, 'limit'],
      ['archive:check', { extra: true }, '']
    ]
    for (const [method, input, field] of cases) {
      const r = await call(method, input)
      expect(r, `${method} ${field}`).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      if (!r.ok) {
        expect(r.field ?? '', `${method}: ${r.message}`).toBe(field)
        expect(r.message).toMatch(new RegExp(`^Invalid ${method} input: `))
        expect(r.message.length).toBeLessThan(400)
      }
    }
    // Too many files for one call: said with the limit (not as a field holding an odd value).
    const many = await call('attachments:addFiles', { itemId: item.id, paths: Array.from({ length: LIMITS.pathsPerCall + 1 }, () => '/x') })
    expect(many).toMatchObject({ ok: false, params: { reason: 'TOO_MANY_PATHS', max: LIMITS.pathsPerCall } })
    expect(a.catalog.size).toBe(1)
    expect((await a.getItem(item.id)).trashed).toBeNull()
    await a.close()
  })
})
