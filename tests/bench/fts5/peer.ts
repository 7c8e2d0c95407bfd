// SQLite FTS5 set up as a SQLite expert would for the same job as our index, so that the
// comparison is fair:
// - the same text columns we index (byline, notes and collections included), weighted as
//   ours (bm25 column weights = our field weights), set once as the table's `rank`;
// - the same word semantics where SQLite has them: case and accents folded
//   (unicode61 remove_diacritics 2) and English (Porter) stemming, as ours does;
// - a prefix index for the prefix lengths queried (prefix='2 3 4');
// - after the bulk load: 'optimize' (one b-tree per term instead of many segments), ANALYZE,
//   and a WAL checkpoint, then mmap and the page cache sized to the whole database;
// - a page of 50 with snippet() and the total: `ORDER BY rank LIMIT 50` lets FTS5 sort by
//   rank itself and compute snippet() for the 50 rows returned only, and count(*) the total;
// - a metadata filter (date, language) with words starts from the selective side: when the
//   filter holds fewer items than the rarest word (fts5vocab document counts), the items are
//   read from the filter's index and each is tested against the MATCH (CROSS JOIN keeps that
//   order), in one pass that gives the total and the page; otherwise FTS5 drives and the
//   items table is joined by primary key.
import { statSync } from 'node:fs'
import * as path from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import { stemmer } from 'stemmer'
import type { SearchDoc } from '../../../electron/core/search/types'
import type { BenchQuery } from '../corpus/queries'

export type FtsAnswer = { total: number; ids: number[] }

const COLUMNS = ['title', 'description', 'notes', 'body', 'people', 'orgs', 'places', 'tags', 'outlet', 'byline', 'collections'] as const
// Our field weights (electron/core/search: title 8, description 3, notes 2, body 1, people and
// organisations 6, places 3, tags 4, outlet 2, byline 3, collections 2).
const WEIGHTS = [8, 3, 2, 1, 6, 6, 3, 4, 2, 3, 2]
const SNIPPET = `snippet(t, -1, '[', ']', '…', 28)`

export class Fts5Peer {
  private readonly stmts = new Map<string, BetterSqlite3.Statement>()
  buildSeconds = 0
  buildCpuSeconds = 0
  dbMegabytes = 0

  private constructor(private readonly db: BetterSqlite3.Database) {}

  static async build(docs: SearchDoc[], dir: string): Promise<Fts5Peer> {
    const Database = (await import('better-sqlite3')).default
    const file = path.join(dir, 'fts5.db')
    const db = new Database(file)
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('cache_size = -262144')
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(${COLUMNS.join(', ')}, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4');
             CREATE TABLE items(id INTEGER PRIMARY KEY, date TEXT, language TEXT, type TEXT);
             CREATE VIRTUAL TABLE vocab USING fts5vocab(t, 'row');`)
    db.prepare(`INSERT INTO t(t, rank) VALUES ('rank', 'bm25(${WEIGHTS.join(', ')})')`).run()
    const insT = db.prepare(`INSERT INTO t(rowid, ${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')}, ?)`)
    const insI = db.prepare('INSERT INTO items(id, date, language, type) VALUES (?, ?, ?, ?)')
    const list = (v: string[] | undefined) => (v ?? []).join('; ')
    db.transaction(() => {
      docs.forEach((d, i) => {
        insT.run(i + 1, d.title, d.description, d.notes ?? '', d.body, list(d.people), list(d.organisations), list(d.places), list(d.tags), d.outlet, d.byline ?? '', list(d.collections))
        insI.run(i + 1, d.date, d.language, d.type)
      })
    })()
    db.exec(`CREATE INDEX items_date ON items(date); CREATE INDEX items_language ON items(language);
             INSERT INTO t(t) VALUES ('optimize'); ANALYZE;`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const peer = new Fts5Peer(db)
    peer.buildSeconds = (performance.now() - t0) / 1000
    const cpu = process.cpuUsage(cpu0)
    peer.buildCpuSeconds = (cpu.user + cpu.system) / 1e6
    const bytes = statSync(file).size
    peer.dbMegabytes = Math.round(bytes / 1e6)
    db.pragma(`mmap_size = ${bytes * 2}`)
    db.pragma(`cache_size = -${Math.ceil((bytes * 1.25) / 1024)}`)
    return peer
  }

  close(): void {
    this.db.close()
  }

  private stmt(sql: string): BetterSqlite3.Statement {
    let s = this.stmts.get(sql)
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)))
    return s
  }

  /** Items holding the rarest word of a MATCH expression, read from fts5vocab (stemmed as Porter does). */
  private smallestWord(match: string): number {
    let least = Infinity
    for (const m of match.matchAll(/"((?:[^"]|"")*)"(\s*\*)?/g)) {
      if (m[2]) continue
      for (const w of m[1].toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
        const row = this.stmt('SELECT doc FROM vocab WHERE term = ?').get(/^[a-z]+$/.test(w) ? stemmer(w) : w) as { doc: number } | undefined
        least = Math.min(least, row?.doc ?? 0)
      }
    }
    return least
  }

  /**
   * The first page of 50 (ids, with snippets) and the total, as the app shows them. `plan`
   * forces one side for a query with both words and a filter (the tests compare the two).
   */
  page(q: BenchQuery, plan: 'auto' | 'from-filter' | 'from-match' = 'auto'): FtsAnswer {
    const { match, where, params = [] } = q.fts
    if (!match) {
      const ids = (this.stmt(`SELECT id FROM items WHERE ${where} ORDER BY date DESC LIMIT 50`).raw().all(...params) as number[][]).map((r) => r[0])
      const total = (this.stmt(`SELECT count(*) FROM items WHERE ${where}`).raw().get(...params) as number[])[0]
      return { total, ids }
    }
    if (!where) {
      const rows = this.stmt(`SELECT rowid, ${SNIPPET} FROM t WHERE t MATCH ? ORDER BY rank LIMIT 50`).raw().all(match) as unknown[][]
      const total = (this.stmt('SELECT count(*) FROM t WHERE t MATCH ?').raw().get(match) as number[])[0]
      return { total, ids: rows.map((r) => r[0] as number) }
    }
    const filtered = (this.stmt(`SELECT count(*) FROM items WHERE ${where}`).raw().get(...params) as number[])[0]
    if (plan === 'from-filter' || (plan === 'auto' && filtered < this.smallestWord(match))) {
      // From the filter: every candidate scored once, the page sorted here.
      const rows = this.stmt(`SELECT t.rowid, bm25(t, ${WEIGHTS.join(', ')}) FROM items CROSS JOIN t ON t.rowid = items.id WHERE ${where.replace(/\b(date|language)\b/g, 'items.$1')} AND t MATCH ?`)
        .raw()
        .all(...params, match) as number[][]
      rows.sort((a, b) => a[1] - b[1])
      const top = rows.slice(0, 50).map((r) => r[0])
      this.stmt(`SELECT t.rowid, ${SNIPPET} FROM json_each(?) j CROSS JOIN t ON t.rowid = j.value WHERE t MATCH ?`).raw().all(JSON.stringify(top), match)
      return { total: rows.length, ids: top }
    }
    const on = where.replace(/\b(date|language)\b/g, 'items.$1')
    const rows = this.stmt(`SELECT t.rowid, ${SNIPPET} FROM t JOIN items ON items.id = t.rowid WHERE t MATCH ? AND ${on} ORDER BY rank LIMIT 50`).raw().all(match, ...params) as unknown[][]
    const total = (this.stmt(`SELECT count(*) FROM t JOIN items ON items.id = t.rowid WHERE t MATCH ? AND ${on}`).raw().get(match, ...params) as number[])[0]
    return { total, ids: rows.map((r) => r[0] as number) }
  }
}
