// Electron IPC transport: one handler per renderer method of the contract, registered in a
// loop; the sender is checked before the dispatcher (which validates the input) is called.
// Types only from 'electron', so tests run it with a stand-in ipcMain.
import { channelOf, eventChannelOf, eventNames, rendererMethodNames, type Result } from '../../shared/contract'
import type { Archive } from '../core/Archive'
import type { Dispatch } from '../core/dispatcher'

export type SenderEvent = { sender: { id: number }; senderFrame: { url: string } | null }

export type IpcMainLike = {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export function registerApi(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedSender: (event: SenderEvent) => boolean
): () => void {
  const channels = rendererMethodNames.map((method) => {
    const channel = channelOf(method)
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) return { ok: false, code: 'FORBIDDEN', message: 'This window may not call Presskeep.' }
      return dispatch(method, input)
    })
    return channel
  })
  return () => channels.forEach((c) => ipcMain.removeHandler(c))
}

/** Forwards every contract event of the archive to the window. */
export function forwardEvents(archive: Archive, send: (channel: string, payload: unknown) => void): () => void {
  const disposers = eventNames.map((name) => archive.on(name, (payload) => send(eventChannelOf(name), payload)))
  return () => disposers.forEach((d) => d())
}

/** The renderer's own pages, and nothing else, may call the API. */
export function trustedSenderCheck(getWindowId: () => number | null, appOrigin: string) {
  return (event: SenderEvent): boolean => {
    const url = event.senderFrame?.url ?? ''
    return event.sender.id === getWindowId() && (url === appOrigin || url.startsWith(appOrigin + '/'))
  }
}
