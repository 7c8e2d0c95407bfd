import { useState, type ReactNode } from 'react'
import { AUTHORITY_KINDS, ITEM_STATUSES, type AuthorityInfo, type AuthorityKind, type CollectionInfo, type ItemCounts, type TagInfo } from '../../../shared/model'
import { useI18n, type MessageKey } from '../i18n'
import { samePlace, type Place } from '../place'
import { ITEM_MIME } from './columns'
import { statusKey } from './ItemList'

export type DropTarget = { kind: 'tag'; name: string } | { kind: 'collection'; id: string }

type Props = {
  place: Place
  onPlace(place: Place): void
  counts: ItemCounts | null
  tags: TagInfo[]
  collections: CollectionInfo[]
  /** Collections count the items of their sub-collections too. */
  rollup: boolean
  authorities: AuthorityInfo[]
  onDrop(target: DropTarget, ids: string[]): void
  onEditTag(tag: TagInfo): void
  onNewTag(): void
  onEditCollection(c: CollectionInfo | null, parentId?: string | null): void
  onEditAuthority(a: AuthorityInfo): void
  onDuplicates(kind: AuthorityKind): void
  onFromItems(kind: AuthorityKind): void
  /** More entries under the library views (smart collections, archive tools). */
  extra?: ReactNode
}

const KIND_TITLE: Record<AuthorityKind, MessageKey> = { person: 'side.people', organisation: 'side.organisations', place: 'side.places' }

export function Sidebar(props: Props) {
  const { place, onPlace, counts, tags, collections, authorities } = props
  const { t, num } = useI18n()
  const [dropOver, setDropOver] = useState<string | null>(null)

  const entry = (p: Place, label: ReactNode, count: number | undefined, opts: { drop?: DropTarget; edit?: { label: string; onClick(): void }; depth?: number; colour?: string | null; dirAuto?: boolean } = {}) => {
    const key = JSON.stringify(p)
    const active = samePlace(p, place)
    const dropProps = opts.drop
      ? {
          onDragOver: (e: React.DragEvent) => {
            if (!e.dataTransfer.types.includes(ITEM_MIME)) return
            e.preventDefault()
            e.dataTransfer.dropEffect = 'copy'
            setDropOver(key)
          },
          onDragLeave: () => setDropOver((k) => (k === key ? null : k)),
          onDrop: (e: React.DragEvent) => {
            e.preventDefault()
            setDropOver(null)
            try {
              const ids = JSON.parse(e.dataTransfer.getData(ITEM_MIME)) as string[]
              if (Array.isArray(ids) && ids.length) props.onDrop(opts.drop!, ids)
            } catch {
              // Not our drag: nothing to do.
            }
          }
        }
      : {}
    return (
      <li key={key} className={`nav-row ${dropOver === key ? 'drop' : ''}`} style={{ paddingInlineStart: (opts.depth ?? 0) * 14 }} {...dropProps}>
        <button className={`nav ${active ? 'active' : ''}`} aria-current={active ? 'true' : undefined} onClick={() => onPlace(p)}>
          <span className="nav-label" dir={opts.dirAuto ? 'auto' : undefined}>
            {opts.colour !== undefined && <span className="dot" style={{ background: opts.colour ?? 'var(--muted)' }} aria-hidden="true" />}
            {label}
          </span>
          {count !== undefined && <span className="count">{num(count)}</span>}
        </button>
        {opts.edit && (
          <button className="edit" aria-label={opts.edit.label} title={opts.edit.label} onClick={opts.edit.onClick}>
            ⋯
          </button>
        )}
      </li>
    )
  }

  const tree = (parent: string | null, depth: number): ReactNode[] =>
    collections
      .filter((c) => c.parentId === parent)
      .flatMap((c) => [
        entry({ kind: 'collection', id: c.id }, c.name, props.rollup ? c.total : c.count, {
          depth,
          dirAuto: true,
          drop: { kind: 'collection', id: c.id },
          edit: { label: t('side.editCollection', { name: c.name }), onClick: () => props.onEditCollection(c) }
        }),
        ...tree(c.id, depth + 1)
      ])

  return (
    <nav className="sidebar" aria-label={t('side.label')}>
      <h3 id="side-library">{t('side.library')}</h3>
      <ul aria-labelledby="side-library">
        {entry({ kind: 'all' }, t('side.all'), counts?.all)}
        {entry({ kind: 'unfiled' }, t('side.unfiled'), counts?.unfiled)}
        {entry({ kind: 'warnings' }, t('side.warnings'), counts?.warnings)}
        {entry({ kind: 'trash' }, t('side.trash'), counts?.trash)}
      </ul>
      {props.extra}

      <h3 id="side-status">{t('side.status')}</h3>
      <ul aria-labelledby="side-status">
        {ITEM_STATUSES.map((s) => entry({ kind: 'status', status: s }, t(statusKey(s)), counts?.statuses[s]))}
      </ul>

      <div className="side-head">
        <h3 id="side-collections">{t('side.collections')}</h3>
        <button className="icon" aria-label={t('side.newCollection')} title={t('side.newCollection')} onClick={() => props.onEditCollection(null, null)}>
          +
        </button>
      </div>
      <ul aria-labelledby="side-collections">
        {collections.length === 0 && <li className="muted hint">{t('side.noCollections')}</li>}
        {tree(null, 0)}
      </ul>

      <div className="side-head">
        <h3 id="side-tags">{t('side.tags')}</h3>
        <button className="icon" aria-label={t('side.newTag')} title={t('side.newTag')} onClick={props.onNewTag}>
          +
        </button>
      </div>
      <ul aria-labelledby="side-tags">
        {tags.length === 0 && <li className="muted hint">{t('side.noTags')}</li>}
        {tags.map((tag) => {
          const depth = tag.name.split('/').length - 1
          return entry({ kind: 'tag', name: tag.name }, tag.name.split('/').at(-1), tag.total, {
            depth,
            dirAuto: true,
            colour: tag.colour,
            drop: { kind: 'tag', name: tag.name },
            edit: { label: t('side.editTag', { name: tag.name }), onClick: () => props.onEditTag(tag) }
          })
        })}
      </ul>

      {AUTHORITY_KINDS.map((kind) => {
        const list = authorities.filter((a) => a.kind === kind)
        const id = `side-${kind}`
        return (
          <div key={kind}>
            <div className="side-head">
              <h3 id={id}>{t(KIND_TITLE[kind])}</h3>
              <button className="icon" aria-label={t('side.duplicates', { kind: t(KIND_TITLE[kind]) })} title={t('side.duplicates', { kind: t(KIND_TITLE[kind]) })} onClick={() => props.onDuplicates(kind)}>
                ≈
              </button>
              <button className="icon" aria-label={t('side.fromItems', { kind: t(KIND_TITLE[kind]) })} title={t('side.fromItems', { kind: t(KIND_TITLE[kind]) })} onClick={() => props.onFromItems(kind)}>
                ↻
              </button>
            </div>
            <ul aria-labelledby={id}>
              {list.length === 0 && <li className="muted hint">{t('side.noRecords')}</li>}
              {list.map((a) =>
                entry({ kind: 'authority', id: a.id, authorityKind: kind }, a.preferred, a.count, {
                  dirAuto: true,
                  edit: { label: t('side.editRecord', { name: a.preferred }), onClick: () => props.onEditAuthority(a) }
                })
              )}
            </ul>
          </div>
        )
      })}
    </nav>
  )
}
