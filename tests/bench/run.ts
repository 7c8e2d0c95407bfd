// `npm run bench [-- --json] [--only PART[,PART]] [--quick] [--cold] [--scale [--sizes 10k,300k]]`: runs every part under
// tests/bench/parts/ (each a default export {name, run}) and prints one table, or one
// JSON object with every figure. --quick: small sizes; --scale: the parts that have one also
// measure how their cost grows (search: 10k, 100k and 300k items; --sizes picks some of them).
// --cold: the parts that read the archive from disk (archive, workspace) also measure with the
// page cache dropped before each measured open, edit and bulk edit (root only; caches.ts).
import { readdirSync } from 'node:fs'
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'

export type BenchOptions = { quick: boolean; scale: boolean; cold: boolean; sizes?: number[]; log: (line: string) => void }
export type BenchPart = {
  name: string
  description: string
  run(options: BenchOptions): Promise<Record<string, number | string | boolean | null>>
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const json = args.includes('--json')
  const quick = args.includes('--quick')
  const scale = args.includes('--scale')
  const cold = args.includes('--cold')
  const sizesIdx = args.indexOf('--sizes')
  const sizes =
    sizesIdx >= 0
      ? (args[sizesIdx + 1] ?? '').split(',').map((s) => Math.round(Number(s.replace(/k$/i, '')) * (/k$/i.test(s) ? 1000 : 1)))
      : undefined
  if (sizes && (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0))) {
    console.error('--sizes takes item counts such as 10k,300k')
    process.exit(2)
  }
  const onlyIdx = args.indexOf('--only')
  const only = onlyIdx >= 0 ? (args[onlyIdx + 1] ?? '').split(',').filter(Boolean) : null
  const dir = path.join(__dirname, 'parts')
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()
  const parts: BenchPart[] = []
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(dir, f)).href)
    const part: BenchPart = mod.default?.default ?? mod.default
    // `--only press` also runs the parts named press-… (each kept in its own file).
    if (part && (!only || only.some((o) => part.name === o || part.name.startsWith(`${o}-`)))) parts.push(part)
  }
  if (only && parts.length === 0) {
    console.error(`No bench part named ${only.join(', ')}; parts: ${files.map((f) => f.replace(/\.ts$/, '')).join(', ')}`)
    process.exit(2)
  }
  const log = (line: string) => {
    if (!json) console.log(line)
    else console.error(line)
  }
  const result: Record<string, number | string | boolean | null> = {}
  for (const part of parts) {
    log(`# ${part.name}: ${part.description}`)
    const figures = await part.run({ quick, scale, cold, sizes, log })
    Object.assign(result, figures)
    if (!json) {
      const width = Math.max(...Object.keys(figures).map((k) => k.length))
      for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(width)}  ${v}`)
    }
  }
  if (json) console.log(JSON.stringify(result))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
