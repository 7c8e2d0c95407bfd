import { useEffect, useMemo, useRef, useState } from 'react'
import { ITEM_STATUSES, ITEM_TYPES, type AuthorityInfo, type AuthorityKind, type CollectionInfo, type Item, type ItemConflict, type ItemPatch } from '../../../shared/model'
import { ApiError, call, transport } from '../api'
import { useI18n } from '../i18n'
import { Attachments } from './Attachments'
import { fieldKey } from './BulkEditDialog'
import { statusKey, typeKey } from './ItemList'
import { ConflictDialog } from './ConflictDialog'
import { ErrorLine } from './ErrorLine'
import { NameField } from './NameField'
import { warningText } from './warningText'
import { errorText } from '../errorText'
import { useReadOnly } from '../session'

type Draft = {
  title: string
  date: string
  type: Item['type']
  status: Item['status']
  language: string
  outlet: string
  byline: string
  identifier: string
  rights: string
  sourceUrl: string
  description: string
  body: string
  notes: string
  tags: string
  people: string
  organisations: string
  places: string
}

const LIST_FIELDS = ['tags', 'people', 'organisations', 'places'] as const
const SEP = '; '

/** `fresh`, with every field of `mine` that differs from `base` (what the person changed in the form) kept. */
function withEdits(fresh: Draft, mine: Draft, base: Draft): Draft {
  const next = { ...fresh } as Record<string, unknown>
  for (const k of Object.keys(fresh) as Array<keyof Draft>) if (JSON.stringify(mine[k]) !== JSON.stringify(base[k])) next[k] = mine[k]
  return next as Draft
}

function toDraft(item: Item | null): Draft {
  return {
    title: item?.title ?? '',
    date: item?.date ?? '',
    type: item?.type ?? 'article',
    status: item?.status ?? 'new',
    language: item?.language ?? '',
    outlet: item?.outlet ?? '',
    byline: item?.byline ?? '',
    identifier: item?.identifier ?? '',
    rights: item?.rights ?? '',
    sourceUrl: item?.sourceUrl ?? '',
    description: item?.description ?? '',
    body: item?.body ?? '',
    notes: item?.notes ?? '',
    tags: (item?.tags ?? []).join(SEP),
    people: (item?.people ?? []).join(SEP),
    organisations: (item?.organisations ?? []).join(SEP),
    places: (item?.places ?? []).join(SEP)
  }
}

function splitList(value: string): string[] {
  return [...new Set(value.split(/[;\n]/).map((s) => s.trim()).filter(Boolean))]
}

function toFields(draft: Draft): ItemPatch {
  const fields: Record<string, unknown> = { ...draft }
  for (const f of LIST_FIELDS) fields[f] = splitList(draft[f])
  return fields as ItemPatch
}

/** The fields this form changed from the item it was opened on: all a save sends, so that it cannot undo someone else's change to another field. */
function changedFields(draft: Draft, base: Item): ItemPatch {
  const mine = toFields(draft) as Record<string, unknown>
  const was = toFields(toDraft(base)) as Record<string, unknown>
  return Object.fromEntries(Object.entries(mine).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(was[k]))) as ItemPatch
}

type Props = {
  /** The item to edit, or 'new' for a blank form that creates one on save. */
  itemId: string | 'new'
  /** Changes when something else (undo, a bulk edit) may have changed the item. */
  version: number
  collections: CollectionInfo[]
  /** Name fields suggest these records as one types. */
  authorities: readonly AuthorityInfo[]
  onSaved(item: Item): void
  onTrashChanged(): void
}

export function ItemEditor({ itemId, version, collections, authorities, onSaved, onTrashChanged }: Props) {
  const i18n = useI18n()
  const { t, time } = i18n
  // A reader sees the item as a form they cannot change (the server refuses changes anyway).
  const readOnly = useReadOnly()
  const [item, setItem] = useState<Item | null>(null)
  const [draft, setDraft] = useState<Draft>(toDraft(null))
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const [status, setStatus] = useState<string>('')
  const [saving, setSaving] = useState(false)
  /** A save refused because the item changed elsewhere: what was refused, for the person to resolve. */
  const [conflict, setConflict] = useState<{ conflict: ItemConflict; fields: ItemPatch } | null>(null)
  const titleRef = useRef<HTMLInputElement>(null)
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(toDraft(item)), [draft, item])
  // The item as shown, read when a refresh answers (not when it was asked for).
  const itemNow = useRef(item)
  itemNow.current = item
  const draftNow = useRef(draft)
  draftNow.current = draft

  useEffect(() => {
    let live = true
    // Just created here: already loaded, keep the "Saved" status.
    if (item && item.id === itemId) return
    setError(null)
    setStatus('')
    if (itemId === 'new') {
      setItem(null)
      setDraft(toDraft(null))
      setTimeout(() => titleRef.current?.focus(), 0)
      return
    }
    // An empty form while the item is read; what is typed there meanwhile is kept when it comes
    // (Save waits for it: saved before, the empty form was taken for a new item).
    setItem(null)
    setDraft(toDraft(null))
    saveWhenLoaded.current = false
    call('items:get', { id: itemId })
      .then((it) => {
        if (!live) return
        setItem(it)
        setDraft((typed) => withEdits(toDraft(it), typed, toDraft(null)))
      })
      .catch((err) => live && setError({ message: errorText(t, err) }))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemId])

  // Undo, redo, a bulk edit or a change elsewhere: show the item as it is now, keeping every
  // field the person has changed here and not saved yet. The fields are compared when the
  // answer comes, not when it was asked for: found in CI, a status chosen while the answer was
  // on its way was put back to the old one, and Ctrl+S saved that.
  const firstVersion = useRef(version)
  useEffect(() => {
    if (version === firstVersion.current || itemId === 'new') return
    let live = true
    call('items:get', { id: itemId })
      .then((it) => {
        if (!live) return
        const base = toDraft(itemNow.current)
        const fresh = toDraft(it)
        const keys = Object.keys(fresh) as Array<keyof Draft>
        const edited = (d: Draft) => keys.filter((k) => JSON.stringify(d[k]) !== JSON.stringify(base[k]))
        // A field changed both here (not saved yet) and elsewhere: the form stays on the version
        // it was opened on, so that saving it meets the conflict and shows both sides.
        const mine = draftNow.current
        if (edited(mine).some((k) => fresh[k] !== base[k] && fresh[k] !== mine[k])) return
        setItem(it)
        setDraft((mine) => withEdits(fresh, mine, base))
      })
      // Showing the item as it is now is a courtesy; the form still holds the person's work and a save still checks the version.
      .catch((err) => live && setError({ message: errorText(t, err) }))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version])

  /** Saves the form: a new item, or the fields changed here, made on the version shown (`baseVersion`). */
  const submit = async (fields: ItemPatch | null, baseVersion: number | undefined, savedStatus: string) => {
    if (saving) return
    setSaving(true)
    setError(null)
    try {
      const saved =
        itemId === 'new' || !fields
          ? await call('items:create', { fields: { ...toFields(draft), title: draft.title } })
          : await call('items:update', { id: itemId, fields, baseVersion })
      setItem(saved)
      setDraft(toDraft(saved))
      setStatus(savedStatus)
      onSaved(saved)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONFLICT' && err.conflict && fields) setConflict({ conflict: err.conflict, fields })
      else {
        const field = err instanceof ApiError ? err.field?.replace(/^fields\./, '').split('.')[0] : undefined
        setError({ message: errorText(t, err), field })
      }
    } finally {
      setSaving(false)
    }
  }
  const savedAt = () => t('editor.savedAt', { time: new Date().toLocaleTimeString(document.documentElement.lang) })
  // An item still being read: nothing to save yet (a save then took the empty form for a new item;
  // the form stays open to typing, which is kept when the item comes).
  const loading = itemId !== 'new' && item?.id !== itemId
  // Asked for (Ctrl+S) while the item was read: made once it has come, with what was typed meanwhile.
  const saveWhenLoaded = useRef(false)
  const save = () => {
    if (loading) {
      saveWhenLoaded.current = true
      return
    }
    return submit(itemId === 'new' || !item ? null : changedFields(draft, item), item?.version, savedAt())
  }
  useEffect(() => {
    if (loading || !saveWhenLoaded.current) return
    saveWhenLoaded.current = false
    void save()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loading])

  /** The conflict resolved: each conflicting field as chosen, the person's other changes on top of the item as it is now. */
  const resolve = (chosen: Record<string, 'mine' | 'theirs'>) => {
    if (!conflict) return
    const fields = Object.fromEntries(Object.entries(conflict.fields).filter(([k]) => chosen[k] !== 'theirs')) as ItemPatch
    setConflict(null)
    void submit(fields, conflict.conflict.current.version, t('conflict.resolved'))
  }

  const setTrashed = async (trashed: boolean) => {
    if (!item) return
    try {
      await call(trashed ? 'items:trash' : 'items:restore', { ids: [item.id] })
      const fresh = await call('items:get', { id: item.id })
      setItem(fresh)
      setStatus(trashed ? t('editor.trashed') : t('editor.restored'))
      onTrashChanged()
    } catch (err) {
      setError({ message: errorText(t, err) })
    }
  }

  const setCollections = async (next: string[]) => {
    if (!item) return
    try {
      const saved = await call('items:update', { id: item.id, fields: { collections: next } })
      setItem((old) => (old ? { ...old, collections: saved.collections, modified: saved.modified } : saved))
      onSaved(saved)
    } catch (err) {
      setError({ message: errorText(t, err) })
    }
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault()
      void save()
    }
  }

  const textLang = draft.language || undefined
  const text = (name: keyof Draft, opts: { wide?: boolean; placeholder?: string; lang?: boolean } = {}) => (
    <label className={`field ${opts.wide ? 'wide' : ''} ${error?.field === name ? 'invalid' : ''}`}>
      <span>{t(fieldKey(name))}</span>
      <input
        ref={name === 'title' ? titleRef : undefined}
        name={name}
        dir="auto"
        lang={opts.lang ? textLang : undefined}
        value={draft[name]}
        placeholder={opts.placeholder}
        aria-invalid={error?.field === name}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  )
  const area = (name: keyof Draft, rows: number) => (
    <label className={`field wide ${error?.field === name ? 'invalid' : ''}`}>
      <span>{t(fieldKey(name))}</span>
      <textarea
        name={name}
        dir="auto"
        lang={textLang}
        rows={rows}
        value={draft[name]}
        aria-invalid={error?.field === name}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  )
  const sep = t('common.separate')
  const names = (name: 'people' | 'organisations' | 'places', kind: AuthorityKind, wide = false) => (
    <NameField
      name={name}
      label={t(fieldKey(name))}
      kind={kind}
      value={draft[name]}
      onChange={(v) => setDraft((d) => ({ ...d, [name]: v }))}
      authorities={authorities}
      placeholder={sep}
      invalid={error?.field === name}
      wide={wide}
    />
  )
  const inCollections = item ? item.collections.map((id) => collections.find((c) => c.id === id)).filter((c): c is CollectionInfo => !!c) : []

  return (
    <section className="editor" aria-label={t('editor.label')} onKeyDown={onKeyDown}>
      {conflict && (
        <ConflictDialog
          conflict={conflict.conflict}
          mine={draft as unknown as Record<string, string>}
          theirs={toDraft(conflict.conflict.current) as unknown as Record<string, string>}
          onResolve={resolve}
          onClose={() => setConflict(null)}
        />
      )}
      <header className="editor-head">
        <h2 dir="auto">{itemId === 'new' ? t('editor.newTitle') : (item?.title ?? '…')}</h2>
        {item?.trashed && <span className="badge">{t('editor.inTrash')}</span>}
        <div className="spacer" />
        <span className="status" role="status">
          {saving ? t('editor.saving') : dirty ? t('editor.unsaved') : status}
        </span>
        {item && !item.trashed && (
          <button className="ghost" onClick={() => setTrashed(true)} disabled={readOnly}>
            {t('editor.trash')}
          </button>
        )}
        {item?.trashed && (
          <button className="ghost" onClick={() => setTrashed(false)} disabled={readOnly}>
            {t('editor.restore')}
          </button>
        )}
        <button className="primary" onClick={save} disabled={readOnly || saving || loading || (!dirty && itemId !== 'new')} title={t('editor.saveHint')}>
          {itemId === 'new' ? t('common.create') : t('common.save')}
        </button>
      </header>
      <ErrorLine error={error?.message} />
      {item?.damage?.map((d) => <ErrorLine key={d.path} error={t('editor.damaged', { path: d.path })} />)}
      {item && item.warnings.length > 0 && (
        <ul className="warnings" aria-label={t('editor.warnings')}>
          {item.warnings.map((w, i) => (
            <li key={i} dir="auto">
              {w.code === 'SUMMARY_ONLY' ? 'ⓘ' : '⚠'} {warningText(w, i18n)}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="plain" disabled={readOnly}>
      <div className="form">
        {text('title', { wide: true, lang: true })}
        {text('date', { placeholder: '2022-11-23' })}
        <label className="field">
          <span>{t('field.type')}</span>
          <select name="type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as Item['type'] })}>
            {ITEM_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(typeKey(ty))}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('field.status')}</span>
          <select name="status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Item['status'] })}>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </label>
        {text('language', { placeholder: 'en, fr, ar…' })}
        {text('outlet')}
        {text('byline')}
        {text('identifier')}
        {text('rights')}
        {text('sourceUrl', { wide: true, placeholder: 'https://…' })}
        {text('tags', { wide: true, placeholder: sep })}
        {names('people', 'person')}
        {names('organisations', 'organisation')}
        {names('places', 'place', true)}
        {item && (
          <div className="field wide">
            <span id="editor-collections">{t('field.collections')}</span>
            <div className="chips" role="group" aria-labelledby="editor-collections">
              {inCollections.map((c) => (
                <span key={c.id} className="chip" dir="auto">
                  {c.name}
                  <button className="chip-x" aria-label={t('editor.leaveCollection', { name: c.name })} onClick={() => setCollections(item.collections.filter((x) => x !== c.id))}>
                    ×
                  </button>
                </span>
              ))}
              <select
                aria-label={t('editor.addToCollection')}
                value=""
                onChange={(e) => e.target.value && setCollections([...item.collections, e.target.value])}
              >
                <option value="">{t('editor.addToCollection')}</option>
                {collections
                  .filter((c) => !item.collections.includes(c.id))
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
              </select>
            </div>
          </div>
        )}
        {area('description', 3)}
        {area('body', 12)}
        {area('notes', 4)}
      </div>
      </fieldset>
      {item && (
        <Attachments
          item={item}
          transport={transport}
          onChanged={(it) => {
            setItem(it)
            onSaved(it)
          }}
        />
      )}
      {item && (
        <p className="meta">
          {t('editor.meta', { created: time(item.created), modified: time(item.modified) })} · id <code>{item.id}</code>
        </p>
      )}
    </section>
  )
}
