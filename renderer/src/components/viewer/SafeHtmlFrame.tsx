import { useMemo } from 'react'
import DOMPurify from 'dompurify'

// Inside the frame: nothing may run, load or be sent. Images only from data: URLs (a saved page's
// remote images would reach the network), styles only inline.
const FRAME_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'"

/** Markup from a saved page or an e-mail, cleaned by DOMPurify; links keep their text but go nowhere. */
export function sanitiseForFrame(html: string): string {
  const purify = DOMPurify()
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.hasAttribute('href')) {
      node.setAttribute('data-href', node.getAttribute('href') ?? '')
      node.removeAttribute('href')
    }
    for (const attr of ['src', 'srcset', 'poster', 'background']) {
      const v = node.getAttribute(attr)
      if (v !== null && !(attr === 'src' && v.startsWith('data:image/'))) node.removeAttribute(attr)
    }
  })
  const body = purify.sanitize(html, {
    FORBID_TAGS: ['form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'object', 'embed', 'link', 'meta', 'base', 'style', 'audio', 'video', 'source'],
    FORBID_ATTR: ['style', 'action', 'formaction'],
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['data-href']
  })
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_POLICY}"><style>body{font:15px/1.5 system-ui,sans-serif;margin:16px;color:#1f2328;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}</style></head><body dir="auto">${body}</body></html>`
}

type Props = { html: string; title: string }

/**
 * A sandboxed frame (no allow-scripts, no same origin, no forms, no popups): even markup that
 * slipped past the sanitiser cannot run, reach the app, or fetch anything.
 */
export function SafeHtmlFrame({ html, title }: Props) {
  const doc = useMemo(() => sanitiseForFrame(html), [html])
  return <iframe className="safe-frame" sandbox="" srcDoc={doc} title={title} referrerPolicy="no-referrer" />
}
