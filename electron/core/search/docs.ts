import type { ItemRecord } from '../CatalogStore'
import type { ItemTexts } from '../TextStore'
import type { SearchDoc, SnippetTexts } from './types'

/**
 * Regions are searched like attachments: each is one more text slot of its item (its title,
 * note and tags) under the id `region:<id>`, so a hit in one is a snippet that names it.
 */
export const REGION_SLOT = 'region:'

function regionSlots(rec: ItemRecord): { id: string; name: string; text: string }[] {
  return (rec.regions ?? []).map((r) => ({ id: REGION_SLOT + r.id, name: r.title, text: [r.title, r.note, r.tags.join(' ').replace(/\//g, ' ')].filter(Boolean).join('\n') }))
}

/** What the index holds of an item: its metadata and every text, attachments included. */
export function searchDocOf(rec: ItemRecord, texts: ItemTexts): SearchDoc {
  return {
    id: rec.id,
    title: rec.title,
    body: texts.body,
    description: texts.description,
    notes: texts.notes,
    outlet: rec.outlet,
    byline: rec.byline,
    type: rec.type,
    language: rec.language,
    date: rec.date,
    created: rec.created,
    modified: rec.modified,
    tags: rec.tags,
    people: rec.people,
    organisations: rec.organisations,
    places: rec.places,
    collections: rec.collections,
    attachments: [...rec.attachments.map((a) => ({ id: a.id, name: a.name, text: texts.attachments[a.id] ?? '' })), ...regionSlots(rec)]
  }
}

/** An item's texts for its snippet; `bodyCut` when the body is only its start (read cut to a snippet's window). */
export function snippetTextsOf(rec: ItemRecord, texts: ItemTexts, bodyCut = false): SnippetTexts {
  return {
    body: texts.body,
    description: texts.description,
    notes: texts.notes,
    attachments: [...rec.attachments.map((a) => ({ id: a.id, name: a.name, text: texts.attachments[a.id] ?? '' })), ...regionSlots(rec)],
    bodyCut
  }
}

/**
 * A stamp of the catalogue's state: any create, edit, trash or attachment changes an item's
 * `modified`, so count + latest modification tells whether a saved index is current.
 */
export function catalogStamp(records: Iterable<ItemRecord>): { stamp: string; latest: string } {
  let n = 0
  let latest = ''
  for (const r of records) {
    n++
    if (r.modified > latest) latest = r.modified
  }
  return { stamp: `${n}|${latest}`, latest }
}
