import { describe, it, expect } from 'vitest'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { cli, corpus, newArchivePath, projectRoot, tempDir } from '../helpers'

describe('presskeep command line', () => {
  it('init, add, edit, attach, list, show, trash, restore', async () => {
    const dir = newArchivePath()
    expect((await cli(dir, 'init')).out).toMatch(/Archive Test at .*: 0 item\(s\)\./)
    const added = await cli(dir, '--json', 'add', '--title', 'Speech at the summit', '--date', '2022-11-23', '--type', 'speech', '--language', 'fr', '--tag', 'summit', '--tag', 'region/africa', '--body', 'Mesdames et messieurs')
    expect(added.code).toBe(0)
    const item = JSON.parse(added.out)
    expect(item).toMatchObject({ title: 'Speech at the summit', date: '2022-11-23', type: 'speech', language: 'fr', tags: ['summit', 'region/africa'], body: 'Mesdames et messieurs' })

    expect((await cli(dir, 'edit', item.id, '--outlet', 'Le Monde', '--rights', 'All rights reserved')).out).toBe(`Saved ${item.id}  Speech at the summit`)
    const attached = await cli(dir, 'attach', item.id, corpus('pdf', '2023-06-20-PV.pdf'), corpus('pdf', 'scotus-transcript-p1.pdf'))
    expect(attached.code).toBe(0)
    expect(attached.out.split('\n')).toHaveLength(2)

    const shown = await cli(dir, 'show', item.id)
    expect(shown.out).toContain('outlet      Le Monde')
    expect(shown.out).toMatch(/attachment  \w+  2023-06-20-PV\.pdf  \d+ bytes  application\/pdf  sha256:[0-9a-f]{64}/)
    expect(shown.out).toContain('Mesdames et messieurs')

    const list = JSON.parse((await cli(dir, '--json', 'list')).out)
    expect(list.total).toBe(1)
    expect((await cli(dir, 'trash', item.id)).out).toBe('Moved to the trash: 1 item(s).')
    expect((await cli(dir, 'list')).out).toBe('No items.')
    expect((await cli(dir, 'list', '--trash')).out).toContain(item.id)
    expect((await cli(dir, 'restore', item.id)).out).toBe('Restored: 1 item(s).')
  })

  it('adds items from a JSON file', async () => {
    const dir = newArchivePath()
    const file = path.join(tempDir(), 'items.json')
    writeFileSync(file, JSON.stringify([{ title: 'One', date: '2021' }, { title: 'Two', people: ['Amina Diallo'] }]))
    const r = await cli(dir, '--json', 'add', '--from', file)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out).map((i: { title: string }) => i.title)).toEqual(['One', 'Two'])
  })

  it('fails with a one-line message and a non-zero code', async () => {
    const dir = newArchivePath()
    await cli(dir, 'init')
    const bad = await cli(dir, 'add', '--title', 'x', '--date', '2022-02-30')
    expect(bad.code).toBe(1)
    expect(bad.err).toMatch(/^presskeep: Invalid items:create input: fields\.date must be a date/)
    expect(bad.err.split('\n')).toHaveLength(1)
    const missing = await cli(dir, 'show', 'abcdefgh1234')
    expect(missing).toMatchObject({ code: 1, err: 'presskeep: No item with id abcdefgh1234.' })
    const id = JSON.parse((await cli(dir, '--json', 'add', '--title', 'x')).out).id
    const nofile = await cli(dir, 'attach', id, '/no/such/file.pdf')
    expect(nofile.code).toBe(1)
    expect(nofile.err).toBe('presskeep: Cannot attach /no/such/file.pdf: no such file.')
    expect((await cli(dir, 'frobnicate')).code).toBe(2)
    const notJson = path.join(tempDir(), 'bad.json')
    writeFileSync(notJson, '{oops')
    expect((await cli(dir, 'add', '--from', notJson)).err).toMatch(/bad\.json is not valid JSON/)
    expect((await cli(dir, 'edit', id)).err).toMatch(/Nothing to change/)
  })

  it('runs as a real process through npm run cli', () => {
    const dir = newArchivePath()
    const r = spawnSync('npx', ['tsx', 'electron/cli/index.ts', '--archive', dir, '--json', 'add', '--title', 'From a process'], { cwd: projectRoot, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).title).toBe('From a process')
    const fail = spawnSync('npx', ['tsx', 'electron/cli/index.ts', '--archive', dir, 'show', 'zzzzzzzzzz'], { cwd: projectRoot, encoding: 'utf8' })
    expect(fail.status).toBe(1)
    expect(fail.stderr.trim().split('\n').pop()).toBe('presskeep: No item with id zzzzzzzzzz.')
  })
})
