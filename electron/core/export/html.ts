import { promises as fsp } from 'node:fs'
import * as path from 'node:path'
import type { Item } from '../../../shared/model'
import { collectionNames, relativeHref, type EntryWriter, type ExportContext } from './writer'
import type { ExportEntry } from './types'

// The catalogue is plain files that open from disk in any browser: no server, nothing
// fetched. Every page is written here with every value escaped; the index's script only
// shows and hides the list that is already in the page (so it also works, unfiltered,
// without scripts, and prints).

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** JSON safe inside a <script> element: no "</script>", no "<!--", no line separators that old parsers choke on. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

const TYPE_LABEL: Record<string, string> = {
  'press-release': 'Press release',
  article: 'Article',
  interview: 'Interview',
  speech: 'Speech',
  statement: 'Statement',
  photo: 'Photo',
  report: 'Report',
  other: 'Other'
}

const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5b5b5b;--line:#d0d0d0;--accent:#0b5394}
@media (prefers-color-scheme:dark){:root{--fg:#ececec;--muted:#a8a8a8;--line:#444;--accent:#8ab4f8}}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic",sans-serif;color:var(--fg);max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
a{color:var(--accent)}
header{border-bottom:1px solid var(--line);margin-bottom:1rem}
.muted{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:1rem 0}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}
.filters input,.filters select{font:inherit;padding:.3rem .4rem;min-width:9rem}
#search{min-width:18rem}
ol.items{list-style:none;padding:0}
ol.items li{border-bottom:1px solid var(--line);padding:.6rem 0}
ol.items h2{font-size:1.05rem;margin:0}
.meta{font-size:.9rem;color:var(--muted)}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.fields dt{font-weight:600}
dl.fields dd{margin:0}
.body p{margin:.6rem 0}
.missing{color:#b00020}
@media print{
 .filters,.no-print,#show-more{display:none!important}
 body{max-width:none;font-size:11pt;color:#000}
 a{color:#000;text-decoration:none}
 ol.items li,dl.fields{break-inside:avoid}
 .attachments a::after{content:" (" attr(href) ")";font-size:9pt}
}`

function page(title: string, lang: string, body: string, withScript: boolean): string {
  // Item pages run no script at all; the index runs only its own inline script.
  const csp = withScript
    ? "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src 'self' data:"
    : "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"
  return `<!doctype html>
<html lang="${escapeHtml(lang || 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="Presskeep">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`
}

function formatSize(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

function list(values: string[]): string {
  return values.map(escapeHtml).join('; ')
}

/** Search text without case or accents (and without Arabic diacritics and tatweel), as the script compares it. */
export function foldForSearch(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '')
    .toLowerCase()
}

type IndexRow = { id: string; title: string; date: string; type: string; language: string; outlet: string; byline: string; excerpt: string; tags: string[]; search: string }

export class HtmlWriter implements EntryWriter {
  private readonly rows: IndexRow[] = []

  /**
   * @param dir the catalogue's folder (created)
   * @param rootRel where that folder is, relative to the export root ('' for a standalone
   *   catalogue, 'catalogue' inside a bag's data/), so that links to files find them
   */
  constructor(
    private readonly dir: string,
    private readonly rootRel: string,
    private readonly ctx: ExportContext
  ) {}

  private made = false

  async add(entry: ExportEntry): Promise<void> {
    if (!this.made) await fsp.mkdir(path.join(this.dir, 'items'), { recursive: true })
    this.made = true
    const i = entry.item
    await fsp.writeFile(path.join(this.dir, 'items', `${i.id}.html`), this.itemPage(entry))
    const excerpt = (i.description || i.body).replace(/\s+/g, ' ').trim().slice(0, 300)
    this.rows.push({
      id: i.id,
      title: i.title,
      date: i.date,
      type: i.type,
      language: i.language,
      outlet: i.outlet,
      byline: i.byline,
      excerpt,
      tags: i.tags,
      search: foldForSearch(
        [i.title, i.date, i.outlet, i.byline, i.identifier, i.description, ...i.people, ...i.organisations, ...i.places, ...i.subjects, ...i.tags, ...i.attachments.map((a) => a.name)].join(' ')
      )
    })
  }

  private itemPage(entry: ExportEntry): string {
    const i = entry.item
    const fromDir = [this.rootRel, 'items'].filter(Boolean).join('/')
    const field = (label: string, value: string) => (value ? `<dt>${escapeHtml(label)}</dt><dd dir="auto">${value}</dd>` : '')
    const source = /^https?:\/\//i.test(i.sourceUrl)
      ? `<a href="${escapeHtml(i.sourceUrl)}" rel="noreferrer noopener">${escapeHtml(i.sourceUrl)}</a>`
      : escapeHtml(i.sourceUrl)
    const fields = [
      field('Date', escapeHtml(i.date) + (i.dateInferred ? ' <span class="muted">(inferred)</span>' : '')),
      field('Type', escapeHtml(TYPE_LABEL[i.type] ?? i.type)),
      field('Language', escapeHtml(i.language)),
      field('Outlet', escapeHtml(i.outlet)),
      field('Section', escapeHtml(i.section)),
      field('Page', escapeHtml(i.page)),
      field('Edition', escapeHtml(i.edition)),
      field('Byline', escapeHtml(i.byline)),
      field('Release number', escapeHtml(i.releaseNumber)),
      field('Embargo', escapeHtml(i.embargo)),
      field('Source', source),
      field('Subjects', list(i.subjects)),
      field('People', list(i.people)),
      field('Organisations', list(i.organisations)),
      field('Places', list(i.places)),
      field('Tags', list(i.tags)),
      field('Collections', list(collectionNames(i.collections, this.ctx))),
      field('Status', escapeHtml(i.status)),
      field('Rights', escapeHtml(i.rights)),
      field('Identifier', escapeHtml(i.identifier)),
      field('Item id', escapeHtml(i.id))
    ].join('\n')
    const attachments = i.attachments
      .map((a) => {
        const rel = entry.files[a.id]
        const label = `${escapeHtml(a.name)} <span class="muted">(${escapeHtml(a.type)}, ${formatSize(a.size)})</span>`
        return rel
          ? `<li data-attachment-id="${escapeHtml(a.id)}"><a href="${escapeHtml(relativeHref(fromDir, rel))}">${escapeHtml(a.name)}</a> <span class="muted">(${escapeHtml(a.type)}, ${formatSize(a.size)})</span></li>`
          : `<li data-attachment-id="${escapeHtml(a.id)}" class="missing">${label}: the file was missing from the archive at export time</li>`
      })
      .join('\n')
    const paragraphs = (text: string) =>
      text
        .split(/\n\s*\n/)
        .filter((p) => p.trim())
        .map((p) => `<p dir="auto">${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`)
        .join('\n')
    const body = `<nav class="no-print"><a id="back" href="../index.html">← All items</a></nav>
<article id="item" data-id="${escapeHtml(i.id)}" lang="${escapeHtml(i.language || 'und')}">
<header><h1 id="item-title" dir="auto">${escapeHtml(i.title)}</h1></header>
<dl class="fields" id="item-fields">
${fields}
</dl>
${i.description ? `<section id="item-description"><h2>Description</h2>${paragraphs(i.description)}</section>` : ''}
${i.attachments.length ? `<section id="item-attachments" class="attachments"><h2>Attachments</h2><ul>\n${attachments}\n</ul></section>` : ''}
${i.body ? `<section id="item-body" class="body"><h2>Text</h2>${paragraphs(i.body)}</section>` : ''}
${i.notes ? `<section id="item-notes"><h2>Notes</h2>${paragraphs(i.notes)}</section>` : ''}
</article>`
    return page(i.title, i.language, body, false)
  }

  async finish(): Promise<void> {
    await fsp.mkdir(path.join(this.dir, 'items'), { recursive: true })
    await fsp.writeFile(path.join(this.dir, 'index.html'), this.indexPage())
  }

  private indexPage(): string {
    const c = this.ctx.collection
    const title = c?.name || `${this.ctx.archive.name}: exported items`
    const distinct = (values: string[]) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b))
    const options = (values: string[], label: (v: string) => string = (v) => v) =>
      values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(label(v))}</option>`).join('')
    const years = distinct(this.rows.map((r) => r.date.slice(0, 4))).reverse()
    const select = (id: string, name: string, opts: string) =>
      `<label for="${id}">${name}<select id="${id}"><option value="">All</option>${opts}</select></label>`
    const items = this.rows
      .map(
        (r) => `<li data-id="${escapeHtml(r.id)}">
<h2><a href="items/${escapeHtml(r.id)}.html" dir="auto">${escapeHtml(r.title)}</a></h2>
<div class="meta">${[r.date, TYPE_LABEL[r.type] ?? r.type, r.outlet, r.byline, r.language].filter(Boolean).map(escapeHtml).join(' · ')}</div>
${r.excerpt ? `<div dir="auto">${escapeHtml(r.excerpt)}</div>` : ''}
</li>`
      )
      .join('\n')
    const data = this.rows.map((r) => [r.search, r.type, r.language, r.date.slice(0, 4), r.outlet, r.tags])
    const body = `<header>
<h1 id="catalogue-title">${escapeHtml(title)}</h1>
${c?.description ? `<p id="catalogue-description" dir="auto">${escapeHtml(c.description)}</p>` : ''}
<p class="muted">${this.rows.length} items, exported from ${escapeHtml(this.ctx.archive.name)} on ${escapeHtml(this.ctx.exported.slice(0, 10))} by Presskeep.</p>
</header>
<form class="filters" role="search" id="filters" onsubmit="return false">
<label for="search">Search<input type="search" id="search" name="q" placeholder="Words in titles, names, places, tags…" autocomplete="off"></label>
${select('filter-type', 'Type', options(distinct(this.rows.map((r) => r.type)), (v) => TYPE_LABEL[v] ?? v))}
${select('filter-language', 'Language', options(distinct(this.rows.map((r) => r.language))))}
${select('filter-year', 'Year', options(years))}
${select('filter-outlet', 'Outlet', options(distinct(this.rows.map((r) => r.outlet))))}
${select('filter-tag', 'Tag', options(distinct(this.rows.flatMap((r) => r.tags))))}
</form>
<p id="result-count" role="status" aria-live="polite">${this.rows.length} items</p>
<ol class="items" id="results">
${items}
</ol>
<script type="application/json" id="catalogue-data">${scriptJson(data)}</script>
<script>${INDEX_SCRIPT}</script>`
    return page(title, 'en', body, true)
  }

  destroy(): void {}
}

// Kept in ES5-level JavaScript so that it runs in any browser that opens the file.
const INDEX_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('catalogue-data').textContent);
  var rows = document.getElementById('results').children;
  var $ = function (id) { return document.getElementById(id); };
  var fold = function (s) {
    return s.normalize('NFD').replace(/[\\u0300-\\u036f\\u064b-\\u065f\\u0670\\u0640]/g, '').toLowerCase();
  };
  function apply() {
    var words = fold($('search').value).split(/\\s+/).filter(Boolean);
    var type = $('filter-type').value, lang = $('filter-language').value, year = $('filter-year').value;
    var outlet = $('filter-outlet').value, tag = $('filter-tag').value;
    var shown = 0;
    for (var i = 0; i < data.length; i++) {
      var d = data[i], ok = true;
      for (var w = 0; ok && w < words.length; w++) ok = d[0].indexOf(words[w]) !== -1;
      if (ok && type) ok = d[1] === type;
      if (ok && lang) ok = d[2] === lang;
      if (ok && year) ok = d[3] === year;
      if (ok && outlet) ok = d[4] === outlet;
      if (ok && tag) ok = d[5].indexOf(tag) !== -1;
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    $('result-count').textContent = shown + (shown === 1 ? ' item' : ' items') + (shown < data.length ? ' of ' + data.length : '');
  }
  $('search').addEventListener('input', apply);
  ['filter-type', 'filter-language', 'filter-year', 'filter-outlet', 'filter-tag'].forEach(function (id) {
    $(id).addEventListener('change', apply);
  });
  var q = new URLSearchParams(location.search).get('q');
  if (q) { $('search').value = q; }
  apply();
})();
`
