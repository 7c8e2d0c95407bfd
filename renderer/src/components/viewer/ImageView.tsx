import { useEffect, useRef, useState } from 'react'
import Panzoom, { type PanzoomObject } from '@panzoom/panzoom'
import { useI18n } from '../../i18n'
import { useDialogKeys } from './useDialogKeys'
import { centeredRect, dragRect, paintRegionLayer, type RegionViewProps } from './regionLayer'
import type { Size } from './regionGeometry'

type Props = {
  url: string
  name: string
  regions: RegionViewProps
  /** OCR word boxes the archive search matched (fractions of the image). */
  boxes: Array<{ box: [number, number, number, number]; text: string }>
}

/** After a region is drawn, its title is what to type next. */
export function focusTitle(): void {
  document.querySelector<HTMLInputElement>('[data-region-title]')?.focus()
}

/**
 * An image or scan with zoom, pan and rotation (Panzoom moves one element with a CSS transform,
 * drawn by Chromium at each new size, so a zoomed scan stays sharp). Making the element a layer of
 * its own while it moved (will-change) was tried and measured worse on the 10,000 × 14,000 scan:
 * each time the layer came and went the whole image was drawn again, and frames were dropped
 * (frame interval p95 33 ms against 16.8, frame work p95 16 ms against 10.5).
 * Search hits are boxes in the same element, placed in fractions of the image, so they follow
 * every zoom, pan and turn.
 */
export function ImageView({ url, name, boxes, regions }: Props) {
  const { t, num } = useI18n()
  const root = useRef<HTMLDivElement>(null)
  const stage = useRef<HTMLDivElement>(null)
  const moving = useRef<HTMLDivElement>(null)
  const pz = useRef<PanzoomObject | null>(null)
  // The zoom shown in the toolbar is written straight into its element: a React render of the
  // whole view for every wheel step cost the frame its budget.
  const zoomLevel = useRef<HTMLOutputElement>(null)
  const scaleNow = useRef(1)
  const numNow = useRef(num)
  numNow.current = num
  const [rotation, setRotation] = useState(0)
  const [hit, setHit] = useState(0)
  const regionHost = useRef<HTMLDivElement>(null)
  const turn = useRef<HTMLDivElement>(null)
  const [natural, setNatural] = useState<Size | null>(null)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const focusDraft = useRef(false)
  const latest = useRef({ regions, natural, rotation })
  latest.current = { regions, natural, rotation }

  // Regions are boxes in the turning element, in fractions of the image: they follow every zoom, pan and turn.
  useEffect(() => {
    const host = regionHost.current
    if (!host || !natural) return
    paintRegionLayer(host, {
      regions: regions.regions,
      draft: regions.draft,
      selectedId,
      size: natural,
      rotation: 0,
      seenRotation: rotation,
      labels: { box: (title) => t('regions.box', { title }), draft: t('regions.draft') },
      onDrawn: (r) => latest.current.regions.onDrawn({ page: null, ...r }),
      onPick: (r) => {
        setSelectedId(r.id)
        latest.current.regions.onPick(r)
      },
      onDone: focusTitle
    })
    if (focusDraft.current) {
      focusDraft.current = false
      host.querySelector<HTMLElement>('.region-draft')?.focus()
    }
  }, [regions.regions, regions.draft, natural, selectedId, rotation, t])

  const centerDraft = () => {
    const { natural: size } = latest.current
    if (!size) return
    focusDraft.current = true
    regions.onDrawn({ page: null, ...centeredRect(size) })
  }
  const firstCenter = useRef(regions.centerRequest)
  useEffect(() => {
    if (regions.centerRequest !== firstCenter.current) centerDraft()
  }, [regions.centerRequest])
  useEffect(() => {
    if (regions.show) setSelectedId(regions.show.id)
  }, [regions.show?.n])

  // While drawing, a drag on the image draws a region instead of moving the image.
  useEffect(() => {
    const el = turn.current
    if (!el || !regions.drawing) return
    const down = (e: PointerEvent) => {
      const { natural: size, rotation: r } = latest.current
      if (!size || e.button !== 0 || (e.target as HTMLElement).closest('.region-box, .region-draft')) return
      e.stopPropagation()
      dragRect(el, e, r, size, (rect) => latest.current.regions.onDrawn({ page: null, ...rect }), focusTitle)
    }
    el.addEventListener('pointerdown', down)
    return () => el.removeEventListener('pointerdown', down)
  }, [regions.drawing])

  useEffect(() => {
    const el = moving.current
    const box = stage.current
    if (!el || !box) return
    const p = Panzoom(el, { maxScale: 40, minScale: 0.02, step: 0.25, canvas: true })
    pz.current = p
    const onChange = (e: Event) => {
      scaleNow.current = (e as CustomEvent<{ scale: number }>).detail.scale
      showScale()
    }
    el.addEventListener('panzoomchange', onChange)
    const onWheel = (e: WheelEvent) => {
      e.preventDefault()
      p.zoomWithWheel(e)
    }
    box.addEventListener('wheel', onWheel, { passive: false })
    return () => {
      el.removeEventListener('panzoomchange', onChange)
      box.removeEventListener('wheel', onWheel)
      p.destroy()
      pz.current = null
    }
  }, [url])
  const showScale = () => {
    if (zoomLevel.current) zoomLevel.current.textContent = `${numNow.current(Math.round(scaleNow.current * 100))}%`
  }
  useEffect(showScale, [num])

  const fit = () => pz.current?.reset({ animate: false })
  const rotate = () => setRotation((r) => (r + 90) % 360)
  const goToHit = (i: number) => {
    if (boxes.length === 0) return
    const n = (i + boxes.length) % boxes.length
    setHit(n)
    document.getElementById(`ocr-hit-${n}`)?.scrollIntoView({ block: 'center', inline: 'center' })
  }

  const onKey = (e: KeyboardEvent) => {
    const p = pz.current
    if (!p || (e.key !== 'F3' && ['INPUT', 'SELECT', 'TEXTAREA'].includes((e.target as HTMLElement).tagName))) return
    if (e.key.toLowerCase() === 'd' && !e.ctrlKey && !e.metaKey) centerDraft()
    else if (e.key === '+' || e.key === '=') p.zoomIn()
    else if (e.key === '-') p.zoomOut()
    else if (e.key === '0') fit()
    else if (e.key.toLowerCase() === 'r') rotate()
    else if (e.key === 'F3') {
      e.preventDefault()
      goToHit(hit + (e.shiftKey ? -1 : 1))
    } else if (e.key.startsWith('Arrow')) {
      e.preventDefault()
      const d = 60
      p.pan(e.key === 'ArrowLeft' ? d : e.key === 'ArrowRight' ? -d : 0, e.key === 'ArrowUp' ? d : e.key === 'ArrowDown' ? -d : 0, { relative: true })
    } else return
  }
  useDialogKeys(root, onKey)

  return (
    <div className="image-view" ref={root}>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('viewer.tools')}>
        <button onClick={() => pz.current?.zoomOut()} aria-label={t('viewer.zoomOut')} title={`${t('viewer.zoomOut')} (−)`}>
          −
        </button>
        <output ref={zoomLevel} aria-label={t('viewer.zoom')} data-testid="zoom-level" />
        <button onClick={() => pz.current?.zoomIn()} aria-label={t('viewer.zoomIn')} title={`${t('viewer.zoomIn')} (+)`}>
          +
        </button>
        <button onClick={fit} title="0">
          {t('viewer.fitPage')}
        </button>
        <button onClick={rotate} title="R">
          {t('viewer.rotate')}
        </button>
        {boxes.length > 0 && (
          <>
            <span className="sep" />
            <button onClick={() => goToHit(hit - 1)} aria-label={t('viewer.prevHit')} title="Shift+F3">
              ↑
            </button>
            <button onClick={() => goToHit(hit + 1)} aria-label={t('viewer.nextHit')} title="F3">
              ↓
            </button>
          </>
        )}
        <span role="status" className="find-count" data-testid="find-count">
          {boxes.length > 0 ? t('viewer.searchHitOf', { n: num(hit + 1), total: num(boxes.length) }) : ''}
        </span>
      </div>
      <div ref={stage} className="image-stage" tabIndex={0} aria-label={t('viewer.imageOf', { name })}>
        <div ref={moving} className="image-moving">
          <div ref={turn} className={`image-turn${regions.drawing ? ' drawing' : ''}`} style={{ transform: `rotate(${rotation}deg)` }}>
            <img src={url} alt={name} draggable={false} decoding="async" onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })} />
            <div ref={regionHost} className="region-host" />
            <div className="ocr-hits" aria-hidden="true">
              {boxes.map((b, i) => (
                <span
                  key={i}
                  id={`ocr-hit-${i}`}
                  className={`ocr-hit${i === hit ? ' current' : ''}`}
                  data-word={b.text}
                  style={{
                    left: `${b.box[0] * 100}%`,
                    top: `${b.box[1] * 100}%`,
                    width: `${(b.box[2] - b.box[0]) * 100}%`,
                    height: `${(b.box[3] - b.box[1]) * 100}%`
                  }}
                />
              ))}
            </div>
          </div>
        </div>
      </div>
    </div>
  )
}
