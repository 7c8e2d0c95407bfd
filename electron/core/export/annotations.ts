// Regions as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), in JSON-LD.
//
// Each region is one Annotation whose target is the attachment it was drawn on, narrowed by a
// FragmentSelector:
// - on an image, Media Fragments `xywh=x,y,w,h` in the image's pixels;
// - on a PDF, RFC 3778 `page=N`, refined by Media Fragments `xywh=x,y,w,h` in PDF points
//   (1/72 in) from the top-left corner of that page as stored (its /Rotate not applied).
// Its bodies are TextualBodies: the title (purpose "identifying"), the note ("commenting") and
// one per tag ("tagging").
import type { Item, Region } from '../../../shared/model'
import { TextFileSink } from './sink'
import type { ExportEntry } from './types'
import type { EntryWriter, ExportContext } from './writer'

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
const MEDIA_FRAGMENTS = 'http://www.w3.org/TR/media-frags/'
const PDF_FRAGMENTS = 'http://tools.ietf.org/rfc/rfc3778'

export function regionUrn(id: string): string {
  return `urn:presskeep:region:${id}`
}

export function attachmentUrn(id: string): string {
  return `urn:presskeep:attachment:${id}`
}

/** Coordinates as written in a fragment: whole numbers stay whole, others keep two decimals. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100)
}

export function xywh(r: Pick<Region, 'x' | 'y' | 'w' | 'h'>): string {
  return `xywh=${n(r.x)},${n(r.y)},${n(r.w)},${n(r.h)}`
}

/** One region as an Annotation (without its @context: the caller says where that goes). */
export function regionAnnotation(item: Item, region: Region, source: string | null): Record<string, unknown> | null {
  const att = item.attachments.find((a) => a.id === region.attachmentId)
  if (!att) return null
  const fragment = { type: 'FragmentSelector', conformsTo: MEDIA_FRAGMENTS, value: xywh(region) }
  const selector =
    region.page === null ? fragment : { type: 'FragmentSelector', conformsTo: PDF_FRAGMENTS, value: `page=${region.page}`, refinedBy: fragment }
  const bodies: Array<Record<string, unknown>> = []
  if (region.title) bodies.push({ type: 'TextualBody', purpose: 'identifying', value: region.title, format: 'text/plain' })
  if (region.note) bodies.push({ type: 'TextualBody', purpose: 'commenting', value: region.note, format: 'text/plain' })
  for (const tag of region.tags) bodies.push({ type: 'TextualBody', purpose: 'tagging', value: tag })
  return {
    id: regionUrn(region.id),
    type: 'Annotation',
    motivation: 'describing',
    created: region.created,
    ...(bodies.length > 0 ? { body: bodies.length === 1 ? bodies[0] : bodies } : {}),
    target: {
      source: { id: source ?? attachmentUrn(att.id), type: att.type.startsWith('image/') ? 'Image' : 'Text', format: att.type },
      // The item the region belongs to (the @id the JSON-LD export gives it).
      scope: `urn:presskeep:item:${item.id}`,
      selector
    }
  }
}

/** The annotations of an entry's regions; `href` turns an exported file's path into the target's source. */
export function entryAnnotations(entry: ExportEntry, href?: (rel: string) => string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = []
  for (const r of entry.item.regions ?? []) {
    const rel = entry.files[r.attachmentId]
    const a = regionAnnotation(entry.item, r, rel && href ? href(rel) : null)
    if (a) out.push(a)
  }
  return out
}

/**
 * `annotations.jsonld` of a bag: every region of the exported items as one AnnotationCollection
 * (a single AnnotationPage), each target pointing at the attachment's file in the bag.
 */
export class AnnotationsWriter implements EntryWriter {
  private readonly sink: TextFileSink
  private readonly items: Array<Record<string, unknown>> = []

  constructor(
    file: string,
    private readonly ctx: ExportContext
  ) {
    this.sink = new TextFileSink(file)
  }

  async add(entry: ExportEntry): Promise<void> {
    this.items.push(...entryAnnotations(entry, this.ctx.href))
  }

  async finish(): Promise<void> {
    const collection = {
      '@context': ANNOTATION_CONTEXT,
      id: `urn:presskeep:annotations:${this.ctx.archive.id}:${this.ctx.exported}`,
      type: 'AnnotationCollection',
      label: `Regions drawn on the attachments of the items exported from “${this.ctx.archive.name}”`,
      total: this.items.length,
      first: { type: 'AnnotationPage', startIndex: 0, items: this.items }
    }
    await this.sink.write(JSON.stringify(collection, null, 1) + '\n')
    await this.sink.close()
  }

  destroy(): void {
    this.sink.destroy()
  }
}
