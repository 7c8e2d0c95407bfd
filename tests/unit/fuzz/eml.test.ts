// Fuzz of the e-mail importer: a generated message (UTF-8 subject, base64 body, a text and an
// HTML attachment, one with a climbing file name), mutated as bytes; headers mangled too.
import fc from 'fast-check'
import { readdirSync } from 'node:fs'
import * as os from 'node:os'
import { afterAll, describe, expect, it } from 'vitest'
import { extractEmail } from '../../../electron/core/import/files/extract'
import { makeEml } from '../files/helpers'
import { fuzz, mutateBytes, mutateText, mutations, NASTY_TOKENS, scaled } from './fuzzKit'
import { checkExtracted, scratch } from './fileInput'

const message = fc
  .record({
    subject: fc.oneof(fc.constantFrom('Press release: pledge on migration', 'بيان صحفي', '=?UTF-8?B?broken?=', ''), fc.string({ unit: 'binary', maxLength: 40 })),
    from: fc.constantFrom('Media Office <media@example.org>', '"Ünïcode, Name" <a@b.c>', 'undisclosed-recipients:;', '<>', 'a@', ''),
    date: fc.constantFrom('Wed, 23 Nov 2022 10:00:00 +0100', 'yesterday', '32 Foo 99999', ''),
    body: fc.oneof(fc.constantFrom('Fez, Kingdom of Morocco – today, Wednesday, November 23, 2022.', 'أعلن الوزير اليوم'), fc.string({ unit: 'binary', maxLength: 200 })),
    attName: fc.oneof(fc.constantFrom('note.txt', '../../../../tmp/pk-escape.txt', '/etc/passwd.txt', 'C:\\x\\y.txt', 'CON.txt', 'a\u202etxt.exe', 'page.html'), fc.constantFrom(...NASTY_TOKENS)),
    attText: fc.string({ unit: 'binary', maxLength: 100 }),
    headerMs: mutations(0, 2),
    ms: mutations(200, 4)
  })
  .map((m) => {
    const eml = makeEml({
      subject: m.subject,
      from: m.from,
      to: 'Desk <desk@example.org>',
      date: m.date,
      body: m.body,
      attachments: [
        { name: m.attName, type: 'text/plain', content: Buffer.from(m.attText, 'utf8') },
        { name: 'page.html', type: 'text/html', content: Buffer.from(`<html><body><h1>${m.subject}</h1><p>${m.body}</p></body></html>`) }
      ]
    })
    // Mangle the header block as text (it is what parsers read first), then the whole as bytes.
    const split = eml.indexOf('\r\n\r\n')
    return mutateBytes(Buffer.from(mutateText(eml.slice(0, split), m.headerMs) + eml.slice(split), 'utf8'), m.ms)
  })

const files = scratch('eml')
afterAll(() => files.remove())

describe('fuzz: e-mails', () => {
  it('gives a message or a clear error for 3,500 mutated e-mails, and no attachment name leaves its folder', async () => {
    const before = readdirSync(os.tmpdir()).filter((n) => n.startsWith('pk-escape')).length
    await fuzz({
      name: 'e-mail (extractEmail)',
      arbitrary: message,
      runs: scaled(3_500),
      exec: async (bytes) => extractEmail(await files.write('message.eml', bytes), { thumbnail: false, ocr: false }),
      check: (r) => {
        checkExtracted(r)
        for (const a of (r as { attachments?: Array<{ name: string }> }).attachments ?? [])
          if (/[\\/]|^\.\.?$/.test(a.name)) throw new Error(`attachment name ${JSON.stringify(a.name)} could name a path`)
      },
      timeBoundMs: 5_000
    })
    expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith('pk-escape')).length).toBe(before)
  })
})
