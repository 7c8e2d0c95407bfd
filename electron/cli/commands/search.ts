// The CLI's search and reindex.
import { Option } from 'commander'
import { CoreError } from '../../core/errors'
import type { CliContext } from '../context'
export function searchCommands({ program, call, print, searchReady }: CliContext): void {
  program
    .command('search')
    .description('search the archive (see the README for the query language)')
    .argument('<query...>', 'the query, e.g. migration "press conference" -draft date:2022-11 person:AlMalik')
    .addOption(new Option('--sort <sort>', 'order of results').choices(['relevance', 'date', 'title', 'outlet', 'created']).default('relevance'))
    .addOption(new Option('--order <order>', 'asc or desc').choices(['asc', 'desc']))
    .option('--limit <n>', 'how many results', '20')
    .option('--offset <n>', 'from', '0')
    .option('--fuzzy', 'tolerate typos')
    .option('--save <name>', 'also save the search as a smart collection of that name')
    .action(async (words: string[], opts: { sort: 'relevance'; order?: 'asc' | 'desc'; limit: string; offset: string; fuzzy?: boolean; save?: string }) => {
      const q = words.join(' ')
      await searchReady()
      const r = await call('search:query', { q, sort: opts.sort, order: opts.order, limit: Number(opts.limit), offset: Number(opts.offset), fuzzy: !!opts.fuzzy })
      if (opts.save) await call('searches:save', { name: opts.save, query: q, sort: opts.sort, order: opts.order ?? 'desc', fuzzy: !!opts.fuzzy })
      print(r, () => {
        const lines = [`${r.total} result(s) for ${JSON.stringify(q)}${r.ignored.length ? `  (ignored: ${r.ignored.join('; ')})` : ''}`]
        r.hits.forEach((h, i) => {
          const item = r.items[i]
          lines.push(`${item.id}  ${(item.date || '').padEnd(10)}  ${item.title}  [${h.score.toFixed(2)}]`)
          if (h.snippet) {
            let text = ''
            let at = 0
            for (const [s, e] of h.snippet.highlights) {
              text += h.snippet.text.slice(at, s) + '[' + h.snippet.text.slice(s, e) + ']'
              at = e
            }
            text += h.snippet.text.slice(at)
            lines.push(`    ${h.snippet.field === 'attachment' ? `(${h.snippet.attachmentName}) ` : ''}${text.replace(/\s+/g, ' ')}`)
          }
        })
        if (r.facets)
          for (const [name, values] of Object.entries(r.facets))
            if (values.length) lines.push(`${name}: ${values.slice(0, 8).map((v) => `${v.value} (${v.count})`).join(', ')}`)
        if (opts.save) lines.push(`Saved as the smart collection ${JSON.stringify(opts.save)}.`)
        return lines.join('\n')
      })
    })
  program
    .command('reindex')
    .description('rebuild the search index from the catalogue')
    .action(async () => {
      const { jobId } = await call('search:rebuild', {})
      // A rebuild that fails at once (its worker cannot start) has ended before this wait: the
      // status below then holds the reason.
      const outcome = await call('jobs:wait', { jobId }).catch(() => null)
      const status = await call('search:status', {})
      if (status.failed !== null) throw new CoreError('INTERNAL', `Rebuilding the index failed: ${status.failed}`)
      if (outcome && outcome.state !== 'done') throw new CoreError('INTERNAL', `Rebuilding the index ${outcome.state}: ${outcome.error ?? ''}`)
      print(status, () => `The search index holds ${status.size} item(s).`)
    })

}
