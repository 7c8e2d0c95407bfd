// Builds window.presskeep from the contract in a loop: no per-method code, and never
// ipcRenderer itself. Kept free of the 'electron' import so that tests drive it with a stand-in.
import {
  DROP_CHANNEL,
  channelOf,
  eventChannelOf,
  eventNames,
  rendererMethodNames,
  type Bridge,
  type EventName,
  type ImportPreferences
} from '../../shared/contract'

export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

/**
 * `pathOf` is Electron's webUtils.getPathForFile in the preload: the path of a File the person
 * dropped, '' for any other File. Paths go straight to the main process, never to the page.
 */
export function buildBridge(ipc: IpcRendererLike, pathOf: (file: never) => string = () => ''): Bridge {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const method of rendererMethodNames) {
    const channel = channelOf(method)
    api[method] = (input: unknown) => ipc.invoke(channel, input)
  }
  return {
    host: 'electron',
    api: Object.freeze(api) as Bridge['api'],
    importDropped(files: readonly unknown[], prefs: ImportPreferences = {}) {
      const paths = Array.from(files, (f) => {
        try {
          return pathOf(f as never)
        } catch {
          return ''
        }
      })
      return ipc.invoke(DROP_CHANNEL, paths, prefs) as ReturnType<Bridge['importDropped']>
    },
    on(event: EventName, listener: (payload: never) => void) {
      if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`)
      const wrapped = (_e: unknown, payload: unknown) => listener(payload as never)
      ipc.on(eventChannelOf(event), wrapped)
      return () => {
        ipc.removeListener(eventChannelOf(event), wrapped)
      }
    }
  } as Bridge
}
