// Which reader shows an attachment, from its type and name alone (the core's answer to the
// reader; in shared/ so the renderer can tell the same way).
import type { AttachmentView } from './contract'

export function viewKindOf(type: string, name: string): AttachmentView['kind'] {
  if (type === 'application/pdf' || /\.pdf$/i.test(name)) return 'pdf'
  if (/^image\/(png|jpeg|gif|webp|bmp|avif|svg\+xml)$/.test(type)) return 'image'
  if (type === 'message/rfc822' || /\.eml$/i.test(name)) return 'email'
  if (type === 'text/html' || type === 'application/xhtml+xml' || /\.x?html?$/i.test(name)) return 'html'
  if (type.startsWith('text/') || /\.(txt|md|csv|json|xml)$/i.test(name)) return 'text'
  return 'other'
}
