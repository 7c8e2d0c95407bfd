// `npm run screens`: copies the screenshots the Playwright specs took (test-results/screens,
// made by `npm test`) into docs/screens, where the README shows them.
const { copyFileSync, existsSync, mkdirSync } = require('node:fs')
const path = require('node:path')
const root = path.resolve(__dirname, '..')
const from = path.join(root, 'test-results', 'screens')
const to = path.join(root, 'docs', 'screens')
const names = ['welcome', 'welcome-demo-loaded', 'search', 'page-import-review', 'attachment-preview', 'bulk-preview', 'workspace-dark', 'workspace-arabic', 'export-dialog', 'html-catalogue', 'conflict-dialog', 'conflict-dialog-ar']
mkdirSync(to, { recursive: true })
let missing = 0
for (const n of names) {
  const f = path.join(from, `${n}.png`)
  if (!existsSync(f)) {
    console.error(`missing ${f}: run npm test first`)
    missing++
  } else copyFileSync(f, path.join(to, `${n}.png`))
}
process.exit(missing ? 1 : 0)
