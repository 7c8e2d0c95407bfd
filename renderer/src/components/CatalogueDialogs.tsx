// The dialogs that change tags, collections and authority records.
import { useEffect, useState } from 'react'
import { IDENTIFIER_SCHEMES, type AuthorityIdentifier, type AuthorityInfo, type AuthorityKind, type CollectionInfo, type DuplicateProposal, type TagInfo } from '../../../shared/model'
import { call } from '../api'
import { useI18n } from '../i18n'
import { Dialog } from './Dialog'
import { useConfirm } from './ConfirmDialog'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

type Done = (message: string) => void

function useAction(onDone: Done) {
  const { t } = useI18n()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (fn: () => Promise<string>) => {
    setBusy(true)
    setError(null)
    try {
      onDone(await fn())
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  return { error, busy, run }
}

export function TagDialog({ tag, tags, onClose, onDone }: { tag: TagInfo | null; tags: TagInfo[]; onClose(): void; onDone: Done }) {
  const { t } = useI18n()
  const [name, setName] = useState(tag?.name ?? '')
  const [colour, setColour] = useState(tag?.colour ?? '#8a3b12')
  const [coloured, setColoured] = useState(tag ? tag.colour !== null : false)
  const [into, setInto] = useState('')
  const { error, busy, run } = useAction(onDone)
  const save = () =>
    run(async () => {
      let current = tag?.name ?? name
      if (tag && name.trim() !== tag.name) {
        const r = await call('tags:rename', { from: tag.name, to: name })
        current = name.trim()
        if (!coloured && tag.colour === null) return t('tag.renamed', { n: r.items })
      }
      await call('tags:set', { name: current, colour: coloured ? colour : null })
      return tag ? t('tag.saved') : t('tag.created')
    })
  return (
    <Dialog title={tag ? t('tag.editTitle', { name: tag.name }) : t('tag.newTitle')} onClose={onClose}>
      {tag && <p className="muted">{t('tag.usage', { n: tag.count, total: tag.total })}</p>}
      <div className="form one">
        <label className="field">
          <span>{t('tag.name')}</span>
          <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} placeholder="region/africa" autoFocus />
        </label>
        <label className="check">
          <input type="checkbox" checked={coloured} onChange={(e) => setColoured(e.target.checked)} />
          {t('tag.useColour')}
        </label>
        <label className="field">
          <span>{t('tag.colour')}</span>
          <input type="color" value={colour} disabled={!coloured} onChange={(e) => setColour(e.target.value)} />
        </label>
      </div>
      <ErrorLine error={error} />
      <div className="dialog-actions">
        <button onClick={onClose}>{t('common.cancel')}</button>
        <button className="primary" disabled={busy} onClick={save}>
          {t('common.save')}
        </button>
      </div>
      {tag && (
        <section className="dialog-section" aria-label={t('tag.mergeSection')}>
          <h3>{t('tag.mergeSection')}</h3>
          <label className="field">
            <span>{t('tag.mergeInto')}</span>
            <input dir="auto" list="tag-names" value={into} onChange={(e) => setInto(e.target.value)} />
            <datalist id="tag-names">
              {tags.filter((x) => x.name !== tag.name).map((x) => (
                <option key={x.name} value={x.name} />
              ))}
            </datalist>
          </label>
          <div className="dialog-actions">
            <button disabled={busy || !into.trim()} onClick={() => run(async () => t('tag.merged', { n: (await call('tags:merge', { sources: [tag.name], into })).items }))}>
              {t('tag.merge')}
            </button>
            <DeleteButton
              label={t('tag.delete')}
              question={t('tag.confirmDelete', { name: tag.name, n: tag.total })}
              busy={busy}
              onConfirmed={() => run(async () => t('tag.deleted', { n: (await call('tags:delete', { name: tag.name })).items }))}
            />
          </div>
        </section>
      )}
    </Dialog>
  )
}

export function CollectionDialog({
  collection,
  parentId,
  collections,
  onClose,
  onDone
}: {
  collection: CollectionInfo | null
  parentId: string | null
  collections: CollectionInfo[]
  onClose(): void
  onDone: Done
}) {
  const { t } = useI18n()
  const [name, setName] = useState(collection?.name ?? '')
  const [parent, setParent] = useState(collection ? (collection.parentId ?? '') : (parentId ?? ''))
  const [description, setDescription] = useState(collection?.description ?? '')
  const [notes, setNotes] = useState(collection?.notes ?? '')
  const { error, busy, run } = useAction(onDone)
  const save = () =>
    run(async () => {
      if (collection) {
        await call('collections:update', { id: collection.id, name, parentId: parent || null, description, notes })
        return t('coll.saved')
      }
      await call('collections:create', { name, parentId: parent || null, description, notes })
      return t('coll.created')
    })
  return (
    <Dialog title={collection ? t('coll.editTitle', { name: collection.name }) : t('coll.newTitle')} onClose={onClose}>
      <div className="form one">
        <label className="field">
          <span>{t('coll.name')}</span>
          <input dir="auto" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>{t('coll.parent')}</span>
          <select value={parent} onChange={(e) => setParent(e.target.value)}>
            <option value="">{t('coll.topLevel')}</option>
            {collections
              .filter((c) => c.id !== collection?.id)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>{t('coll.description')}</span>
          <textarea dir="auto" rows={3} value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('coll.notes')}</span>
          <textarea dir="auto" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
      </div>
      <ErrorLine error={error} />
      <div className="dialog-actions">
        {collection && (
          <DeleteButton
            label={t('coll.delete')}
            question={t('coll.confirmDelete', { name: collection.name })}
            busy={busy}
            onConfirmed={() => run(async () => (await call('collections:delete', { id: collection.id }), t('coll.deleted')))}
          />
        )}
        <div className="spacer" />
        <button onClick={onClose}>{t('common.cancel')}</button>
        <button className="primary" disabled={busy} onClick={save}>
          {collection ? t('common.save') : t('common.create')}
        </button>
      </div>
    </Dialog>
  )
}

const parseIds = (text: string): AuthorityIdentifier[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf(':')
      const scheme = (i > 0 ? l.slice(0, i).trim().toLowerCase() : 'other') as AuthorityIdentifier['scheme']
      return (IDENTIFIER_SCHEMES as readonly string[]).includes(scheme) ? { scheme, value: l.slice(i + 1).trim() } : { scheme: 'other', value: l }
    })

export function AuthorityDialog({ record, authorities, onClose, onDone }: { record: AuthorityInfo; authorities: AuthorityInfo[]; onClose(): void; onDone: Done }) {
  const { t } = useI18n()
  const [preferred, setPreferred] = useState(record.preferred)
  const [variants, setVariants] = useState(record.variants.join('\n'))
  const [note, setNote] = useState(record.note)
  const [ids, setIds] = useState(record.identifiers.map((i) => `${i.scheme}:${i.value}`).join('\n'))
  const [target, setTarget] = useState('')
  const { error, busy, run } = useAction(onDone)
  const others = authorities.filter((a) => a.kind === record.kind && a.id !== record.id)
  const save = () =>
    run(async () => {
      await call('authorities:update', {
        id: record.id,
        preferred,
        variants: variants.split('\n').map((v) => v.trim()).filter(Boolean),
        note,
        identifiers: parseIds(ids)
      })
      return t('auth.saved')
    })
  return (
    <Dialog title={t('auth.editTitle', { name: record.preferred })} onClose={onClose}>
      <p className="muted">{t('auth.mentions', { n: record.count })}</p>
      <div className="form one">
        <label className="field">
          <span>{t('auth.preferred')}</span>
          <input dir="auto" value={preferred} onChange={(e) => setPreferred(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>{t('auth.variants')}</span>
          <textarea dir="auto" rows={3} value={variants} onChange={(e) => setVariants(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auth.note')}</span>
          <textarea dir="auto" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('auth.identifiers')}</span>
          <textarea rows={2} value={ids} placeholder="wikidata:Q42" onChange={(e) => setIds(e.target.value)} />
        </label>
      </div>
      <ErrorLine error={error} />
      <div className="dialog-actions">
        <DeleteButton
          label={t('auth.delete')}
          question={t('auth.confirmDelete', { name: record.preferred })}
          busy={busy}
          onConfirmed={() => run(async () => (await call('authorities:delete', { id: record.id }), t('auth.deleted')))}
        />
        <div className="spacer" />
        <button onClick={onClose}>{t('common.cancel')}</button>
        <button className="primary" disabled={busy} onClick={save}>
          {t('common.save')}
        </button>
      </div>
      <section className="dialog-section" aria-label={t('auth.mergeSection')}>
        <h3>{t('auth.mergeSection')}</h3>
        <label className="field">
          <span>{t('auth.mergeInto')}</span>
          <select value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">—</option>
            {others.map((a) => (
              <option key={a.id} value={a.id}>
                {a.preferred}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          <button disabled={busy || !target} onClick={() => run(async () => t('auth.merged', { name: (await call('authorities:merge', { sourceId: record.id, targetId: target })).preferred }))}>
            {t('auth.merge')}
          </button>
        </div>
      </section>
    </Dialog>
  )
}

export function DuplicatesDialog({ kind, onClose, onDone }: { kind: AuthorityKind; onClose(): void; onDone: Done }) {
  const { t, num } = useI18n()
  const [list, setList] = useState<DuplicateProposal[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState('')
  const load = () =>
    call('authorities:duplicates', { kind })
      .then(setList)
      .catch((e) => setError(errorText(t, e)))
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kind])
  const act = async (fn: () => Promise<string>) => {
    setError(null)
    try {
      const m = await fn()
      setMessage(m)
      onDone(m)
      await load()
    } catch (e) {
      setError(errorText(t, e))
    }
  }
  return (
    <Dialog title={t('dup.title')} onClose={onClose} className="wide">
      <p className="muted">{t('dup.explain')}</p>
      <p role="status" className="status">
        {message}
      </p>
      <ErrorLine error={error} />
      {list && list.length === 0 && <p>{t('dup.none')}</p>}
      {list && list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>{t('dup.first')}</th>
              <th>{t('dup.second')}</th>
              <th>{t('dup.why')}</th>
              <th>
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={`${d.a.id}-${d.b.id}`}>
                <td dir="auto">{d.a.preferred}</td>
                <td dir="auto">{d.b.preferred}</td>
                <td>
                  {num(d.score)} · <span dir="auto">{d.reason}</span>
                </td>
                <td className="actions">
                  <button onClick={() => act(async () => t('auth.merged', { name: (await call('authorities:merge', { sourceId: d.b.id, targetId: d.a.id })).preferred }))} aria-label={t('dup.keep', { name: d.a.preferred })}>
                    {t('dup.keep', { name: d.a.preferred })}
                  </button>
                  <button onClick={() => act(async () => t('auth.merged', { name: (await call('authorities:merge', { sourceId: d.a.id, targetId: d.b.id })).preferred }))} aria-label={t('dup.keep', { name: d.b.preferred })}>
                    {t('dup.keep', { name: d.b.preferred })}
                  </button>
                  <button onClick={() => act(async () => (await call('authorities:reject', { a: d.a.id, b: d.b.id }), t('dup.rejected')))} aria-label={t('dup.reject', { a: d.a.preferred, b: d.b.preferred })}>
                    {t('dup.notSame')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="dialog-actions">
        <button onClick={onClose}>{t('common.close')}</button>
      </div>
    </Dialog>
  )
}

/** A dialog's delete button: asks first, in the app's own dialog, and deletes only when told to. */
function DeleteButton({ label, question, busy, onConfirmed }: { label: string; question: string; busy: boolean; onConfirmed(): void }) {
  const { t } = useI18n()
  const confirm = useConfirm()
  return (
    <button className="danger" disabled={busy} onClick={async () => (await confirm({ title: label, message: question, confirm: t('common.delete') })) && onConfirmed()}>
      {label}
    </button>
  )
}
