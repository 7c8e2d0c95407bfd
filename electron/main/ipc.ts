// Electron IPC transport: one handler per renderer method of the contract, registered in a
// loop; the sender is checked before the dispatcher (which validates the input) is called.
// Types only from 'electron', so tests run it with a stand-in ipcMain.
import { DROP_CHANNEL, channelOf, eventChannelOf, eventNames, rendererMethodNames, ImportPreferencesSchema, type ImportPreferences, type ImportStart, type Result } from '../../shared/contract'
import { LIMITS } from '../../shared/model'
import { checkInputPath } from '../core/import/files/walk'
import type { Archive } from '../core/Archive'
import { toErrorResult, type Dispatch } from '../core/dispatcher'

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

/**
 * Files dropped on the window: paths the preload read from the dropped File objects. Anything
 * but a list of absolute paths (a File made in page script has none) is refused.
 */
export function registerDrop(
  ipcMain: IpcMainLike,
  isTrustedSender: (event: SenderEvent) => boolean,
  startImport: (paths: string[], prefs: ImportPreferences) => ImportStart | null | Promise<ImportStart | null>
): () => void {
  ipcMain.handle(DROP_CHANNEL, async (event, paths, rawPrefs): Promise<Result<ImportStart | null>> => {
    if (!isTrustedSender(event)) return { ok: false, code: 'FORBIDDEN', message: 'This window may not call Presskeep.' }
    if (!Array.isArray(paths) || paths.length > LIMITS.pathsPerCall)
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: `Drop at most ${LIMITS.pathsPerCall.toLocaleString('en')} files or folders at once.`,
        params: { reason: 'TOO_MANY_PATHS', max: LIMITS.pathsPerCall }
      }
    // The import's own rule for a path it is given (full, no "..", no NUL), and the contract's
    // schema for the preferences: the same checks as every other way into an import.
    const good = paths.filter((p): p is string => typeof p === 'string' && p.length <= 4096 && checkInputPath(p) === null)
    if (good.length !== paths.length)
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: 'Only files and folders dragged from your computer can be imported by dropping them here.',
        params: { reason: 'DROP_NOT_FILES' }
      }
    const prefs = ImportPreferencesSchema.safeParse(rawPrefs ?? {})
    if (!prefs.success) return { ok: false, code: 'INVALID_INPUT', message: 'The import preferences sent with the dropped files are not valid.' }
    if (good.length === 0) return { ok: true, value: null }
    try {
      return { ok: true, value: await startImport(good, prefs.data) }
    } catch (err) {
      // The import's own refusal with its reason (a folder it cannot read, a full disk).
      return toErrorResult(err)
    }
  })
  return () => ipcMain.removeHandler(DROP_CHANNEL)
}

/** Forwards every contract event of the archive to the window. */
export function forwardEvents(archive: Archive, send: (channel: string, payload: unknown) => void): () => void {
  const disposers = eventNames.map((name) => archive.on(name, (payload) => send(eventChannelOf(name), payload)))
  return () => disposers.forEach((d) => d())
}

/** The renderer's own pages, and nothing else, may call the API. */
export function trustedSenderCheck(getWindowIds: () => number | null | number[], appOrigin: string) {
  return (event: SenderEvent): boolean => {
    const url = event.senderFrame?.url ?? ''
    // The main window and the reader windows it opened (their ids); no other page.
    const ids = getWindowIds()
    const known = Array.isArray(ids) ? ids.includes(event.sender.id) : event.sender.id === ids
    return known && (url === appOrigin || url.startsWith(appOrigin + '/'))
  }
}
