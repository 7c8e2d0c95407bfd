// Who may call what in a team archive: one role per contract method, the least one that may.
// Roles are ranked: a cataloguer may do all a reader may, an admin all a cataloguer may.
// The dispatcher enforces this table on every call that carries a role (the team server's);
// the desktop app and the CLI on one's own folder archive carry none. A method added to the
// contract without a line here fails typecheck (the table is a Record over every method name).
import type { MethodName } from './contract'

export const ROLES = ['reader', 'cataloguer', 'admin'] as const
export type Role = (typeof ROLES)[number]

const RANK: Record<Role, number> = { reader: 0, cataloguer: 1, admin: 2 }

/** Readers search, read and export; cataloguers also edit and import; admins also back up, check and restore. */
export const METHOD_ROLES: Record<MethodName, Role> = {
  // —— reading ——
  'archive:info': 'reader',
  'items:list': 'reader',
  'items:get': 'reader',
  'items:counts': 'reader',
  'items:ids': 'reader',
  'items:history': 'reader',
  'tags:list': 'reader',
  'collections:list': 'reader',
  'authorities:list': 'reader',
  'authorities:get': 'reader',
  'authorities:duplicates': 'reader',
  'attachments:preview': 'reader',
  'attachments:view': 'reader',
  'attachments:hits': 'reader',
  'attachments:open': 'reader',
  'viewer:openWindow': 'reader',
  'attachments:saveAs': 'reader',
  'history:state': 'reader',
  'archive:backupSettings': 'reader',
  // —— searching ——
  'search:query': 'reader',
  'search:ids': 'reader',
  'search:status': 'reader',
  'searches:list': 'reader',
  // —— exporting (a reader's exports are jobs too: they may follow and cancel them) ——
  'export:run': 'reader',
  'export:pick': 'reader',
  'export:prepare': 'reader',
  'jobs:list': 'reader',
  'jobs:wait': 'reader',
  'jobs:cancel': 'reader',

  // —— editing ——
  'items:create': 'cataloguer',
  'items:update': 'cataloguer',
  'items:trash': 'cataloguer',
  'items:restore': 'cataloguer',
  'attachments:addFiles': 'cataloguer',
  'attachments:remove': 'cataloguer',
  'attachments:pick': 'cataloguer',
  'searches:save': 'cataloguer',
  'searches:delete': 'cataloguer',
  'tags:set': 'cataloguer',
  'tags:rename': 'cataloguer',
  'tags:merge': 'cataloguer',
  'tags:delete': 'cataloguer',
  'collections:create': 'cataloguer',
  'collections:update': 'cataloguer',
  'collections:delete': 'cataloguer',
  'collections:reorder': 'cataloguer',
  'authorities:create': 'cataloguer',
  'authorities:update': 'cataloguer',
  'authorities:delete': 'cataloguer',
  'authorities:merge': 'cataloguer',
  'authorities:reject': 'cataloguer',
  'authorities:fromItems': 'cataloguer',
  'bulk:preview': 'cataloguer',
  'bulk:apply': 'cataloguer',
  'history:undo': 'cataloguer',
  'history:redo': 'cataloguer',
  // —— importing ——
  'import:paths': 'cataloguer',
  'import:staged': 'cataloguer',
  'import:pick': 'cataloguer',
  'import:mapped': 'cataloguer',
  'import:discard': 'cataloguer',
  'import:discardPage': 'cataloguer',
  'import:proposeText': 'cataloguer',
  'import:proposeStaged': 'cataloguer',
  'import:proposeFile': 'cataloguer',
  'import:pickPage': 'cataloguer',
  'import:commit': 'cataloguer',
  'import:bag': 'cataloguer',
  'import:pickBag': 'cataloguer',
  'proposal:merge': 'cataloguer',
  'proposal:split': 'cataloguer',
  'proposal:restoreSkipped': 'cataloguer',
  'proposal:reenrich': 'cataloguer',

  // —— keeping the archive: backups, check, restore, rebuilding the index, the demo ——
  'archive:check': 'admin',
  'archive:repair': 'admin',
  'archive:backup': 'admin',
  'archive:backups': 'admin',
  'archive:setBackupSettings': 'admin',
  'archive:restoreBackup': 'admin',
  'archive:choose': 'admin',
  // Opens another window on the desktop; a team server has no such host method.
  'archive:connectTeam': 'reader',
  // The desktop shell's menus follow the person's language; a team server has no such host method.
  'app:setLanguage': 'reader',
  'archive:loadDemo': 'admin',
  'search:rebuild': 'admin'
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** Whether a person of this role may call the method. */
export function mayCall(role: Role, method: MethodName): boolean {
  return RANK[role] >= RANK[METHOD_ROLES[method]]
}

/** Whether a person of this role may change the catalogue (the interface disables editing controls otherwise). */
export function mayEdit(role: Role): boolean {
  return RANK[role] >= RANK.cataloguer
}
