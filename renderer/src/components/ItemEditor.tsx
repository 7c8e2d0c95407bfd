import { useEffect, useMemo, useRef, useState } from 'react'
import { ITEM_TYPES, type Item, type ItemPatch } from '../../../shared/model'
import { ApiError, call, transport } from '../api'
import { Attachments } from './Attachments'
import { typeLabel } from './ItemList'

type Draft = {
  title: string
  date: string
  type: Item['type']
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

function toDraft(item: Item | null): Draft {
  return {
    title: item?.title ?? '',
    date: item?.date ?? '',
    type: item?.type ?? 'article',
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

const LABELS: Record<string, string> = {
  title: 'Title',
  date: 'Date',
  type: 'Type',
  language: 'Language',
  outlet: 'Outlet',
  byline: 'Byline',
  identifier: 'Identifier',
  rights: 'Rights',
  sourceUrl: 'Source URL',
  description: 'Description',
  body: 'Body text',
  notes: 'Notes',
  tags: 'Tags',
  people: 'People',
  organisations: 'Organisations',
  places: 'Places'
}

type Props = {
  /** The item to edit, or 'new' for a blank form that creates one on save. */
  itemId: string | 'new'
  onSaved(item: Item): void
  onTrashChanged(): void
}

export function ItemEditor({ itemId, onSaved, onTrashChanged }: Props) {
  const [item, setItem] = useState<Item | null>(null)
  const [draft, setDraft] = useState<Draft>(toDraft(null))
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const [status, setStatus] = useState<string>('')
  const [saving, setSaving] = useState(false)
  const titleRef = useRef<HTMLInputElement>(null)

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
    call('items:get', { id: itemId })
      .then((it) => {
        if (!live) return
        setItem(it)
        setDraft(toDraft(it))
      })
      .catch((err) => live && setError({ message: (err as Error).message }))
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [itemId])

  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(toDraft(item)), [draft, item])

  const save = async () => {
    if (saving) return
    setSaving(true)
    setError(null)
    try {
      const saved =
        itemId === 'new'
          ? await call('items:create', { fields: { ...toFields(draft), title: draft.title } })
          : await call('items:update', { id: itemId, fields: toFields(draft) })
      setItem(saved)
      setDraft(toDraft(saved))
      setStatus(`Saved at ${new Date().toLocaleTimeString()}`)
      onSaved(saved)
    } catch (err) {
      const field = err instanceof ApiError ? err.field?.replace(/^fields\./, '').split('.')[0] : undefined
      setError({ message: (err as Error).message, field })
    } finally {
      setSaving(false)
    }
  }

  const setTrashed = async (trashed: boolean) => {
    if (!item) return
    try {
      await call(trashed ? 'items:trash' : 'items:restore', { ids: [item.id] })
      const fresh = await call('items:get', { id: item.id })
      setItem(fresh)
      setStatus(trashed ? 'Moved to the trash' : 'Restored from the trash')
      onTrashChanged()
    } catch (err) {
      setError({ message: (err as Error).message })
    }
  }

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault()
      void save()
    }
  }

  const text = (name: keyof Draft, opts: { wide?: boolean; placeholder?: string } = {}) => (
    <label className={`field ${opts.wide ? 'wide' : ''} ${error?.field === name ? 'invalid' : ''}`}>
      <span>{LABELS[name]}</span>
      <input
        ref={name === 'title' ? titleRef : undefined}
        name={name}
        dir="auto"
        value={draft[name]}
        placeholder={opts.placeholder}
        aria-invalid={error?.field === name}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  )
  const area = (name: keyof Draft, rows: number) => (
    <label className={`field wide ${error?.field === name ? 'invalid' : ''}`}>
      <span>{LABELS[name]}</span>
      <textarea
        name={name}
        dir="auto"
        rows={rows}
        value={draft[name]}
        aria-invalid={error?.field === name}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
      />
    </label>
  )

  return (
    <section className="editor" aria-label="Item editor" onKeyDown={onKeyDown}>
      <header className="editor-head">
        <h2 dir="auto">{itemId === 'new' ? 'New item' : item?.title ?? '…'}</h2>
        {item?.trashed && <span className="badge">In the trash</span>}
        <div className="spacer" />
        <span className="status" role="status">
          {saving ? 'Saving…' : dirty ? 'Unsaved changes' : status}
        </span>
        {item && !item.trashed && (
          <button className="ghost" onClick={() => setTrashed(true)}>
            Move to trash
          </button>
        )}
        {item?.trashed && (
          <button className="ghost" onClick={() => setTrashed(false)}>
            Restore
          </button>
        )}
        <button className="primary" onClick={save} disabled={saving || (!dirty && itemId !== 'new')} title="Save (Ctrl+S)">
          {itemId === 'new' ? 'Create' : 'Save'}
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <div className="form">
        {text('title', { wide: true })}
        {text('date', { placeholder: '2022-11-23' })}
        <label className="field">
          <span>{LABELS.type}</span>
          <select name="type" value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value as Item['type'] })}>
            {ITEM_TYPES.map((t) => (
              <option key={t} value={t}>
                {typeLabel(t)}
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
        {text('tags', { wide: true, placeholder: 'separate with ;' })}
        {text('people', { placeholder: 'separate with ;' })}
        {text('organisations', { placeholder: 'separate with ;' })}
        {text('places', { wide: true, placeholder: 'separate with ;' })}
        {area('description', 3)}
        {area('body', 12)}
        {area('notes', 4)}
      </div>
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
          Created {item.created.replace('T', ' ').slice(0, 19)} · modified {item.modified.replace('T', ' ').slice(0, 19)} · id{' '}
          <code>{item.id}</code>
        </p>
      )}
    </section>
  )
}
