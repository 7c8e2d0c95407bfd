// Team archives in the desktop app, the parts free of the runtime 'electron' import (so tests run
// them under Node): the address a person types, asking the server whether it is a Presskeep team
// server, the recent team archives, and the options of the window that shows one. That window
// loads the server's own interface over HTTPS with NO preload: the page talks to the server only
// (the local archive's bridge is never within its reach), signs in on the server's sign-in page,
// and keeps its cookies in a partition of its own per server. Navigation away from the page is
// refused for it as for every window (hardenContents, for all web contents).
import { promises as fsp } from 'node:fs'
import type { BrowserWindowConstructorOptions } from 'electron'
import { HARDENED_WEB_PREFERENCES, WINDOW_FRAME } from './security'

export type TeamArchiveEntry = { url: string; name: string; lastOpened: string }

const isLoopbackHost = (h: string) => h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h)

/** The server's address from what the person typed: https (http only on this machine), no path, no credentials. */
export function normalizeTeamUrl(input: string): URL {
  const text = input.trim()
  if (!text) throw new Error('Type the address of the team server, e.g. https://archive.example.org:8443.')
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    throw new Error(`"${text.slice(0, 200)}" is not a web address.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('A team server is reached over https://.')
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new Error('Only a server on this machine may be reached over plain http://: passwords would cross the network in clear. Use https://.')
  if (url.username || url.password) throw new Error('Leave the name and password out of the address: the server asks for them.')
  return new URL(url.origin + '/')
}

export type Probe = { ok: true } | { ok: false; reason: string }

/** Asks the server who it is: a Presskeep team server answers auth/session with {mode: 'team'}. */
export async function probeTeamServer(url: URL, fetchFn: typeof fetch = fetch, timeoutMs = 10_000): Promise<Probe> {
  let res: Response
  try {
    res = await fetchFn(new URL('auth/session', url), { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    return { ok: false, reason: `${url.host} is not answering (${cause?.code ?? cause?.message ?? (err as Error).message}). Check the address, and that the server is running and reachable from here.` }
  }
  try {
    const body = (await res.json()) as { mode?: string }
    if (res.ok && body.mode === 'team') return { ok: true }
  } catch {
    // Not JSON: not ours.
  }
  return { ok: false, reason: `${url.host} answers, but it is not a Presskeep team server.` }
}

/** The recent team archives, newest first, at most `max`: kept in a small JSON file of the person's profile. */
export class RecentTeamArchives {
  constructor(
    private readonly file: string,
    private readonly max = 10
  ) {}

  async list(): Promise<TeamArchiveEntry[]> {
    try {
      const data = JSON.parse(await fsp.readFile(this.file, 'utf8'))
      if (!Array.isArray(data)) return []
      return data.filter((e): e is TeamArchiveEntry => !!e && typeof e.url === 'string' && typeof e.name === 'string').slice(0, this.max)
    } catch {
      return []
    }
  }

  async add(url: URL, name = url.host): Promise<TeamArchiveEntry[]> {
    const entry: TeamArchiveEntry = { url: url.href, name, lastOpened: new Date().toISOString() }
    const list = [entry, ...(await this.list()).filter((e) => e.url !== url.href)].slice(0, this.max)
    await fsp.writeFile(this.file, JSON.stringify(list, null, 1) + '\n')
    return list
  }
}

/** A window for a team archive: the app window's hardening, no preload, a cookie jar per server. */
export function teamWindowOptions(url: URL): BrowserWindowConstructorOptions {
  return { ...WINDOW_FRAME, title: `${url.host} — Presskeep`, webPreferences: { partition: `persist:team-${url.host}`, ...HARDENED_WEB_PREFERENCES } }
}
