import { useState } from 'react'
import type { StagedProposal } from '../../../shared/contract'
import type { ProposedItem } from '../../../shared/proposal'
import { call, transport } from '../api'

type Props = { onClose(): void; onImported(count: number): void }

const LIST_FIELDS = ['people', 'organisations', 'places', 'tags'] as const
type ListField = (typeof LIST_FIELDS)[number]

/**
 * Import a press page: paste its text (or choose a saved .txt / .html page), review the
 * proposed items (edit, merge, split, drop, restore what was skipped), then commit them all.
 */
export function PageImport({ onClose, onImported }: Props) {
  const [text, setText] = useState('')
  const [proposal, setProposal] = useState<StagedProposal | null>(null)
  const [dropped, setDropped] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = async (label: string, fn: () => Promise<void>) => {
    setBusy(label)
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError((err as Error).message)
    } finally {
      setBusy(null)
    }
  }

  const proposeFromText = () => run('Reading the page…', async () => setProposal(await call('import:proposeText', { text })))
  const chooseFile = () => {
    if (transport.kind === 'electron')
      return run('Reading the page…', async () => {
        const p = await call('import:pickPage', {})
        if (p) setProposal(p)
      })
    const el = document.createElement('input')
    el.type = 'file'
    el.accept = '.txt,.html,.htm,text/plain,text/html'
    el.onchange = () => {
      const f = el.files?.[0]
      if (f && transport.stage)
        void run('Reading the page…', async () => {
          const token = await transport.stage!(f)
          setProposal(await call('import:proposeStaged', { token }))
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

  const merge = (a: string, b: string) => run('Merging…', async () => update(await call('proposal:merge', { proposal: reviewed(), a, b })))
  const split = (item: ProposedItem) => {
    const paras = (item.fields.body ?? '').split(/\n\s*\n/).filter((p) => p.trim())
    const answer = window.prompt(`Split before which paragraph? (2 to ${paras.length})`, '2')
    if (!answer) return
    void run('Splitting…', async () => update(await call('proposal:split', { proposal: reviewed(), key: item.key, atParagraph: Number(answer) - 1 })))
  }
  const restore = (index: number) => run('Restoring…', async () => update(await call('proposal:restoreSkipped', { proposal: reviewed(), index })))
  const commit = () =>
    run('Importing…', async () => {
      const p = reviewed()
      const items = p.items.filter((i) => !dropped.has(i.key))
      const r = await call('import:commit', { token: proposal!.token, proposal: { ...p, items } })
      onImported(r.ids.length)
      onClose()
    })

  const kept = proposal ? proposal.items.filter((i) => !dropped.has(i.key)).length : 0

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-modal="true" aria-label="Import a press page">
        <h2>Import a press page</h2>
        {!proposal ? (
          <>
            <p className="muted">Paste the text of a news page as you copied it from the browser, or choose a saved page (.txt, .html). Nothing is written until you confirm.</p>
            <label className="field wide">
              <span>Page text</span>
              <textarea rows={14} dir="auto" value={text} onChange={(e) => setText(e.target.value)} aria-label="Page text" />
            </label>
            <div className="modal-actions">
              <button onClick={onClose}>Cancel</button>
              <button onClick={chooseFile}>Choose a saved page…</button>
              <button className="primary" disabled={!text.trim() || !!busy} onClick={() => void proposeFromText()}>
                Propose items
              </button>
            </div>
          </>
        ) : (
          <>
            <p role="status">
              {proposal.items.length} item(s) proposed from {proposal.sourceName}
              {proposal.skipped.length ? `, ${proposal.skipped.length} block(s) skipped as site boilerplate` : ''}. Review, then import.
            </p>
            {proposal.notices.map((n, i) => (
              <p key={i} className="notice">
                {n}
              </p>
            ))}
            <ol className="proposals" aria-label="Proposed items">
              {proposal.items.map((it, i) => {
                const f = it.fields
                const isDropped = dropped.has(it.key)
                return (
                  <li key={it.key} className={`proposal ${isDropped ? 'dropped' : ''}`} aria-label={`Proposed item ${i + 1}`}>
                    <div className="proposal-head">
                      <input className="title" aria-label={`Title of item ${i + 1}`} dir="auto" value={f.title} onChange={(e) => setField(it.key, 'title', e.target.value)} />
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
                        Import
                      </label>
                    </div>
                    <div className="proposal-fields">
                      <label>
                        Date <input aria-label={`Date of item ${i + 1}`} value={f.date ?? ''} onChange={(e) => setField(it.key, 'date', e.target.value)} />
                      </label>
                      {f.dateSource && <span className="muted">from “{f.dateSource}”{f.dateInferred ? ' (inferred)' : ''}</span>}
                      <label>
                        Language <input className="short" value={f.language ?? ''} onChange={(e) => setField(it.key, 'language', e.target.value)} />
                      </label>
                      {f.outlet && <span className="muted">Outlet: {f.outlet}</span>}
                    </div>
                    {LIST_FIELDS.map((lf: ListField) =>
                      (f[lf]?.length ?? 0) > 0 ? (
                        <label key={lf} className="proposal-list">
                          <span>{lf}</span>
                          <input
                            dir="auto"
                            value={(f[lf] ?? []).join('; ')}
                            onChange={(e) => setField(it.key, lf, e.target.value.split(';').map((s) => s.trim()).filter(Boolean))}
                          />
                        </label>
                      ) : null
                    )}
                    {(f.warnings ?? []).length > 0 && (
                      <ul className="warnings" aria-label={`Warnings of item ${i + 1}`}>
                        {f.warnings!.map((w, j) => (
                          <li key={j} className="warning">
                            ⚠ {w.message}
                          </li>
                        ))}
                      </ul>
                    )}
                    <details>
                      <summary>Body ({(f.body ?? '').length.toLocaleString()} characters)</summary>
                      <textarea rows={8} dir="auto" value={f.body ?? ''} onChange={(e) => setField(it.key, 'body', e.target.value)} aria-label={`Body of item ${i + 1}`} />
                    </details>
                    <div className="proposal-actions">
                      {i + 1 < proposal.items.length && (
                        <button className="link" onClick={() => void merge(it.key, proposal.items[i + 1].key)}>
                          Merge with next
                        </button>
                      )}
                      <button className="link" onClick={() => split(it)}>
                        Split…
                      </button>
                    </div>
                  </li>
                )
              })}
            </ol>
            {proposal.skipped.length > 0 && (
              <details className="skipped">
                <summary>Skipped ({proposal.skipped.length})</summary>
                <ul>
                  {proposal.skipped.map((s, i) => (
                    <li key={i}>
                      <span className="muted">{s.reason}:</span> {s.text.replace(/\s+/g, ' ').slice(0, 160)}{' '}
                      <button className="link" onClick={() => void restore(i)}>
                        Restore as an item
                      </button>
                    </li>
                  ))}
                </ul>
              </details>
            )}
            {proposal.authorities.some((a) => a.variants.length > 1) && (
              <details className="authorities">
                <summary>Spelling variants grouped</summary>
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
              <button onClick={onClose}>Cancel</button>
              <button onClick={() => setProposal(null)}>Back</button>
              <button className="primary" disabled={kept === 0 || !!busy} onClick={() => void commit()}>
                Import {kept} item{kept === 1 ? '' : 's'}
              </button>
            </div>
          </>
        )}
        {busy && <p role="status">{busy}</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  )
}
