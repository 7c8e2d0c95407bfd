import { useEffect, useRef, useState } from 'react'
import type { StagedProposal } from '../../../shared/contract'
import type { ProposedItem } from '../../../shared/proposal'
import { call, transport } from '../api'
import { useI18n } from '../i18n'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'
import { skipReasonText, warningText } from './warningText'

type Props = { onClose(): void; onImported(count: number): void }

const LIST_FIELDS = ['people', 'organisations', 'places', 'tags'] as const
type ListField = (typeof LIST_FIELDS)[number]

/** The warning that says a proposed item is already in the archive, if it is. */
const duplicateOf = (item: ProposedItem) => item.fields.warnings?.find((w) => w.code === 'DUPLICATE')

/**
 * Import a press page: paste its text (or choose a saved .txt / .html page), review the
 * proposed items (edit, merge, split, drop, restore what was skipped), then commit them all.
 */
export function PageImport({ onClose, onImported }: Props) {
  const i18n = useI18n()
  const { t } = i18n
  const [text, setText] = useState('')
  const [proposal, setProposal] = useState<StagedProposal | null>(null)
  const [dropped, setDropped] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  // The item whose paragraphs are shown to choose where to split it.
  const [splitting, setSplitting] = useState<string | null>(null)
  const [sourceUrl, setSourceUrl] = useState('')
  // A list field as typed (a trailing "; " is kept while typing), by item key and field.
  const [listText, setListText] = useState<Record<string, string>>({})

  // Esc closes the split chooser, else the dialog, wherever the focus is.
  const onEscape = useRef(() => {})
  onEscape.current = () => (splitting ? setSplitting(null) : onClose())
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      e.preventDefault()
      onEscape.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // A proposed page waits in the archive's staging until imported; one the person leaves (back,
  // another page, the dialog closed) is dropped at once rather than left for the next open.
  const token = proposal?.token
  const committed = useRef<string | null>(null)
  useEffect(() => {
    if (!token) return
    return () => {
      // The dialog is gone, so there is no one to tell: a page that could not be dropped now
      // waits in the archive's tmp/, which is cleared when the archive next opens.
      if (committed.current !== token)
        void call('import:discardPage', { token }).catch((err) => console.warn('The page proposal could not be dropped now; it goes when the archive next opens.', err))
    }
  }, [token])

  /** A new proposal: items that duplicate archive items start unticked (the review shows why). */
  const receive = (p: StagedProposal) => {
    setProposal(p)
    setDropped(new Set(p.items.filter(duplicateOf).map((i) => i.key)))
    setSplitting(null)
  }

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label)
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(null)
    }
  }

  const proposeFromText = () => run(t('page.reading'), async () => receive(await call('import:proposeText', { text })))
  const chooseFile = () => {
    if (transport.kind === 'electron')
      return run(t('page.reading'), async () => {
        const p = await call('import:pickPage', {})
        if (p) receive(p)
      })
    const el = document.createElement('input')
    el.type = 'file'
    el.accept = '.txt,.html,.htm,text/plain,text/html'
    el.onchange = () => {
      const f = el.files?.[0]
      if (f && transport.stage)
        void run(t('page.reading'), async () => {
          const token = await transport.stage!(f)
          receive(await call('import:proposeStaged', { token }))
        })
    }
    el.click()
  }

  const reviewed = () => {
    const { token: _t, sourceName: _s, ...p } = proposal!
    return p
  }
  const update = (p: Omit<StagedProposal, 'token' | 'sourceName'>) => setProposal({ ...p, token: proposal!.token, sourceName: proposal!.sourceName })
  const setField = (key: string, field: string, value: unknown) =>
    setProposal({ ...proposal!, items: proposal!.items.map((it) => (it.key === key ? { ...it, fields: { ...it.fields, [field]: value } } : it)) })

  // An unticked item stays unticked through a split (both halves) and a merge (of two unticked items).
  const carryDropped = (from: string[], to: string[]) => {
    if (from.every((k) => dropped.has(k))) setDropped(new Set([...dropped, ...to]))
  }
  const merge = (a: string, b: string) =>
    run(t('page.merging'), async () => {
      update(await call('proposal:merge', { proposal: reviewed(), a, b }))
      carryDropped([a, b], [`${a}+${b}`])
    })
  const split = (item: ProposedItem, atParagraph: number) =>
    run(t('page.splitting'), async () => {
      update(await call('proposal:split', { proposal: reviewed(), key: item.key, atParagraph }))
      carryDropped([item.key], [`${item.key}a`, `${item.key}b`])
      setSplitting(null)
    })
  const restore = (index: number) => run(t('page.restoring'), async () => update(await call('proposal:restoreSkipped', { proposal: reviewed(), index })))
  const commit = () =>
    run(t('page.importing'), async () => {
      const p = reviewed()
      const items = p.items.filter((i) => !dropped.has(i.key))
      const url = sourceUrl.trim()
      const r = await call('import:commit', { token: proposal!.token, proposal: { ...p, items }, ...(url ? { sourceUrl: url } : {}) })
      committed.current = proposal!.token
      onImported(r.ids.length)
      onClose()
    })

  const kept = proposal ? proposal.items.filter((i) => !dropped.has(i.key)).length : 0

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-modal="true" aria-label={t('page.title')}>
        <h2>{t('page.title')}</h2>
        {!proposal ? (
          <>
            <p className="muted">{t('page.intro')}</p>
            <label className="field wide">
              <span>{t('page.text')}</span>
              <textarea rows={14} dir="auto" autoFocus value={text} onChange={(e) => setText(e.target.value)} aria-label={t('page.text')} />
            </label>
            <div className="modal-actions">
              <button onClick={onClose}>{t('common.cancel')}</button>
              <button onClick={chooseFile}>{t('page.choose')}</button>
              <button className="primary" disabled={!text.trim() || !!busy} onClick={() => void proposeFromText()}>
                {t('page.propose')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p role="status">
              {proposal.skipped.length
                ? t('page.proposedSkipped', { n: proposal.items.length, source: proposal.sourceName, skipped: proposal.skipped.length })
                : t('page.proposed', { n: proposal.items.length, source: proposal.sourceName })}
            </p>
            <label className="field wide">
              <span>{t('page.sourceUrl')}</span>
              <input type="url" dir="ltr" value={sourceUrl} placeholder="https://" onChange={(e) => setSourceUrl(e.target.value)} aria-describedby="page-source-url-hint" />
              <small id="page-source-url-hint" className="muted">
                {t('page.sourceUrlHint')}
              </small>
            </label>
            {proposal.notices.map((n, i) => (
              <p key={i} className="notice">
                {n}
              </p>
            ))}
            <ol className="proposals" aria-label={t('page.items')}>
              {proposal.items.map((it, i) => {
                const f = it.fields
                const isDropped = dropped.has(it.key)
                const duplicate = duplicateOf(it)
                const paras = (f.body ?? '').split(/\n\s*\n/).filter((p) => p.trim())
                return (
                  <li key={it.key} className={`proposal ${isDropped ? 'dropped' : ''}`} aria-label={t('page.item', { n: i + 1 })}>
                    <div className="proposal-head">
                      <input className="title" aria-label={t('page.itemTitle', { n: i + 1 })} dir="auto" value={f.title} onChange={(e) => setField(it.key, 'title', e.target.value)} />
                      <label>
                        <input
                          type="checkbox"
                          checked={!isDropped}
                          onChange={() => {
                            const next = new Set(dropped)
                            if (isDropped) next.delete(it.key)
                            else next.add(it.key)
                            setDropped(next)
                          }}
                        />{' '}
                        {t('page.import')}
                      </label>
                    </div>
                    {duplicate && isDropped && (
                      <p className="notice duplicate-reason">
                        <bdi>{t('page.duplicateUnticked', { reason: duplicate.message })}</bdi>
                      </p>
                    )}
                    <div className="proposal-fields">
                      <label>
                        {t('field.date')} <input aria-label={t('page.itemDate', { n: i + 1 })} value={f.date ?? ''} onChange={(e) => setField(it.key, 'date', e.target.value)} />
                      </label>
                      {f.dateSource && (
                        <span className="muted">
                          {t('page.dateFrom', { source: f.dateSource })}
                          {f.dateInferred ? t('page.inferred') : ''}
                        </span>
                      )}
                      <label>
                        {t('field.language')} <input className="short" aria-label={t('page.itemLanguage', { n: i + 1 })} value={f.language ?? ''} onChange={(e) => setField(it.key, 'language', e.target.value)} />
                      </label>
                      <label>
                        {t('field.outlet')}{' '}
                        <input dir="auto" aria-label={t('page.itemField', { field: t('field.outlet'), n: i + 1 })} value={f.outlet ?? ''} onChange={(e) => setField(it.key, 'outlet', e.target.value)} />
                      </label>
                    </div>
                    {/* Every list is shown, empty or not, so a name the page reader missed can be added. */}
                    {LIST_FIELDS.map((lf: ListField) => (
                      <label key={lf} className="proposal-list">
                        <span>{t(`field.${lf}`)}</span>
                        <input
                          dir="auto"
                          aria-label={t('page.itemField', { field: t(`field.${lf}`), n: i + 1 })}
                          placeholder={t('common.separate')}
                          value={listText[`${it.key}|${lf}`] ?? (f[lf] ?? []).join('; ')}
                          onChange={(e) => {
                            setListText({ ...listText, [`${it.key}|${lf}`]: e.target.value })
                            setField(it.key, lf, e.target.value.split(';').map((s) => s.trim()).filter(Boolean))
                          }}
                        />
                      </label>
                    ))}
                    {(f.warnings ?? []).length > 0 && (
                      <ul className="warnings" aria-label={t('page.itemWarnings', { n: i + 1 })}>
                        {f.warnings!.map((w, j) => (
                          <li key={j} className={w.code === 'SUMMARY_ONLY' ? 'warning summary-only' : 'warning'}>
                            {w.code === 'SUMMARY_ONLY' ? 'ⓘ' : '⚠'} {warningText(w, i18n)}
                          </li>
                        ))}
                      </ul>
                    )}
                    <details>
                      <summary>{t('page.body', { n: (f.body ?? '').length })}</summary>
                      <textarea rows={8} dir="auto" value={f.body ?? ''} onChange={(e) => setField(it.key, 'body', e.target.value)} aria-label={t('page.itemBody', { n: i + 1 })} />
                    </details>
                    {splitting === it.key && (
                      <div className="split-chooser" role="group" aria-label={t('page.splitChoose')}>
                        <p>{paras.length > 1 ? t('page.splitChoose') : t('page.splitNone')}</p>
                        <ol>
                          {paras.map((p, k) => (
                            <li key={k}>
                              {k > 0 && (
                                <button className="small" onClick={() => void split(it, k)} aria-label={`${t('page.splitHere')} ${k + 1}`}>
                                  ✂ {t('page.splitHere')}
                                </button>
                              )}
                              <p dir="auto">{p.length > 240 ? p.slice(0, 240) + '…' : p}</p>
                            </li>
                          ))}
                        </ol>
                        <button onClick={() => setSplitting(null)}>{t('page.splitCancel')}</button>
                      </div>
                    )}
                    <div className="proposal-actions">
                      {i + 1 < proposal.items.length && (
                        <button className="link" onClick={() => void merge(it.key, proposal.items[i + 1].key)}>
                          {t('page.merge')}
                        </button>
                      )}
                      <button className="link" aria-expanded={splitting === it.key} onClick={() => setSplitting(splitting === it.key ? null : it.key)}>
                        {t('page.split')}
                      </button>
                    </div>
                  </li>
                )
              })}
            </ol>
            {proposal.skipped.length > 0 && (
              <details className="skipped">
                <summary>{t('page.skipped', { n: proposal.skipped.length })}</summary>
                <ul>
                  {proposal.skipped.map((s, i) => (
                    <li key={i}>
                      <span className="muted">{skipReasonText(s.reason, t)}:</span> {s.text.replace(/\s+/g, ' ').slice(0, 160)}{' '}
                      <button className="link" onClick={() => void restore(i)}>
                        {t('page.restore')}
                      </button>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {proposal.authorities.some((a) => a.variants.length > 1) && (
              <details className="authorities">
                <summary>{t('page.variants')}</summary>
                <ul>
                  {proposal.authorities
                    .filter((a) => a.variants.length > 1)
                    .map((a) => (
                      <li key={a.kind + a.preferred}>
                        {a.preferred}: {a.variants.join(' / ')}
                      </li>
                    ))}
                </ul>
              </details>
            )}
            <div className="modal-actions">
              <button onClick={onClose}>{t('common.cancel')}</button>
              <button onClick={() => setProposal(null)}>{t('page.back')}</button>
              <button className="primary" disabled={kept === 0 || !!busy} onClick={() => void commit()}>
                {t('page.commit', { n: kept })}
              </button>
            </div>
          </>
        )}
        {busy && <p role="status">{busy}</p>}
        <ErrorLine error={error} />
      </div>
    </div>
  )
}
