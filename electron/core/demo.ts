// The demo archive offered on first run (issue 10): press items imported from one public news
// page through the press importer, with the page attached as their source, plus a few generated
// items. The data are built at build time (scripts/demo.ts) into build/demo/demo-items.json and
// bundled here, so the app needs neither the corpus nor the importer's heuristics to load them.
import type { ItemCreate } from '../../shared/model'
import type { Archive } from './Archive'
import { CoreError } from './errors'
import { commitProposal, type Proposal } from './import/press'
import demoJson from '../../build/demo/demo-items.json'

export type DemoData = {
  note: string
  collection: { name: string; description: string }
  tagColours: Record<string, string>
  source: { name: string; text: string }
  press: Proposal
  generated: ItemCreate[]
}

export type DemoResult = { ids: string[]; collectionId: string }

export const demoData = demoJson as unknown as DemoData

/** Fills an empty archive with the demo items; refuses if the archive holds any item, even in the trash. */
export async function loadDemo(archive: Archive, data: DemoData = demoData): Promise<DemoResult> {
  const existing = archive.catalog.size
  if (existing > 0)
    throw new CoreError(
      'CONFLICT',
      `The demo can only be loaded into an empty archive, and this one holds ${existing} item${existing === 1 ? '' : 's'} (counting the trash). Create a new archive to try the demo.`,
      undefined,
      { reason: 'DEMO_NEEDS_EMPTY', n: existing }
    )
  const catalogue = await archive.workspace()
  const collection = await catalogue.createCollection(data.collection)
  const press: Proposal = {
    ...data.press,
    items: data.press.items.map((p) => ({ ...p, fields: { ...p.fields, collections: [collection.id] } }))
  }
  // The importer's own commit: same provenance, and the page attached to each item as its source.
  const imported = await commitProposal(archive, press, { sourceName: data.source.name, sourceBytes: data.source.text })
  const generated = await catalogue.items.create(data.generated, { op: 'demo', label: 'Load the demo items' })
  for (const [name, colour] of Object.entries(data.tagColours)) await catalogue.setTag(name, colour)
  return { ids: [...imported.items.map((i) => i.id), ...generated.map((i) => i.id)], collectionId: collection.id }
}
