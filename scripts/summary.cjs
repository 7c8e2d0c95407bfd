// Prints one closing line for the whole suite ("N passed, N failed") from the runners' JSON reports.
const { readFileSync, existsSync } = require('node:fs')
let passed = 0
let failed = 0
const missing = []
const vitest = 'test-results/vitest.json'
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + (r.numTotalTestSuites && r.success === false && r.numFailedTests === 0 ? 1 : 0)
} else missing.push('unit')
const pw = 'test-results/playwright.json'
if (existsSync(pw)) {
  const r = JSON.parse(readFileSync(pw, 'utf8'))
  passed += r.stats.expected
  failed += r.stats.unexpected + r.stats.flaky
} else missing.push('e2e')
if (missing.length) {
  console.log(`No report from: ${missing.join(', ')}`)
  failed += missing.length
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
