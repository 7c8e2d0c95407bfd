// What the sidebar and the dialogs show of the open archive (its description, counts, tags,
// collections, authority records, undo state), read again after every change.
import { useCallback, useRef, useState } from 'react'
import type { ArchiveInfo, AuthorityInfo, CollectionInfo, HistoryState, ItemCounts, TagInfo } from '../../../shared/model'
import { call } from '../api'

export type ArchiveLists = {
  info: ArchiveInfo | null
  /** The archive cannot be described: shown as a banner until a reload succeeds. */
  fatal: string | null
  counts: ItemCounts | null
  tags: TagInfo[]
  collections: CollectionInfo[]
  authorities: AuthorityInfo[]
  history: HistoryState | null
  reload(): void
}

/** `onError` is told when a list cannot be read (the previous one stays shown). */
export function useArchiveLists(onError: (message: string) => void): ArchiveLists {
  const [info, setInfo] = useState<ArchiveInfo | null>(null)
  const [fatal, setFatal] = useState<string | null>(null)
  const [counts, setCounts] = useState<ItemCounts | null>(null)
  const [tags, setTags] = useState<TagInfo[]>([])
  const [collections, setCollections] = useState<CollectionInfo[]>([])
  const [authorities, setAuthorities] = useState<AuthorityInfo[]>([])
  const [history, setHistory] = useState<HistoryState | null>(null)
  const report = useRef(onError)
  report.current = onError
  const reload = useCallback(() => {
    const failed = (err: unknown) => report.current((err as Error).message)
    call('archive:info', {})
      .then((i) => {
        setInfo(i)
        setFatal(null)
      })
      .catch((err) => setFatal((err as Error).message))
    call('items:counts', {}).then(setCounts).catch(failed)
    call('tags:list', {}).then(setTags).catch(failed)
    call('collections:list', {}).then(setCollections).catch(failed)
    call('authorities:list', {}).then(setAuthorities).catch(failed)
    call('history:state', {}).then(setHistory).catch(failed)
  }, [])
  return { info, fatal, counts, tags, collections, authorities, history, reload }
}

/**
 * The workspace's refresh signals, each named for what it makes re-read:
 * `archiveChanged` the list, the search results and the sidebar; `focusedItemChanged` the
 * item in the editor (changed elsewhere: undo, bulk edit, a drop); `editorOpened` a new
 * editor (another item focused, or a new item begun), which drops unsaved typing of the last.
 */
export function useRefreshSignals() {
  const [archiveChanged, setArchive] = useState(0)
  const [focusedItemChanged, setFocused] = useState(0)
  const [editorOpened, setEditor] = useState(0)
  return {
    archiveChanged,
    focusedItemChanged,
    editorOpened,
    bumpArchive: useCallback(() => setArchive((v) => v + 1), []),
    bumpFocusedItem: useCallback(() => setFocused((v) => v + 1), []),
    openEditor: useCallback(() => setEditor((v) => v + 1), [])
  }
}
