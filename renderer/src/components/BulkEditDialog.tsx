import { useMemo, useState } from 'react'
import { BULK_REPLACE_FIELDS, BULK_SET_FIELDS, ITEM_STATUSES, type BulkOp, type BulkPreview, type CollectionInfo, type TagInfo } from '../../../shared/model'
import { ApiError, type ErrorParams } from '../../../shared/contract'
import { call } from '../api'
import { useI18n, type MessageKey } from '../i18n'
import { Dialog } from './Dialog'
import { statusKey, typeKey } from './ItemList'
import { ErrorLine } from './ErrorLine'
import { errorText } from '../errorText'

const split = (s: string) => s.split(/[;\n]/).map((x) => x.trim()).filter(Boolean)
export const fieldKey = (f: string) => `field.${f}` as MessageKey

type Props = { ids: string[]; tags: TagInfo[]; collections: CollectionInfo[]; onClose(): void; onDone(message: string): void }

/** Bulk edit: build the edit, look at every change it would make, then apply exactly that. */
export function BulkEditDialog({ ids, tags, collections, onClose, onDone }: Props) {
  const { t, num } = useI18n()
  const [addTags, setAddTags] = useState('')
  const [removeTags, setRemoveTags] = useState('')
  const [addTo, setAddTo] = useState('')
  const [removeFrom, setRemoveFrom] = useState('')
  const [setField, setSetField] = useState('')
  const [setValue, setSetValue] = useState('')
  const [replaceField, setReplaceField] = useState('')
  const [find, setFind] = useState('')
  const [replace, setReplace] = useState('')
  const [regex, setRegex] = useState(false)
  const [caseSensitive, setCaseSensitive] = useState(true)
  const [preview, setPreview] = useState<{ ops: string; result: BulkPreview } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const ops = useMemo(() => {
    const list: BulkOp[] = []
    if (split(addTags).length) list.push({ op: 'addTags', tags: split(addTags) })
    if (split(removeTags).length) list.push({ op: 'removeTags', tags: split(removeTags) })
    if (addTo) list.push({ op: 'addCollections', collections: [addTo] })
    if (removeFrom) list.push({ op: 'removeCollections', collections: [removeFrom] })
    if (setField) list.push({ op: 'setField', field: setField as (typeof BULK_SET_FIELDS)[number], value: setValue })
    if (replaceField && find) list.push({ op: 'replace', field: replaceField as (typeof BULK_REPLACE_FIELDS)[number], find, replace, regex, caseSensitive })
    return list
  }, [addTags, removeTags, addTo, removeFrom, setField, setValue, replaceField, find, replace, regex, caseSensitive])
  const opsKey = JSON.stringify(ops)
  const current = preview && preview.ops === opsKey ? preview.result : null

  const doPreview = async () => {
    setBusy(true)
    setError(null)
    try {
      setPreview({ ops: opsKey, result: await call('bulk:preview', { ids, ops }) })
    } catch (err) {
      setError(errorText(t, err))
      setPreview(null)
    } finally {
      setBusy(false)
    }
  }
  const apply = async () => {
    if (!current) return
    setBusy(true)
    setError(null)
    try {
      const r = await call('bulk:apply', { ids, ops, token: current.token })
      onDone(t('bulk.applied', { n: r.changed }))
    } catch (err) {
      setError(errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  // Values shown as the person knows them: collection names, statuses and types in the interface language.
  const shown = (field: string, value: string) =>
    field === 'collections' ? names(value, collections) : field === 'status' && value ? t(statusKey(value)) : field === 'type' && value ? t(typeKey(value)) : value
  // The field pickers of "set a field" and "find and replace" differ only in their lists.
  const fieldSelect = (fields: readonly string[], value: string, onChange: (v: string) => void) => (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">—</option>
      {fields.map((f) => (
        <option key={f} value={f}>
          {t(fieldKey(f))}
        </option>
      ))}
    </select>
  )
  const collectionOptions = collections.map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
    </option>
  ))

  return (
    <Dialog title={t('bulk.title', { n: ids.length })} onClose={onClose} className="wide">
      <datalist id="bulk-tags">
        {tags.map((x) => (
          <option key={x.name} value={x.name} />
        ))}
      </datalist>
      <div className="form">
        <label className="field">
          <span>{t('bulk.addTags')}</span>
          <input dir="auto" list="bulk-tags" value={addTags} onChange={(e) => setAddTags(e.target.value)} placeholder={t('common.separate')} autoFocus />
        </label>
        <label className="field">
          <span>{t('bulk.removeTags')}</span>
          <input dir="auto" list="bulk-tags" value={removeTags} onChange={(e) => setRemoveTags(e.target.value)} placeholder={t('common.separate')} />
        </label>
        <label className="field">
          <span>{t('bulk.addTo')}</span>
          <select value={addTo} onChange={(e) => setAddTo(e.target.value)}>
            <option value="">—</option>
            {collectionOptions}
          </select>
        </label>
        <label className="field">
          <span>{t('bulk.removeFrom')}</span>
          <select value={removeFrom} onChange={(e) => setRemoveFrom(e.target.value)}>
            <option value="">—</option>
            {collectionOptions}
          </select>
        </label>
        <label className="field">
          <span>{t('bulk.setField')}</span>
          {fieldSelect(BULK_SET_FIELDS, setField, setSetField)}
        </label>
        <label className="field">
          <span>{t('bulk.value')}</span>
          {setField === 'status' ? (
            <select value={setValue} onChange={(e) => setSetValue(e.target.value)}>
              <option value="">—</option>
              {ITEM_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(statusKey(s))}
                </option>
              ))}
            </select>
          ) : (
            <input dir="auto" value={setValue} disabled={!setField} onChange={(e) => setSetValue(e.target.value)} />
          )}
        </label>
        <fieldset className="field wide replace">
          <legend>{t('bulk.replace')}</legend>
          <label className="field">
            <span>{t('bulk.inField')}</span>
            {fieldSelect(BULK_REPLACE_FIELDS, replaceField, setReplaceField)}
          </label>
          <label className="field">
            <span>{t('bulk.find')}</span>
            <input dir="auto" value={find} onChange={(e) => setFind(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('bulk.replaceWith')}</span>
            <input dir="auto" value={replace} onChange={(e) => setReplace(e.target.value)} />
          </label>
          <label className="check">
            <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} />
            {t('bulk.regex')}
          </label>
          <label className="check">
            <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
            {t('bulk.matchCase')}
          </label>
        </fieldset>
      </div>
      <ErrorLine error={error} />
      {current && (
        <section className="preview" aria-label={t('bulk.previewLabel')}>
          <p role="status">
            {t('bulk.summary', { changed: current.changed, selected: current.selected })}
            {current.errors.length > 0 && ` ${t('bulk.errors', { n: current.errors.length })}`}
          </p>
          {current.errors.length > 0 && (
            <ul className="error-list">
              {current.errors.map((e) => (
                <li key={e.id} dir="auto">
                  <strong>
                    <bdi>{e.title}</bdi>
                  </strong>
                  : {errorText(t, new ApiError('INVALID_INPUT', e.message, undefined, undefined, e.params as ErrorParams))}
                </li>
              ))}
            </ul>
          )}
          {current.changes.length > 0 && (
            <div className="preview-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('bulk.item')}</th>
                    <th>{t('bulk.field')}</th>
                    <th>{t('bulk.before')}</th>
                    <th>{t('bulk.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {current.changes.map((c, i) => (
                    <tr key={`${c.id}-${c.field}-${i}`}>
                      <td dir="auto">{c.title}</td>
                      <td>{t(fieldKey(c.field))}</td>
                      <td dir="auto" className="before">
                        {shown(c.field, c.before)}
                      </td>
                      <td dir="auto" className="after">
                        {shown(c.field, c.after)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {current.more > 0 && <p className="muted">{t('bulk.more', { n: num(current.more) })}</p>}
            </div>
          )}
        </section>
      )}
      <div className="dialog-actions">
        <button onClick={onClose}>{t('common.cancel')}</button>
        <button disabled={busy || ops.length === 0} onClick={doPreview}>
          {t('bulk.preview')}
        </button>
        <button className="primary" disabled={busy || !current || current.changed === 0 || current.errors.length > 0} onClick={apply}>
          {t('bulk.apply')}
        </button>
      </div>
    </Dialog>
  )
}

function names(value: string, collections: CollectionInfo[]): string {
  return value
    .split('; ')
    .filter(Boolean)
    .map((id) => collections.find((c) => c.id === id)?.name ?? id)
    .join('; ')
}

/** The keyboard way to tag (t) or file (c) the selection. */
export function AssignDialog({ mode, ids, tags, collections, onClose, onDone }: { mode: 'tag' | 'collection' } & Props) {
  const { t } = useI18n()
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!value.trim()) return
    try {
      const op: BulkOp = mode === 'tag' ? { op: 'addTags', tags: split(value) } : { op: 'addCollections', collections: [value] }
      const r = await call('bulk:apply', { ids, ops: [op] })
      onDone(t('bulk.applied', { n: r.changed }))
    } catch (err) {
      setError(errorText(t, err))
    }
  }
  return (
    <Dialog title={mode === 'tag' ? t('assign.tagTitle', { n: ids.length }) : t('assign.collectionTitle', { n: ids.length })} onClose={onClose}>
      <form onSubmit={submit} className="form one">
        {mode === 'tag' ? (
          <label className="field">
            <span>{t('assign.tag')}</span>
            <input dir="auto" list="assign-tags" value={value} onChange={(e) => setValue(e.target.value)} autoFocus placeholder={t('common.separate')} />
            <datalist id="assign-tags">
              {tags.map((x) => (
                <option key={x.name} value={x.name} />
              ))}
            </datalist>
          </label>
        ) : (
          <label className="field">
            <span>{t('assign.collection')}</span>
            <select value={value} onChange={(e) => setValue(e.target.value)} autoFocus>
              <option value="">—</option>
              {collections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={!value.trim()}>
            {t('assign.apply')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
