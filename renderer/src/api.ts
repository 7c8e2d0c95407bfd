// The renderer's one way to the core: a typed client built from the contract, over whichever
// transport hosts it (the preload's window.presskeep in the desktop app, loopback HTTP in a browser).
import {
  ApiError,
  unwrap,
  type Bridge,
  type EventName,
  type Events,
  type ImportPreferences,
  type ImportStart,
  type Input,
  type Output,
  type RendererMethodName,
  type Result
} from '../../shared/contract'
import type { Item } from '../../shared/model'
import { makeI18n, LANGUAGES, type Lang } from './i18n'

declare global {
  interface Window {
    presskeep?: Bridge
  }
}

export type Transport = {
  kind: 'electron' | 'web'
  invoke(method: RendererMethodName, input: unknown): Promise<Result<unknown>>
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void
  /** A URL that shows an attachment (inline) or downloads it. */
  fileUrl(itemId: string, attachmentId: string, download?: boolean): string
  /** The thumbnail made at import (images, first PDF page), when there is one. */
  thumbUrl(itemId: string, attachmentId: string): string
  /** Browser only: stream a chosen file to the archive. */
  upload?(itemId: string, file: File): Promise<Result<Item>>
  /** Browser only: put a file in the import staging area; returns its token. */
  stage?(file: File): Promise<string>
  /** Desktop only: import files and folders dropped on the window (their paths never reach the page). */
  importDropped?(files: File[], prefs: ImportPreferences): Promise<ImportStart | null>
  /** Team server: the signed-in page's CSRF token, sent with every state-changing request. */
  setCsrf?(token: string): void
  /** Team server: open the event stream again (after signing in anew). */
  reconnect?(): void
}

/** The interface's own words for what went wrong on the way (the server's messages are English). */
const say = () => {
  const lang = document.documentElement.lang as Lang
  return makeI18n(LANGUAGES.includes(lang) ? lang : 'en').t
}

/** Called when the server says the session is over: the window asks the person to sign in again, keeping what is on screen. */
const signedOutListeners = new Set<() => void>()
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener)
  return () => signedOutListeners.delete(listener)
}

function electronTransport(bridge: Bridge): Transport {
  return {
    kind: 'electron',
    invoke: (method, input) => (bridge.api[method] as (i: unknown) => Promise<Result<unknown>>)(input),
    on: (event, listener) => bridge.on(event, listener),
    fileUrl: (itemId, attId) => `presskeep://file/${itemId}/${attId}`,
    thumbUrl: (itemId, attId) => `presskeep://thumb/${itemId}/${attId}`,
    importDropped: async (files, prefs) => unwrap(await bridge.importDropped(files, prefs))
  }
}

// Every URL is relative: the harness serves this page under a per-run path (/w/<scope>/) to
// which its secret cookie is scoped, and the requests must stay under it to carry the cookie.
function webTransport(): Transport {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let source: EventSource | null = null
  let csrf = ''
  const post = async (url: string, body: BodyInit, type: string): Promise<Result<unknown>> => {
    let res: Response
    try {
      res = await fetch(url, { method: 'POST', body, headers: { 'Content-Type': type, 'X-Presskeep-CSRF': csrf }, credentials: 'same-origin' })
    } catch (err) {
      return { ok: false, code: 'IO_ERROR', message: say()('team.unreachable', { detail: (err as Error).message }) }
    }
    if (res.status === 401) {
      let team = false
      try {
        team = ((await res.json()) as { code?: string }).code === 'SIGNED_OUT'
      } catch {
        // The loopback harness answers a missing secret in plain text.
      }
      if (!team) return { ok: false, code: 'FORBIDDEN', message: say()('team.harnessSecret') }
      for (const fn of signedOutListeners) fn()
      return { ok: false, code: 'SIGNED_OUT', message: say()('team.signedOut') }
    }
    let result: Result<unknown>
    try {
      result = (await res.json()) as Result<unknown>
    } catch {
      return { ok: false, code: 'IO_ERROR', message: say()('team.unreachable', { detail: `HTTP ${res.status}` }) }
    }
    if (!result.ok && result.code === 'NOT_PERMITTED') return { ...result, message: say()('team.notPermitted') }
    return result
  }
  const openSource = () => {
    source?.close()
    source = new EventSource('events')
    for (const event of listeners.keys())
      source.addEventListener(event, (e) => {
        const payload = JSON.parse((e as MessageEvent).data)
        for (const fn of listeners.get(event) ?? []) fn(payload)
      })
  }
  return {
    kind: 'web',
    invoke: (method, input) => post(`api/${method}`, JSON.stringify(input ?? {}), 'application/json'),
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        source?.addEventListener(event, (e) => {
          const payload = JSON.parse((e as MessageEvent).data)
          for (const fn of listeners.get(event) ?? []) fn(payload)
        })
      }
      if (!source) openSource()
      set.add(listener as (p: unknown) => void)
      return () => set!.delete(listener as (p: unknown) => void)
    },
    setCsrf: (token) => {
      csrf = token
    },
    reconnect: () => {
      if (source) openSource()
    },
    fileUrl: (itemId, attId, download) => `files/${itemId}/${attId}${download ? '?download=1' : ''}`,
    thumbUrl: (itemId, attId) => `thumbs/${itemId}/${attId}`,
    stage: async (file) => {
      // The path inside a chosen folder, when there is one, names the file in the provenance.
      const origin = file.webkitRelativePath ? `&origin=${encodeURIComponent(file.webkitRelativePath)}` : ''
      const r = (await post(`stage?name=${encodeURIComponent(file.name)}${origin}`, file, 'application/octet-stream')) as Result<{ token: string }>
      return unwrap(r).token
    },
    upload: (itemId, file) =>
      post(`upload/${itemId}?name=${encodeURIComponent(file.name)}`, file, 'application/octet-stream') as Promise<Result<Item>>
  }
}

export const transport: Transport = window.presskeep ? electronTransport(window.presskeep) : webTransport()

export async function call<M extends RendererMethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  return unwrap(await transport.invoke(method, input)) as Output<M>
}

export { ApiError }
