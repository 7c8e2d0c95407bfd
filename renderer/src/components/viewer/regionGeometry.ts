// Regions are kept in the document's own units (image pixels; PDF points of the page as stored,
// from its top-left corner), so zoom and rotation never change them. On screen a page or image
// is drawn turned by 0, 90, 180 or 270 degrees; these helpers turn a rectangle given as
// fractions of the unturned page into fractions of the box as shown, and back.

export type Rect = { x: number; y: number; w: number; h: number }
export type Size = { width: number; height: number }

const clamp01 = (v: number) => Math.min(1, Math.max(0, v))

/** Fractions of the page as stored → fractions of the box on screen, turned clockwise by `rotation`. */
export function toShown(r: Rect, rotation: number): Rect {
  switch (((rotation % 360) + 360) % 360) {
    case 90:
      return { x: 1 - (r.y + r.h), y: r.x, w: r.h, h: r.w }
    case 180:
      return { x: 1 - (r.x + r.w), y: 1 - (r.y + r.h), w: r.w, h: r.h }
    case 270:
      return { x: r.y, y: 1 - (r.x + r.w), w: r.h, h: r.w }
    default:
      return r
  }
}

/** The inverse of toShown. */
export function fromShown(r: Rect, rotation: number): Rect {
  const turn = ((rotation % 360) + 360) % 360
  return toShown(r, (360 - turn) % 360)
}

export function toFractions(r: Rect, size: Size): Rect {
  return { x: r.x / size.width, y: r.y / size.height, w: r.w / size.width, h: r.h / size.height }
}

/** Fractions → document units, kept inside the page and rounded to hundredths. */
export function toUnits(f: Rect, size: Size): Rect {
  const x0 = clamp01(Math.min(f.x, f.x + f.w))
  const y0 = clamp01(Math.min(f.y, f.y + f.h))
  const x1 = clamp01(Math.max(f.x, f.x + f.w))
  const y1 = clamp01(Math.max(f.y, f.y + f.h))
  const round = (v: number) => Math.round(v * 100) / 100
  return { x: round(x0 * size.width), y: round(y0 * size.height), w: round((x1 - x0) * size.width), h: round((y1 - y0) * size.height) }
}

/** The rectangle between two points given as fractions of a box on screen. */
export function between(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) }
}

/** Where a pointer is, as fractions of an element's box on screen. */
export function pointIn(el: Element, clientX: number, clientY: number): { x: number; y: number } {
  const b = el.getBoundingClientRect()
  return { x: clamp01((clientX - b.left) / b.width), y: clamp01((clientY - b.top) / b.height) }
}

/**
 * A key's move of a region being drawn (arrows move it, Shift + arrows resize it), in
 * document units, by one hundredth of the page (a tenth with Alt). Arrows are meant on screen:
 * with the page turned, the move is turned back into the page's own directions.
 */
export function nudge(r: Rect, key: string, resize: boolean, coarse: boolean, size: Size, rotation: number): Rect | null {
  const d: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }
  const step = d[key]
  if (!step) return null
  const f = toShown(toFractions(r, size), rotation)
  const by = coarse ? 0.1 : 0.01
  const moved = resize
    ? { ...f, w: Math.max(0.01, f.w + step[0] * by), h: Math.max(0.01, f.h + step[1] * by) }
    : { ...f, x: Math.min(1 - f.w, Math.max(0, f.x + step[0] * by)), y: Math.min(1 - f.h, Math.max(0, f.y + step[1] * by)) }
  return toUnits(fromShown(moved, rotation), size)
}
