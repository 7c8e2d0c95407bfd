import { describe, it, expect } from 'vitest'
import { chmodSync, copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import * as path from 'node:path'
import { shardOf } from '../../../electron/core/ids'
import { cli, corpus, newArchivePath, tempDir } from '../helpers'

describe('safety commands', () => {
  it('check, damage, check --report, repair by re-linking from a folder', async () => {
    const dir = newArchivePath()
    const item = JSON.parse((await cli(dir, '--json', 'add', '--title', 'Minutes')).out)
    const attached = JSON.parse((await cli(dir, '--json', 'attach', item.id, corpus('pdf', '2023-06-20-PV.pdf'))).out)
    const sha = attached.attachments[0].sha256
    const ok = await cli(dir, 'check')
    expect(ok.code).toBe(0)
    expect(ok.out).toContain('Everything checks out')

    const stored = path.join(dir, 'files', 'sha256', sha.slice(0, 2), sha)
    chmodSync(stored, 0o644)
    rmSync(stored)
    const reportFile = path.join(tempDir(), 'report.json')
    const bad = await cli(dir, 'check', '--report', reportFile)
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('Missing files (1)')
    expect(bad.out).toContain('2023-06-20-PV.pdf')
    expect(bad.err).toContain('The check found 1 problem(s).')
    const saved = JSON.parse(readFileSync(reportFile, 'utf8'))
    expect(saved.issues[0]).toMatchObject({ kind: 'file-missing', sha256: sha, itemId: item.id })

    const folder = tempDir()
    copyFileSync(corpus('pdf', '2023-06-20-PV.pdf'), path.join(folder, 'found again.pdf'))
    const fixed = await cli(dir, 'check', '--repair-relink', folder)
    expect(fixed.code).toBe(0)
    expect(fixed.out).toContain(`Re-linked: ${sha} from ${path.join(folder, 'found again.pdf')}`)
    expect(fixed.out).toContain('Everything checks out')
  })

  it('backup, backups, restore-backup of an archive that cannot open, history', async () => {
    const dir = newArchivePath()
    const item = JSON.parse((await cli(dir, '--json', 'add', '--title', 'Old title')).out)
    expect((await cli(dir, 'edit', item.id, '--title', 'New title')).code).toBe(0)
    const made = await cli(dir, 'backup')
    expect(made.out).toMatch(/^Backup \S+: 1 catalogue file\(s\)/)
    const list = JSON.parse((await cli(dir, '--json', 'backups')).out)
    expect(list.length).toBeGreaterThanOrEqual(1)

    const shard = path.join(dir, 'catalog', 'items', `${shardOf(item.id)}.json`)
    writeFileSync(shard, '\u0000\u0000garbage')
    const broken = await cli(dir, 'show', item.id)
    expect(broken.code).toBe(1)
    expect(broken.err).toContain(`${shardOf(item.id)}.json is damaged`)
    expect(broken.err).toContain(`presskeep restore-backup ${list[0].name}`)

    const restored = await cli(dir, 'restore-backup', '--damaged-only')
    expect(restored.code).toBe(0)
    expect(restored.out).toContain('Damaged file kept aside: backups/corrupt-')
    expect(readdirSync(path.join(dir, 'backups')).some((n) => n.startsWith('corrupt-'))).toBe(true)
    expect((await cli(dir, 'show', item.id)).out).toContain('New title')

    const history = await cli(dir, 'history', item.id)
    expect(history.out).toMatch(/created\n {4}title: Old title/)
    expect(history.out).toContain('title: Old title → New title')
    const json = JSON.parse((await cli(dir, '--json', 'history', item.id)).out)
    expect(json.map((e: { op: string }) => e.op)).toEqual(['create', 'update'])
    expect((await cli(dir, 'history', 'nosuchitem0')).err).toContain('No item with id nosuchitem0')
  })
})
