// Reader windows of the desktop app, run under Node with stand-in windows (no Electron binary
// here): the address each loads, one window per attachment, the API open to them and to no
// other page, archive events sent to them, all closed when another archive opens.
import { describe, expect, it } from 'vitest'
import { ViewerWindows, type ViewerWindowLike } from '../../../electron/main/viewerWindows'
import { trustedSenderCheck } from '../../../electron/main/ipc'
import { parseViewerHash, viewerHash } from '../../../shared/viewerWindow'

const ORIGIN = 'presskeep://app'
const ITEM = '0mx5hv0bs000n7jvktlt'
const ATT = '0mx5hv0bs100abcdefgh'

function stand_in(id: number) {
  const w = {
    loaded: [] as string[],
    sent: [] as string[],
    focused: 0,
    closedBy: [] as Array<() => void>,
    webContents: { id, send: (channel: string) => void w.sent.push(channel) },
    loadURL: async (url: string) => void w.loaded.push(url),
    on: (_e: 'closed', f: () => void) => void w.closedBy.push(f),
    once: (_e: 'ready-to-show', f: () => void) => f(),
    show: () => {},
    focus: () => void w.focused++,
    close: () => w.closedBy.forEach((f) => f())
  }
  return w satisfies ViewerWindowLike
}

describe('reader windows', () => {
  it('load the app page with the attachment in the fragment, which the renderer reads back (and nothing malformed)', () => {
    expect(parseViewerHash(viewerHash({ itemId: ITEM, attachmentId: ATT }))).toEqual({ itemId: ITEM, attachmentId: ATT })
    expect(parseViewerHash(viewerHash({ itemId: ITEM, attachmentId: ATT, regionId: 'rg12345678' }))).toEqual({ itemId: ITEM, attachmentId: ATT, regionId: 'rg12345678' })
    for (const bad of ['', '#', '#viewer=', `#viewer=${ITEM}`, `#viewer=${ITEM}/../x`, `#viewer=${ITEM}/${ATT}/a/b`, `#viewer=${ITEM}/${ATT}/<script>`, `#viewer=../${ATT}`])
      expect(parseViewerHash(bad), bad).toBeNull()
  })

  it('one per attachment; they may call the API while open; they get the archive events; closed with the archive', async () => {
    let next = 10
    const made: Array<ReturnType<typeof stand_in>> = []
    const viewers = new ViewerWindows(() => {
      const w = stand_in(next++)
      made.push(w)
      return w
    }, ORIGIN)
    await viewers.show({ itemId: ITEM, attachmentId: ATT })
    expect(made[0].loaded).toEqual([`${ORIGIN}/index.html#viewer=${ITEM}/${ATT}`])
    // Again for the same attachment: the window comes forward; at a region, it goes there.
    await viewers.show({ itemId: ITEM, attachmentId: ATT })
    await viewers.show({ itemId: ITEM, attachmentId: ATT, regionId: 'rg12345678' })
    expect(made).toHaveLength(1)
    expect(made[0].focused).toBe(2)
    expect(made[0].loaded.at(-1)).toBe(`${ORIGIN}/index.html#viewer=${ITEM}/${ATT}/rg12345678`)

    const trusted = trustedSenderCheck(() => [1, ...viewers.contentsIds()], ORIGIN)
    const from = (id: number, url = `${ORIGIN}/index.html#viewer=${ITEM}/${ATT}`) => trusted({ sender: { id }, senderFrame: { url } })
    expect(from(1, `${ORIGIN}/index.html`)).toBe(true)
    expect(from(10)).toBe(true)
    expect(from(11)).toBe(false)
    expect(from(10, 'https://example.org/')).toBe(false)

    viewers.send('event:items:changed', { ids: [ITEM] })
    expect(made[0].sent).toEqual(['event:items:changed'])

    viewers.closeAll()
    expect(viewers.contentsIds()).toEqual([])
    expect(from(10)).toBe(false)
    await viewers.show({ itemId: ITEM, attachmentId: ATT })
    expect(made).toHaveLength(2)
  })
})
