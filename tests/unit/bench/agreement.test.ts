// The reasons the bench gives for FTS5 and our index counting differently hold: SQLite's
// Porter tokenizer stems a typed prefix, and only the queries whose semantics agree count
// in totals_agree_share.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { compareTotals, semanticsDiffer } from '../../bench/fts5/agreement'
import type { BenchQuery } from '../../bench/corpus/queries'

const query = (kind: BenchQuery['kind'], q: string): BenchQuery => ({ kind, q, fts: { match: q } })

describe('FTS5 agreement', () => {
  it('FTS5 with the Porter tokenizer stems a typed prefix: "city" * finds citizen, not citywide', () => {
    const db = new Database(':memory:')
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3 4')`)
    db.prepare('INSERT INTO t(rowid, body) VALUES (?, ?)').run(1, 'the citizen')
    db.prepare('INSERT INTO t(rowid, body) VALUES (?, ?)').run(2, 'a citywide plan')
    const ids = (db.prepare(`SELECT rowid FROM t WHERE t MATCH '"city" *' ORDER BY rowid`).raw().all() as number[][]).map((r) => r[0])
    db.close()
    expect(ids).toEqual([1])
    expect(semanticsDiffer(query('prefix', 'city'))).toBe('prefix-stemmed')
    expect(semanticsDiffer(query('prefix', 'migr'))).toBeNull()
    expect(semanticsDiffer(query('mid', 'الحكومة'))).toBe('arabic')
  })

  it('takes the agreeing share over the queries whose semantics agree, and names every difference', () => {
    const qs = [query('mid', 'water'), query('mid', 'الحكومة'), query('prefix', 'wat'), query('prefix', 'city'), query('two', 'water plan')]
    const r = compareTotals(qs, [10, 5, 7, 3, 2], [10, 9, 8, 4, 2])
    expect(r.compared).toBe(3)
    expect(r.agreeShare).toBeCloseTo(2 / 3)
    expect(r.agreeShareAll).toBeCloseTo(2 / 5)
    expect(r.reasons).toEqual({ arabic: 1, 'prefix-count (ours fewer)': 1, 'prefix-stemmed': 1 })
  })
})
