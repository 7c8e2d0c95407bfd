// Readers in windows of their own (desktop app). Types only from 'electron': the windows are
// made by the caller (same preload, same hardening, same CSP as the main window), so the logic
// here runs under Node in the tests with stand-in windows.
import { viewerHash, type ViewerTarget } from '../../shared/viewerWindow'

export type ViewerWindowLike = {
  webContents: { id: number; send(channel: string, payload: unknown): void }
  loadURL(url: string): Promise<void>
  on(event: 'closed', listener: () => void): void
  once(event: 'ready-to-show', listener: () => void): void
  show(): void
  focus(): void
  close(): void
}

/** The reader windows open now, one per attachment: asking again for one already open brings it forward. */
export class ViewerWindows {
  private readonly open = new Map<string, { win: ViewerWindowLike; contentsId: number }>()

  constructor(
    private readonly make: () => ViewerWindowLike,
    private readonly appOrigin: string
  ) {}

  async show(target: ViewerTarget): Promise<ViewerWindowLike> {
    const key = `${target.itemId}/${target.attachmentId}`
    const url = `${this.appOrigin}/index.html${viewerHash(target)}`
    const known = this.open.get(key)
    if (known) {
      // Asked for at a region: the window goes there (its page reloads at the new address).
      if (target.regionId) await known.win.loadURL(url)
      known.win.focus()
      return known.win
    }
    const win = this.make()
    const contentsId = win.webContents.id
    this.open.set(key, { win, contentsId })
    win.on('closed', () => this.open.delete(key))
    win.once('ready-to-show', () => win.show())
    await win.loadURL(url)
    return win
  }

  /** The web contents of every reader window: they may call the API, as the main window does. */
  contentsIds(): number[] {
    return [...this.open.values()].map((o) => o.contentsId)
  }

  /** Archive events go to every reader window too, so each shows the item as it is now. */
  send(channel: string, payload: unknown): void {
    for (const { win } of this.open.values()) win.webContents.send(channel, payload)
  }

  /** Another archive opened: its readers belong to the old one. */
  closeAll(): void {
    for (const { win } of [...this.open.values()]) win.close()
    this.open.clear()
  }
}
