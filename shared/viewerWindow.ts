// A viewer in its own window (desktop app): the window loads the app's own page with the
// attachment to read in the address's fragment, so it gets the same preload, CSP and protocol
// as the main window; the renderer reads the fragment and shows only the reader.
import { AttachmentIdSchema, ItemIdSchema } from './model'

export type ViewerTarget = { itemId: string; attachmentId: string; regionId?: string }

const PREFIX = '#viewer='
const REGION_ID = /^[0-9a-z]{8,40}$/

export function viewerHash(t: ViewerTarget): string {
  return PREFIX + [t.itemId, t.attachmentId, ...(t.regionId ? [t.regionId] : [])].join('/')
}

/** The reader asked for by a window's address fragment, or null (the main window, or anything malformed). */
export function parseViewerHash(hash: string): ViewerTarget | null {
  if (!hash.startsWith(PREFIX)) return null
  const [itemId, attachmentId, regionId, ...rest] = hash.slice(PREFIX.length).split('/')
  if (rest.length > 0 || !ItemIdSchema.safeParse(itemId).success || !AttachmentIdSchema.safeParse(attachmentId).success) return null
  if (regionId !== undefined && !REGION_ID.test(regionId)) return null
  return { itemId, attachmentId, ...(regionId ? { regionId } : {}) }
}
