// The rectangles of regions over a page or an image. pdf.js owns its page elements and redraws
// them as they scroll in and out, so the layer is plain DOM kept in step by hand (the same code
// serves images): boxes are updated in place rather than replaced, so the region being drawn
// keeps the keyboard focus while arrows move it.
import type { Region } from '../../../../shared/model'
import { between, fromShown, nudge, pointIn, toFractions, toShown, toUnits, type Rect, type Size } from './regionGeometry'

export type RegionRect = { page: number | null } & Rect

/** What the reader passes to a page view about regions. */
export type RegionViewProps = {
  /** The regions of the attachment shown (saved ones). */
  regions: Region[]
  /** The region being drawn or edited, if any (shown instead of its saved self). */
  draft: Region | null
  /** A drag on the page draws a region. */
  drawing: boolean
  /** Changes when a rectangle should be put in the middle of the page shown (key D, the Draw button). */
  centerRequest: number
  /** Changes when the view should show a region (`id`), e.g. a search hit. */
  show: { id: string; n: number } | null
  onDrawn(rect: RegionRect): void
  onPick(region: Region): void
}

type LayerState = {
  regions: Region[]
  draft: Region | null
  selectedId: string | null
  size: Size
  /** How the host is turned on screen relative to the document (0 when the host turns with it). */
  rotation: number
  /** The turn a person sees, for the arrows' directions. */
  seenRotation: number
  labels: { box(title: string): string; draft: string }
  onDrawn(rect: Rect): void
  onPick(region: Region): void
  onDone(): void
}

const states = new WeakMap<HTMLElement, LayerState>()

function place(el: HTMLElement, f: Rect): void {
  el.style.left = `${f.x * 100}%`
  el.style.top = `${f.y * 100}%`
  el.style.width = `${f.w * 100}%`
  el.style.height = `${f.h * 100}%`
}

/** Draws (or updates) the region layer inside `host`, filling it. */
export function paintRegionLayer(host: HTMLElement, state: LayerState): void {
  let layer = host.querySelector<HTMLElement>(':scope > .region-layer')
  if (!layer) {
    layer = document.createElement('div')
    layer.className = 'region-layer'
    host.appendChild(layer)
  }
  states.set(layer, state)
  const shown = state.regions.filter((r) => r.id !== state.draft?.id)
  const keep = new Set<Element>()
  for (const r of shown) {
    let box = layer.querySelector<HTMLElement>(`[data-region-id="${r.id}"]`)
    if (!box) {
      const button = document.createElement('button')
      button.type = 'button'
      box = button
      box.className = 'region-box'
      box.dataset.regionId = r.id
      const label = document.createElement('span')
      label.className = 'region-label'
      box.appendChild(label)
      const l = layer
      box.addEventListener('click', (e) => {
        e.stopPropagation()
        const s = states.get(l)
        const region = s?.regions.find((x) => x.id === (e.currentTarget as HTMLElement).dataset.regionId)
        if (s && region) s.onPick(region)
      })
      box.addEventListener('pointerdown', (e) => e.stopPropagation())
      layer.appendChild(box)
    }
    box.setAttribute('aria-label', state.labels.box(r.title))
    box.title = r.title
    ;(box.firstChild as HTMLElement).textContent = r.title
    box.classList.toggle('selected', r.id === state.selectedId)
    place(box, toShown(toFractions(r, state.size), state.rotation))
    keep.add(box)
  }
  if (state.draft) {
    let draft = layer.querySelector<HTMLElement>('.region-draft')
    if (!draft) {
      draft = document.createElement('div')
      draft.className = 'region-draft'
      draft.tabIndex = 0
      draft.setAttribute('role', 'group')
      const l = layer
      draft.addEventListener('keydown', (e) => {
        const s = states.get(l)
        if (!s?.draft) return
        if (e.key === 'Enter') {
          e.preventDefault()
          s.onDone()
          return
        }
        const next = nudge(s.draft, e.key, e.shiftKey, e.altKey, s.size, s.seenRotation)
        if (!next) return
        e.preventDefault()
        e.stopPropagation()
        s.onDrawn(next)
      })
      layer.appendChild(draft)
    }
    draft.setAttribute('aria-label', state.labels.draft)
    place(draft, toShown(toFractions(state.draft, state.size), state.rotation))
    keep.add(draft)
  }
  for (const child of [...layer.children]) if (!keep.has(child)) child.remove()
}

/** A rectangle in the middle of a page or image, a quarter of its area. */
export function centeredRect(size: Size): Rect {
  return { x: Math.round(size.width * 0.25 * 100) / 100, y: Math.round(size.height * 0.25 * 100) / 100, w: Math.round(size.width * 50) / 100, h: Math.round(size.height * 50) / 100 }
}

/** A short random id for a new region (the catalogue's ids are made in the core; regions live inside an item). */
export function newRegionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Date.now().toString(36) + Array.from(bytes, (b) => (b % 36).toString(36)).join('')
}

/**
 * A rectangle drawn by dragging on `host` (a page or the image, turned by `rotation` on screen
 * relative to the document): each move reports the rectangle so far, in document units.
 */
export function dragRect(host: HTMLElement, start: PointerEvent, rotation: number, size: Size, onDrawn: (r: Rect) => void, onDone: () => void): void {
  start.preventDefault()
  const a = pointIn(host, start.clientX, start.clientY)
  let drew = false
  const move = (e: PointerEvent) => {
    const f = fromShown(between(a, pointIn(host, e.clientX, e.clientY)), rotation)
    // A click, or a slip of a pixel or two, draws nothing.
    if (f.w * size.width < 2 || f.h * size.height < 2) return
    drew = true
    onDrawn(toUnits(f, size))
  }
  const up = (e: PointerEvent) => {
    move(e)
    window.removeEventListener('pointermove', move)
    window.removeEventListener('pointerup', up)
    if (drew) onDone()
  }
  window.addEventListener('pointermove', move)
  window.addEventListener('pointerup', up)
}
