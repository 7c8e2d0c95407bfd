// Team archives in the desktop app, the parts free of the runtime 'electron' import (so tests run
// them under Node): the address a person types, asking the server whether it is a Presskeep team
// server, the recent team archives, and the options of the window that shows one. That window
// loads the server's own interface over HTTPS with NO preload: the page talks to the server only
// (the local archive's bridge is never within its reach), signs in on the server's sign-in page,
// and keeps its cookies in a partition of its own per server. Navigation away from the page is
// refused for it as for every window (hardenContents, for all web contents).
import { promises as fsp } from 'node:fs'
import type { BrowserWindowConstructorOptions } from 'electron'
import { CoreError } from '../core/errors'
import { HARDENED_WEB_PREFERENCES, WINDOW_FRAME } from './security'

export type TeamArchiveEntry = { url: string; name: string; lastOpened: string }

const isLoopbackHost = (h: string) => h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h)

/** The server's address from what the person typed: https (http only on this machine), no path, no credentials. */
export function normalizeTeamUrl(input: string): URL {
  const text = input.trim()
  if (!text) throw new CoreError('INVALID_INPUT', 'Type the address of the team server, e.g. https://archive.example.org:8443.', 'url', { reason: 'TEAM_ADDRESS_EMPTY' })
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`)
  } catch {
    throw new CoreError('INVALID_INPUT', `"${text.slice(0, 200)}" is not a web address.`, 'url', { reason: 'TEAM_ADDRESS_INVALID', value: text.slice(0, 200) })
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CoreError('INVALID_INPUT', 'A team server is reached over https://.', 'url', { reason: 'TEAM_ADDRESS_SCHEME', value: url.protocol })
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new CoreError('INVALID_INPUT', 'Only a server on this machine may be reached over plain http://: passwords would cross the network in clear. Use https://.', 'url', {
      reason: 'TEAM_ADDRESS_PLAIN_HTTP',
      host: url.host
    })
  if (url.username || url.password)
    throw new CoreError('INVALID_INPUT', 'Leave the name and password out of the address: the server asks for them.', 'url', { reason: 'TEAM_ADDRESS_CREDENTIALS' })
  return new URL(url.origin + '/')
}

export type Probe = { ok: true } | { ok: false; error: CoreError }

/** Certificate failures as Node's TLS names them (self-signed, expired, another name, unknown issuer). */
const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/

/** Why the server did not answer, as a refusal the interface says in its language (the system's code kept as the detail). */
function unreachable(url: URL, err: unknown): CoreError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  const detail = String(cause?.code ?? cause?.message ?? (err as Error).message)
  const host = url.host
  const said = `${host} is not answering (${detail}). Check the address, and that the server is running and reachable from here.`
  if ((err as Error).name === 'TimeoutError') return new CoreError('IO_ERROR', said, 'url', { reason: 'TEAM_SERVER_SILENT', host })
  if (detail === 'ECONNREFUSED') return new CoreError('IO_ERROR', said, 'url', { reason: 'TEAM_SERVER_REFUSED', host })
  if (detail === 'ENOTFOUND' || detail === 'EAI_AGAIN') return new CoreError('IO_ERROR', said, 'url', { reason: 'TEAM_SERVER_UNKNOWN', host })
  if (CERTIFICATE_CODES.test(detail))
    return new CoreError('IO_ERROR', `${host} did not show a certificate this machine trusts (${detail}).`, 'url', { reason: 'TEAM_SERVER_CERTIFICATE', host, detail })
  return new CoreError('IO_ERROR', said, 'url', { reason: 'TEAM_SERVER_UNREACHABLE', host, detail })
}

/** Asks the server who it is: a Presskeep team server answers auth/session with {mode: 'team'}. */
export async function probeTeamServer(url: URL, fetchFn: typeof fetch = fetch, timeoutMs = 10_000): Promise<Probe> {
  let res: Response
  try {
    res = await fetchFn(new URL('auth/session', url), { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' })
  } catch (err) {
    return { ok: false, error: unreachable(url, err) }
  }
  try {
    const body = (await res.json()) as { mode?: string }
    if (res.ok && body.mode === 'team') return { ok: true }
  } catch {
    // Not JSON: not ours.
  }
  return { ok: false, error: new CoreError('INVALID_INPUT', `${url.host} answers, but it is not a Presskeep team server.`, 'url', { reason: 'TEAM_NOT_A_SERVER', host: url.host }) }
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
