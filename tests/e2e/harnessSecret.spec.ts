// The harness secret stays with the harness: cookies ignore ports, so another local service
// (here a second listener on another port of 127.0.0.1) must never receive it, whatever the
// page it serves asks the browser to fetch.
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { test, expect, target } from './fixtures'

test('a page on another local port never receives the harness secret and cannot call the API', async ({ app: page }) => {
  // The desktop app has no secret to leak: its window talks over IPC.
  if (target !== 'web') return
  const secret = process.env.PK_E2E_SECRET!
  const harness = new URL(page.url())
  const seen: string[] = []
  const other = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}`)
    res.writeHead(200, { 'Content-Type': 'text/html' })
    // Its page tries what a hostile local page would: the harness API, with the browser's cookies.
    res.end(`<!doctype html><title>other</title><script>
      fetch('${harness.origin}/api/archive:info', { method: 'POST', credentials: 'include', mode: 'no-cors', body: '{}' }).catch(() => {})
      fetch('${harness.origin}${harness.pathname}api/archive:info', { method: 'POST', credentials: 'include', mode: 'no-cors', body: '{}' }).catch(() => {})
      document.title = 'ready'
    </script>`)
  })
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
  try {
    // The harness page is open (so the browser holds its cookie); the same browser visits the
    // other service at the paths a guesser would try.
    for (const p of ['/', '/api/archive:info', '/w/', '/exports/x']) {
      await page.goto(otherUrl + p)
      await expect(page).toHaveTitle('ready')
    }
    expect(seen.length).toBeGreaterThanOrEqual(4)
    for (const request of seen) expect(request).not.toContain(secret)
    // The browser keeps the cookie for the harness's own path only.
    expect((await page.context().cookies(otherUrl + '/')).map((c) => c.value)).not.toContain(secret)
    const own = await page.context().cookies(harness.href)
    expect(own.map((c) => c.value)).toContain(secret)
    // And the harness still works for its own window.
    await page.goto(harness.href)
    await expect(page.getByRole('button', { name: /New item/ })).toBeVisible()
  } finally {
    other.closeAllConnections()
    await new Promise<void>((resolve) => other.close(() => resolve()))
  }
})
