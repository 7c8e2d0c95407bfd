// The bodies a team archive reads for snippets, cut in the database: cut after as many characters
// as asked for, counted as PostgreSQL counts them (code points), and said to be cut exactly when
// the body goes on.
import { describe, expect, it } from 'vitest'
import { firstChars } from '../../../electron/core/team/PgTextStore'
import { openTeamArchive } from '../../../electron/core/team/openTeamArchive'
import { freshDatabase } from '../../pg/database'
import { tempDir } from '../helpers'

const BODIES = ['', 'a', 'short body', 'Ünïcode bodies, cut by characters.', 'سلام عليكم ورحمة الله', 'émoji 😀 in 𝒳 the 😀😀 middle 🇲🇦.', '😀😀😀']
/** What PostgreSQL's left(body, n) and length(body) > n say. */
const expected = (body: string, n: number) => ({ body: [...body].slice(0, n).join(''), cut: [...body].length > n })

describe('snippet bodies cut in the database', () => {
  it('are the first n characters, cut exactly when the body is longer', async () => {
    const team = await openTeamArchive({ database: await freshDatabase(), files: tempDir('pk-files-'), state: tempDir('pk-state-') })
    try {
      const made = await team.createItems(BODIES.map((body, k) => ({ title: `T${k}`, body })))
      const ids: string[] = []
      const chars: number[] = []
      for (const [k, m] of made.entries()) {
        const len = [...BODIES[k]].length
        for (const n of new Set([0, 1, 2, 5, 6, 7, 8, len - 1, len, len + 1].filter((x) => x >= 0))) {
          ids.push(m.id)
          chars.push(n)
        }
        ids.push(m.id)
        chars.push(Infinity)
      }
      const got = await team.storage.texts.getForSnippets(ids, chars)
      got.forEach((g, i) => {
        const body = BODIES[made.findIndex((m) => m.id === ids[i])]
        const want = Number.isFinite(chars[i]) ? expected(body, chars[i]) : { body, cut: false }
        expect({ body: g.texts.body, cut: g.bodyCut }, `${JSON.stringify(body)} at ${chars[i]}`).toEqual(want)
      })
    } finally {
      await team.close()
    }
  })

  it('counts characters outside the BMP as one, as the database does', () => {
    expect(firstChars('😀a😀b', 3)).toEqual({ text: '😀a😀', cut: true })
    expect(firstChars('😀a😀', 3)).toEqual({ text: '😀a😀', cut: false })
    expect(firstChars('abcd', 3)).toEqual({ text: 'abc', cut: true })
    expect(firstChars('abc', 3)).toEqual({ text: 'abc', cut: false })
  })
})
