// A person at a browser, as the team server sees one: a cookie jar, the page's CSRF token, the
// Origin a browser sends. Raw node:http, so that tests can also leave any of these out.
import * as http from 'node:http'
import * as https from 'node:https'

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; json: () => any }

export function request(
  base: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; ca?: Buffer }
): Promise<Reply> {
  const url = new URL(opts.path, base)
  const lib = url.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = lib.request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) })
      })
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

export class TeamClient {
  cookie = ''
  csrf = ''
  constructor(
    readonly base: string,
    readonly origin = base.replace(/\/$/, ''),
    readonly ca?: Buffer
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { origin: this.origin, 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}), ...(this.csrf ? { 'x-presskeep-csrf': this.csrf } : {}), ...extra }
  }

  async signIn(name: string, password: string): Promise<Reply> {
    const r = await request(this.base, { method: 'POST', path: 'auth/signin', headers: this.headers(), body: JSON.stringify({ name, password }), ca: this.ca })
    const set = r.headers['set-cookie']?.[0]
    if (set) this.cookie = set.split(';')[0]
    if (r.status === 200) this.csrf = r.json().value.csrf
    return r
  }

  post(path: string, body: unknown, extra?: Record<string, string>): Promise<Reply> {
    return request(this.base, { method: 'POST', path, headers: this.headers(extra), body: JSON.stringify(body ?? {}), ca: this.ca })
  }

  /** A contract method, as the renderer calls it: the Result's JSON. */
  async api(method: string, input: unknown = {}): Promise<any> {
    return (await this.post(`api/${method}`, input)).json()
  }

  get(path: string): Promise<Reply> {
    return request(this.base, { path, headers: this.headers(), ca: this.ca })
  }

  /** Opens the event stream; each event arrives on `events` as { event, data }. */
  listen(): Promise<{ events: Array<{ event: string; data: any }>; next(pred: (e: { event: string; data: any }) => boolean): Promise<{ event: string; data: any }>; closed: Promise<void>; close(): void }> {
    const url = new URL('events', this.base)
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: this.headers() }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`))
        const events: Array<{ event: string; data: any }> = []
        const waiters: Array<{ pred: (e: { event: string; data: any }) => boolean; resolve: (e: { event: string; data: any }) => void }> = []
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          buffer += chunk
          let at: number
          while ((at = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, at)
            buffer = buffer.slice(at + 2)
            const event = /^event: (.*)$/m.exec(frame)?.[1]
            const data = /^data: (.*)$/m.exec(frame)?.[1]
            if (!event || data === undefined) continue
            const e = { event, data: JSON.parse(data) }
            events.push(e)
            for (const w of [...waiters]) if (w.pred(e)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(e)
          }
        })
        const closed = new Promise<void>((r) => res.on('close', () => r()))
        resolve({
          events,
          closed,
          close: () => req.destroy(),
          next: (pred) => {
            const found = events.find(pred)
            return found ? Promise.resolve(found) : new Promise((r) => waiters.push({ pred, resolve: r }))
          }
        })
      })
      req.on('error', reject)
    })
  }
}
