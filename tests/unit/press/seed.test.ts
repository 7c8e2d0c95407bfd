// The seed page of the project: ten ICESCO news items copied from the browser.
// Every expected value below was written by hand from reading the page.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { proposeFromText } from '../../../electron/core/import/press'

const SEED = readFileSync('../shared/corpus/seed-press-page.txt', 'utf8')
const proposal = proposeFromText(SEED, { sourceName: 'seed-press-page.txt' })
const items = proposal.items

const ICESCO = 'Islamic World Educational, Scientific and Cultural Organization (ICESCO)'
const UNAOC = 'United Nations Alliance of Civilizations (UNAOC)'
const FEZ = 'Fez, Kingdom of Morocco'

// title, date, the phrase it came from, paragraphs, people, organisations, places
const EXPECTED: Array<[string, string, string, number, string[], string[], string[]]> = [
  [
    'ICESCO Participates in 9th Education ODA Conference',
    '2022-11-23', 'today, Wednesday, November 23, 2022', 3,
    ['Kim Sungbong'],
    [ICESCO, 'Global Partnership for Education (GPE)', 'Ministry of Education', 'National Research Foundation of Korea', 'Konyang University', 'Save the Children Foundation'],
    ['South Korea']
  ],
  [
    'ICESCO: Building peace is a shared responsibility that every individual must aspire to achieve',
    '2022-11-23', 'today, Wednesday, November 23, 2022', 5,
    ['Salim M. AlMalik', 'Miguel Angel Moratinos', 'Anar Karimov'],
    [ICESCO, UNAOC],
    [FEZ, 'Azerbaijan']
  ],
  [
    'ICESCO Reviews its Efforts in Field of Education for Global Citizenship',
    '2022-11-22', 'on Tuesday (November 22, 2022)', 3,
    ['Ramata Almami Mbaye'],
    [ICESCO, UNAOC],
    [FEZ]
  ],
  [
    'ICESCO and IOM explore strengthening cooperation',
    '2022-11-22', 'on Tuesday (November 22, 2022)', 5,
    ['Salim M. AlMalik', 'António Vitorino', 'Abdelilah Benarafa', 'Amira El-Fadil', 'Rime Jirari', 'Hassan Mustafa Abdel-Moneim', 'Laura Palatini'],
    [ICESCO, 'International Organization for Migration (IOM)', UNAOC],
    [FEZ, 'North Africa', 'Middle East', 'Gulf', 'Morocco']
  ],
  [
    'ICESCO and TURKSOY Explore Cooperation Prospects',
    '2022-11-22', 'on Monday, November 22, 2022', 5,
    ['Salim M. AlMalik', 'Sultanbai Raev', 'Abdelilah Benarafa', 'Khalid Farhalrahman', 'Ramata Almami Mbaye', 'Amira El-Fadil'],
    [ICESCO, 'International Organization of Turkic Culture (TURKSOY)', UNAOC],
    [FEZ]
  ],
  [
    'On Global Forum for Alliance of Civilizations, ICESCO Director-General Calls for Consolidating Justice, Fraternity and Equality',
    '2022-11-22', 'on November 22, 2022', 7,
    ['Salim M. AlMalik', 'Mohammed VI', 'Antonio Guterres', 'Miguel Angel Moratinos', 'Nasser Bourita', 'Abdelilah Benarafa'],
    [ICESCO, UNAOC, 'United Nations'],
    [FEZ, 'Morocco', 'Rabat']
  ],
  [
    'ICESCO and Omani National Commission are Holding Symposium on Digital Entrepreneurship in Muscat',
    '2022-11-22', 'today, Tuesday, November 22, 2022', 5,
    ['Salem Muslim Al Busaidi', 'Abdullah bin Khamis Ambusaidi', 'Amna Al Balushi', 'Kais Hammami'],
    [ICESCO, 'Omani National Commission for Education, Culture and Science', 'Ministry of Education of the Sultanate of Oman', 'Ministry of Labor', 'Omani Ministry of Education'],
    ['Muscat', 'Oman']
  ],
  [
    'ICESCO Director-General calls for development of museums and consolidation of museum culture to enrich inter-civilizational dialogue',
    '2022-11-21', 'on Monday (November 21, 2022)', 7,
    ['Salim M. AlMalik', 'Miguel Angel Moratinos'],
    [ICESCO, UNAOC],
    [FEZ]
  ],
  [
    'ICESCO Workshop for Training Women on Income-Generating Activities Kicks off in Cameroon',
    // The workshop is the item's event: its dates are the item's date, kept as a range.
    '2022-11-22/2022-11-25', 'on November 22-25, 2022', 5,
    ['Ismaila Diallo', 'Abdul-Aziz Yaouba', 'Astadjam Saoudi'],
    [
      ICESCO,
      'Cameroonian National Commission for Education, Science and Culture',
      'Ministry of Arts and Culture',
      'Cameroonian National Commission for UNESCO and ICESCO',
      'National Committee for the Celebration of Yaoundé',
      'United Nations Educational, Scientific and Cultural Organization (UNESCO)'
    ],
    ['Cameroon', 'Yaoundé']
  ],
  [
    'On Occasion of World Children’s Day… Children Try to Be in Charge at ICESCO',
    '2022-11-21', 'On Monday, November 21, 2022', 5,
    ['Nawal Hammadi'],
    [ICESCO, 'United Nations Children’s Fund (UNICEF)', 'Muslim World League', 'Mohammadia League of Scholars'],
    ['Rabat', 'Morocco']
  ]
]

const sorted = (xs: readonly string[] | undefined) => [...(xs ?? [])].sort()

describe('seed press page', () => {
  it('finds exactly the ten items, titles exact, in page order', () => {
    expect(items.map((i) => i.fields.title)).toEqual(EXPECTED.map((e) => e[0]))
  })

  it.each(EXPECTED.map((e, i) => [i + 1, ...e] as const))('item %i: date, body, names', (n, title, date, phrase, paras, people, orgs, places) => {
    const f = items[n - 1].fields
    expect(f.title).toBe(title)
    expect(f.date).toBe(date)
    expect(f.dateSource).toBe(phrase)
    expect(f.dateInferred).toBe(true)
    expect(f.language).toBe('en')
    expect(f.type).toBe('press-release')
    expect(f.body!.split('\n\n')).toHaveLength(paras)
    expect(sorted(f.people)).toEqual(sorted(people))
    expect(sorted(f.organisations)).toEqual(sorted(orgs))
    expect(sorted(f.places)).toEqual(sorted(places))
    // Titles are never left on names.
    for (const p of f.people ?? []) expect(p).not.toMatch(/^(Dr|Mr|Ms|Mrs|Amb|H\.E)\.?\s/)
  })

  it('raises the two warnings of the page on the TURKSOY item, and no other', () => {
    const codes = items.map((i) => (i.fields.warnings ?? []).map((w) => w.code))
    expect(codes[4]).toEqual(['WEEKDAY_MISMATCH', 'TRUNCATED'])
    expect(codes.filter((c, i) => i !== 4 && c.length > 0)).toEqual([])
    const [weekday, truncated] = items[4].fields.warnings!
    expect(weekday.message).toContain('Monday, November 22, 2022')
    expect(weekday.message).toContain('Tuesday')
    expect(truncated.message).toContain('International Cooperatio')
  })

  it('skips the boilerplate at the top and lists it', () => {
    expect(proposal.skipped.map((s) => s.text.trim())).toEqual([
      'Disclaimer: You are using Google Translate. The ICESCO is not responsible for the accuracy of the information in the translated language .',
      'your opinion',
      'User Feedback',
      'Overall, how satisfied are you about the website?',
      'Extremely Dissatisfied Extremely Satisfied'
    ])
    for (const s of proposal.skipped) expect(s.reason).not.toBe('')
    for (const i of items) expect(i.fields.body).not.toMatch(/Google Translate|satisfied/i)
  })

  it('groups the spelling variants into authority records', () => {
    const rec = (kind: string, preferred: string) =>
      proposal.authorities.find((a) => a.kind === kind && a.preferred === preferred)
    expect(sorted(rec('person', 'Salim M. AlMalik')?.variants)).toEqual(['AlMalik', 'Salim M. AlMalik'])
    expect(sorted(rec('person', 'Ramata Almami Mbaye')?.variants)).toEqual(['Mbaye', 'Ramata Almami Mbaye', 'Ramata Almamy Mbaye'])
    expect(sorted(rec('person', 'Kais Hammami')?.variants)).toEqual(['Al-Hammami', 'Kais Hammami'])
    expect(sorted(rec('person', 'Sultanbai Raev')?.variants)).toEqual(['Raev', 'Sultanbai Raev'])
    // Same role, one letter apart and "El-" dropped: proposed as one person for the archivist to confirm.
    expect(sorted(rec('person', 'Amira El-Fadil')?.variants)).toEqual(['Amina Fadil', 'Amira El-Fadil'])
    // Different people with close names stay apart.
    expect(rec('person', 'Antonio Guterres')?.variants).toEqual(['Antonio Guterres'])
    expect(rec('person', 'Nawal Hammadi')?.variants).toEqual(['Nawal Hammadi'])
    expect(rec('person', 'Abdullah bin Khamis Ambusaidi')?.variants).toEqual(['Abdullah bin Khamis Ambusaidi'])
    expect(rec('organisation', ICESCO)?.variants).toContain('ICESCO')
    expect(rec('organisation', 'International Organization for Migration (IOM)')?.variants).toContain('IOM')
    expect(sorted(rec('organisation', UNAOC)?.variants)).toEqual(
      sorted([UNAOC, 'UNAOC', 'United Nations Alliance of Civilizations', 'Alliances of Civilizations', 'Alliance of Civilizations', 'UN Alliance of Civilizations'])
    )
    expect(sorted(rec('place', FEZ)?.variants)).toEqual(['Fez', FEZ])
    expect(sorted(rec('place', 'Morocco')?.variants)).toEqual(['Kingdom of Morocco', 'Morocco'])
    // Every name an item lists is the preferred form of exactly one record.
    const preferred = new Set(proposal.authorities.map((a) => `${a.kind}|${a.preferred}`))
    for (const i of items) {
      for (const p of i.fields.people!) expect(preferred.has(`person|${p}`)).toBe(true)
      for (const o of i.fields.organisations!) expect(preferred.has(`organisation|${o}`)).toBe(true)
      for (const p of i.fields.places!) expect(preferred.has(`place|${p}`)).toBe(true)
    }
  })

  it('keeps each item’s source text as it was on the page', () => {
    for (const i of items) {
      expect(i.sourceText.startsWith('    ' + i.fields.title)).toBe(true)
      for (const line of i.sourceText.split('\n').filter((l) => l.trim())) expect(SEED).toContain(line)
    }
    expect(new Set(items.map((i) => i.key)).size).toBe(10)
  })
})
