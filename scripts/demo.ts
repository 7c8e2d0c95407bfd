// Regenerates build/demo/demo-items.json, the data of the demo archive offered on first run.
// Usage: npx tsx scripts/demo.ts   (the unit test tests/unit/demo checks the file is up to date)
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import * as path from 'node:path'
import { buildDemoData, demoJson } from './demoData'

const root = path.resolve(__dirname, '..')
const seed = readFileSync(path.join(root, '..', 'shared', 'corpus', 'seed-press-page.txt'), 'utf8')
const out = path.join(root, 'build', 'demo', 'demo-items.json')
mkdirSync(path.dirname(out), { recursive: true })
const data = buildDemoData(seed)
writeFileSync(out, demoJson(data))
console.log(`${path.relative(root, out)}: ${data.press.items.length} press items, ${data.generated.length} generated items`)
