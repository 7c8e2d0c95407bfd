// How the CLI prints items for people (--json prints them whole).
import type { Item, ItemSummary } from '../../shared/model'

export function formatItem(item: Item): string {
  const lines = [`${item.title}`, `  id          ${item.id}`]
  const show = (label: string, value: unknown) => {
    if (value === '' || value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return
    lines.push(`  ${label.padEnd(12)}${Array.isArray(value) ? value.join('; ') : String(value)}`)
  }
  show('date', item.date)
  show('type', item.type)
  show('language', item.language)
  show('outlet', item.outlet)
  show('byline', item.byline)
  show('identifier', item.identifier)
  show('rights', item.rights)
  show('tags', item.tags)
  show('people', item.people)
  show('organisations', item.organisations)
  show('places', item.places)
  show('status', item.status)
  show('trashed', item.trashed)
  show('created', item.created)
  show('modified', item.modified)
  show('description', item.description)
  for (const w of item.warnings) lines.push(`  warning     ${w.message}`)
  for (const a of item.attachments)
    lines.push(`  attachment  ${a.id}  ${a.name}  ${a.size} bytes  ${a.type}  sha256:${a.sha256}`)
  if (item.notes) lines.push('', 'Notes:', item.notes)
  if (item.body) lines.push('', item.body)
  return lines.join('\n')
}

export function formatRow(i: ItemSummary): string {
  const date = (i.date || '').padEnd(10)
  return `${i.id}  ${date}  ${i.type.padEnd(13)}  ${i.title}${i.attachments.length ? `  [${i.attachments.length} file(s)]` : ''}`
}
