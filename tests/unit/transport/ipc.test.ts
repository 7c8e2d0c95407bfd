// The real preload bridge and main-process IPC loop, joined by a stand-in for Electron's
// ipcMain/ipcRenderer that behaves like Electron's (structured clone across the boundary).
import { describe, it, expect, afterEach } from 'vitest'
import { EventEmitter } from 'node:events'
import { Archive } from '../../../electron/core/Archive'
import { createDispatcher } from '../../../electron/core/dispatcher'
import { forwardEvents, registerApi, registerDrop, trustedSenderCheck, type IpcMainLike, type SenderEvent } from '../../../electron/main/ipc'
import { startImportJob } from '../../../electron/core/import/files'
import * as path from 'node:path'
import { buildBridge } from '../../../electron/preload/bridge'
import { APP_ORIGIN } from '../../../electron/main/security'
import { api, channelOf, rendererMethodNames } from '../../../shared/contract'
import { LIMITS } from '../../../shared/model'
import { newArchivePath } from '../helpers'

class FakeIpc {
  handlers = new Map<string, (event: SenderEvent, ...args: unknown[]) => unknown>()
  renderer = new EventEmitter()
  constructor(public frameUrl: string, public senderId = 1) {}
  ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      this.handlers.set(channel, listener)
    },
    removeHandler: (channel) => void this.handlers.delete(channel)
  }
  ipcRenderer = {
    invoke: async (channel: string, ...args: unknown[]) => {
      const h = this.handlers.get(channel)
      if (!h) throw new Error(`No handler registered for '${channel}'`)
      const event: SenderEvent = { sender: { id: this.senderId }, senderFrame: { url: this.frameUrl } }
      return structuredClone(await h(event, ...args.map((a) => structuredClone(a))))
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => this.renderer.on(channel, fn),
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => this.renderer.removeListener(channel, fn)
  }
  send = (channel: string, payload: unknown) => this.renderer.emit(channel, {}, structuredClone(payload))
}

let archive: Archive | null = null
afterEach(async () => {
  await archive?.close()
  archive = null
})

async function setup(frameUrl = `${APP_ORIGIN}/index.html`, senderId = 1) {
  archive = await Archive.open(newArchivePath())
  const fake = new FakeIpc(frameUrl, senderId)
  const dispatch = createDispatcher(() => archive!, { allow: ['app', 'host'], host: { 'attachments:pick': async () => null } })
  const dispose = registerApi(fake.ipcMain, dispatch, trustedSenderCheck(() => 1, APP_ORIGIN))
  forwardEvents(archive, fake.send)
  return { fake, bridge: buildBridge(fake.ipcRenderer), dispose }
}

describe('Electron IPC wiring (stand-in ipcMain/ipcRenderer, real preload and dispatcher)', () => {
  it('registers exactly one channel per renderer method of the contract', async () => {
    const { fake, bridge, dispose } = await setup()
    expect([...fake.handlers.keys()].sort()).toEqual(rendererMethodNames.map(channelOf).sort())
    expect(Object.keys(bridge.api).sort()).toEqual([...rendererMethodNames].sort())
    expect(Object.keys(bridge.api)).not.toContain('attachments:addFiles')
    expect(Object.keys(api)).toContain('attachments:addFiles')
    dispose()
    expect(fake.handlers.size).toBe(0)
  })

  it('creates, edits and lists items through the bridge', async () => {
    const { bridge } = await setup()
    const created = await bridge.api['items:create']({ fields: { title: 'Via IPC', language: 'fr' } })
    expect(created.ok).toBe(true)
    if (!created.ok) return
    const updated = await bridge.api['items:update']({ id: created.value.id, fields: { body: 'Corps du texte' } })
    expect(updated.ok && updated.value.body).toBe('Corps du texte')
    const list = await bridge.api['items:list']({})
    expect(list.ok && list.value.items.map((i) => i.title)).toEqual(['Via IPC'])
  })

  it('validates input before the core and returns errors as data', async () => {
    const { bridge } = await setup()
    const r = await bridge.api['items:create']({ fields: { title: 'x', date: 'yesterday' } } as never)
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'fields.date' })
    const extra = await bridge.api['items:create']({ fields: { title: 'x', evil: true } } as never)
    expect(extra).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })

  it('refuses calls from a frame that is not the app', async () => {
    const { bridge } = await setup('https://evil.example/page.html')
    expect(await bridge.api['archive:info']({})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('refuses calls from another window', async () => {
    const { bridge } = await setup(`${APP_ORIGIN}/index.html`, 99)
    expect(await bridge.api['archive:info']({})).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })

  it('delivers events to subscribers and stops after unsubscribe', async () => {
    const { bridge } = await setup()
    const seen: string[] = []
    const off = bridge.on('items:changed', (p) => seen.push(p.reason))
    await bridge.api['items:create']({ fields: { title: 'a' } })
    off()
    await bridge.api['items:create']({ fields: { title: 'b' } })
    expect(seen).toEqual(['create'])
  })

  it('calls host handlers for host methods', async () => {
    const { bridge } = await setup()
    const created = await bridge.api['items:create']({ fields: { title: 'a' } })
    if (!created.ok) throw new Error('create failed')
    expect(await bridge.api['attachments:pick']({ itemId: created.value.id })).toEqual({ ok: true, value: null })
    expect(await bridge.api['attachments:saveAs']({ itemId: created.value.id, attachmentId: 'abcdefgh12' })).toMatchObject({
      code: 'HOST_UNSUPPORTED',
      params: { reason: 'DESKTOP_ONLY' }
    })
  })

  it('imports files and folders dropped on the window: paths read by the preload, never named by the page', async () => {
    archive = await Archive.open(newArchivePath())
    const a = archive
    const fake = new FakeIpc(`${APP_ORIGIN}/index.html`)
    const jobs: Array<Promise<unknown>> = []
    registerDrop(fake.ipcMain, trustedSenderCheck(() => 1, APP_ORIGIN), (paths) => {
      const job = startImportJob(a, paths)
      jobs.push(job.done)
      return { jobId: job.id }
    })
    // Stand-in for webUtils.getPathForFile: dropped files carry a path, files made by script do not.
    const dropped = new Map<object, string>()
    const bridge = buildBridge(fake.ipcRenderer, ((f: object) => dropped.get(f) ?? '') as never)
    const pdf = { name: 'p1.pdf' }
    const feeds = { name: 'feeds' }
    dropped.set(pdf, path.resolve('../shared/corpus/pdf/scotus-transcript-p1.pdf'))
    dropped.set(feeds, path.resolve('../shared/corpus/feeds'))
    const r = await bridge.importDropped([pdf, feeds])
    expect(r.ok).toBe(true)
    expect(r.ok && r.value && 'jobId' in r.value && r.value.jobId).toMatch(/^[0-9a-f-]{36}$/)
    await Promise.all(jobs)
    expect(a.catalog.size).toBeGreaterThan(5) // the PDF and the feeds' entries
    expect([...a.catalog.all()].some((i) => i.attachments.some((x) => x.name === 'scotus-transcript-p1.pdf'))).toBe(true)

    // A File made in page script has no path: refused, nothing imported.
    const before = a.catalog.size
    expect(await bridge.importDropped([{ name: 'made-up.txt' }])).toMatchObject({ ok: false, code: 'INVALID_INPUT', params: { reason: 'DROP_NOT_FILES' } })
    // More than one import takes: said with the limit, for the window to say in its language.
    const many = Array.from({ length: LIMITS.pathsPerCall + 1 }, () => pdf)
    expect(await bridge.importDropped(many)).toMatchObject({ ok: false, code: 'INVALID_INPUT', params: { reason: 'TOO_MANY_PATHS', max: LIMITS.pathsPerCall } })
    const climbing = { name: 'up' }
    dropped.set(climbing, path.resolve('../shared/corpus/../corpus/feeds').replace('/corpus/feeds', '/corpus/../corpus/feeds'))
    expect(await bridge.importDropped([climbing])).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await bridge.importDropped([pdf], { ocrLanguages: ['klingon'] } as never)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect(await bridge.importDropped([])).toEqual({ ok: true, value: null })
    expect(a.catalog.size).toBe(before)

    // Another window may not drop.
    const other = new FakeIpc('https://evil.example/', 2)
    registerDrop(other.ipcMain, trustedSenderCheck(() => 1, APP_ORIGIN), () => {
      throw new Error('must not start')
    })
    const evil = buildBridge(other.ipcRenderer, (() => '/etc/passwd') as never)
    expect(await evil.importDropped([{}])).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
