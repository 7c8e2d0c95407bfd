// What is open over the workspace: at most one dialog (bulk edit, a tag, a collection, an
// authority record, settings…) and at most one tool (export, page import, integrity check).
import { useCallback, useState } from 'react'
import type { AuthorityInfo, AuthorityKind, CollectionInfo, TagInfo } from '../../../shared/model'

export type DialogState =
  | { kind: 'bulk' }
  | { kind: 'assign'; mode: 'tag' | 'collection' }
  | { kind: 'tag'; tag: TagInfo | null }
  | { kind: 'collection'; collection: CollectionInfo | null; parentId: string | null }
  | { kind: 'authority'; record: AuthorityInfo }
  | { kind: 'duplicates'; authorityKind: AuthorityKind }
  | { kind: 'settings' }
  | { kind: 'keys' }
  | { kind: 'connect-team'; url?: string }
  | null

export type Tool = 'export' | 'page' | 'check' | null

export function useOverlays() {
  const [dialog, openDialog] = useState<DialogState>(null)
  const [tool, openTool] = useState<Tool>(null)
  const closeDialog = useCallback(() => openDialog(null), [])
  const closeTool = useCallback(() => openTool(null), [])
  return { dialog, openDialog, closeDialog, tool, openTool, closeTool }
}
