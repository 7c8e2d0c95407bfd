#!/usr/bin/env node
'use strict'
/**
 * Security scan of the Electron shell and the renderer with @doyensec/electronegativity,
 * failing on every finding that the reviewed allow-list does not explain.
 *
 *   node scripts/electronegativity.cjs [options] [DIR...]      (DIR defaults: electron renderer)
 *
 *   --root DIR          project root the DIRs and allow-list paths are relative to (default: cwd)
 *   --allowlist FILE    reviewed allow-list (default: security/electronegativity-allowlist.json under root)
 *   --out FILE          also keep the SARIF report there
 *   --electron VERSION  Electron version to assume (default: the installed electron package)
 *   --timeout SECONDS   hard bound on the scan (default: 120)
 *
 * Exit codes: 0 clean (every finding explained), 1 unexplained findings or files the scanner
 * could not parse, 2 usage error, bad allow-list, scanner crash or timeout.
 *
 * Why not `npx electronegativity`: its CLI requires `commander` without declaring it, so it
 * picks up the project's commander 14 and crashes (`_commander2.default.version is not a
 * function`). Its documented programmatic entry (`require('@doyensec/electronegativity')`)
 * takes the same options, so a worker process calls that instead.
 */
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')
const { parseArgs } = require('node:util')

const EXIT_OK = 0
const EXIT_FINDINGS = 1
const EXIT_ERROR = 2
const GLOBAL_FILE = '(global)'
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.html', '.htm'])

class UsageError extends Error {}

// ---------------------------------------------------------------- worker (child process)

/** Runs the scanner in this process; the parent bounds it with a timeout and reads the SARIF. */
async function worker(input, sarifPath, electronVersion) {
  const run = require('@doyensec/electronegativity')
  const result = await run({
    input,
    output: sarifPath,
    isSarif: true,
    isRelative: false,
    electronVersionOverride: electronVersion
  })
  // Parse errors mean a file was not scanned at all: the parent must know.
  fs.writeFileSync(sarifPath + '.errors.json', JSON.stringify(result.errors))
}

// ---------------------------------------------------------------- parent

function parseCli(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      allowlist: { type: 'string' },
      out: { type: 'string' },
      electron: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  const root = path.resolve(values.root ?? process.cwd())
  const timeoutS = values.timeout === undefined ? 120 : Number(values.timeout)
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError(`--timeout must be a positive number of seconds, not "${values.timeout}".`)
  return {
    help: values.help === true,
    root,
    dirs: positionals.length > 0 ? positionals : ['electron', 'renderer'],
    allowlist: path.resolve(root, values.allowlist ?? 'security/electronegativity-allowlist.json'),
    out: values.out === undefined ? undefined : path.resolve(values.out),
    electronVersion: values.electron ?? installedElectronVersion(),
    timeoutMs: timeoutS * 1000
  }
}

function installedElectronVersion() {
  try {
    return require('electron/package.json').version
  } catch {
    throw new UsageError('The electron package is not installed: pass --electron VERSION.')
  }
}

/**
 * Reads and checks the allow-list. Every entry must say which rule, which file and why:
 * an entry without a reason is not a reviewed decision.
 */
function loadAllowlist(file) {
  let raw
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new UsageError(`Cannot read the allow-list ${file}: ${err.message}`)
  }
  const entries = Array.isArray(raw) ? raw : raw?.entries
  if (!Array.isArray(entries)) throw new UsageError(`The allow-list ${file} must be an array or an object with an "entries" array.`)
  entries.forEach((e, i) => {
    const where = `Allow-list entry ${i + 1} in ${file}`
    if (e === null || typeof e !== 'object') throw new UsageError(`${where} is not an object.`)
    for (const key of ['rule', 'file', 'reason']) {
      if (typeof e[key] !== 'string' || e[key].trim() === '') throw new UsageError(`${where} needs a non-empty "${key}".`)
    }
    if (e.reason.trim().length < 20) throw new UsageError(`${where} ("${e.rule}" in ${e.file}) needs a reason a reviewer can check, not "${e.reason}".`)
    const unknown = Object.keys(e).filter((k) => !['rule', 'file', 'reason', 'reviewed'].includes(k))
    if (unknown.length > 0) throw new UsageError(`${where} has unknown keys: ${unknown.join(', ')}.`)
  })
  return entries.map((e) => ({ rule: e.rule.trim().toUpperCase(), file: toPosix(e.file.trim()), reason: e.reason.trim() }))
}

function displayPath(root, p) {
  const rel = path.relative(root, p)
  return rel.startsWith('..') || path.isAbsolute(rel) ? p : toPosix(rel)
}

function toPosix(p) {
  return p.split(path.sep).join('/')
}

/**
 * Copies the scanned folders into one temporary tree so that the scanner's global checks
 * (CSP, navigation limits, permission handler) see the shell and the renderer together, as
 * in the app. Inline `eng-disable` comments are neutralised in the copy: the allow-list is
 * the one reviewed place where a finding may be accepted.
 */
function stageInput(root, dirs, stage) {
  let neutralised = 0
  for (const dir of dirs) {
    const src = path.resolve(root, dir)
    const rel = path.relative(root, src)
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new UsageError(`${dir} is outside the project root ${root}.`)
    if (!fs.existsSync(src) || !fs.statSync(src).isDirectory()) throw new UsageError(`There is no folder ${dir} under ${root} to scan.`)
    fs.cpSync(src, path.join(stage, rel), {
      recursive: true,
      filter: (p) => path.basename(p) !== 'node_modules'
    })
  }
  for (const file of walk(stage)) {
    if (!SCANNED_EXTENSIONS.has(path.extname(file).toLowerCase())) continue
    const text = fs.readFileSync(file, 'utf8')
    const replaced = text.replace(/eng-disable/gi, () => {
      neutralised++
      return 'eng-disable-ignored-see-allowlist'
    })
    if (replaced !== text) fs.writeFileSync(file, replaced)
  }
  return neutralised
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(p)
    else if (entry.isFile()) yield p
  }
}

function runWorker(stage, sarifPath, electronVersion, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, '--worker', stage, sarifPath, electronVersion], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' }
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    let timedOut = false
    // The scanner tries the network (translations, Electron release list) without a bound of
    // its own; offline it gives up after a few seconds, but a half-open connection could hang.
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, timedOut, output })
    })
  })
}

/** Turns the SARIF results into findings with paths relative to the project root. */
function readFindings(sarifPath, stage) {
  const sarif = JSON.parse(fs.readFileSync(sarifPath, 'utf8'))
  if (sarif.version !== '2.1.0' || !Array.isArray(sarif.runs)) throw new Error(`${sarifPath} is not a SARIF 2.1.0 report.`)
  const findings = []
  for (const run of sarif.runs) {
    for (const r of run.results ?? []) {
      const loc = r.locations?.[0]?.physicalLocation
      const uri = loc?.artifactLocation?.uri ?? ''
      let file = GLOBAL_FILE
      // Global checks that found nothing to point at report "file:///" (or "N/A").
      if (uri !== '' && uri !== 'file:///' && uri !== 'N/A') {
        const abs = uri.startsWith('file://') ? new URL(uri).pathname : uri
        file = toPosix(path.relative(stage, abs))
      }
      findings.push({
        rule: String(r.ruleId).toUpperCase(),
        file,
        line: loc?.region?.startLine ?? 0,
        column: loc?.region?.startColumn ?? 0,
        level: r.level ?? 'warning',
        message: r.message?.text ?? ''
      })
    }
  }
  return findings
}

function explain(findings, allowlist) {
  const used = new Set()
  const unexplained = []
  const explained = []
  for (const f of findings) {
    const i = allowlist.findIndex((e) => e.rule === f.rule && e.file === f.file)
    if (i === -1) unexplained.push(f)
    else {
      used.add(i)
      explained.push({ ...f, reason: allowlist[i].reason })
    }
  }
  const stale = allowlist.filter((_, i) => !used.has(i))
  return { unexplained, explained, stale }
}

async function main(argv) {
  const opts = parseCli(argv)
  if (opts.help) {
    process.stdout.write(fs.readFileSync(__filename, 'utf8').split('\n').slice(3, 17).join('\n').replace(/^ \*\s?/gm, '') + '\n')
    return EXIT_OK
  }
  const allowlist = loadAllowlist(opts.allowlist)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'presskeep-eng-'))
  try {
    const stage = path.join(tmp, 'app')
    fs.mkdirSync(stage)
    const neutralised = stageInput(opts.root, opts.dirs, stage)
    const sarifPath = path.join(tmp, 'report.sarif')
    const started = Date.now()
    const res = await runWorker(stage, sarifPath, opts.electronVersion, opts.timeoutMs)
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    if (res.timedOut) {
      console.error(`electronegativity did not finish within ${opts.timeoutMs / 1000} s and was stopped: the scan proves nothing.`)
      return EXIT_ERROR
    }
    if (res.code !== 0 || !fs.existsSync(sarifPath)) {
      console.error(`electronegativity failed (exit ${res.code ?? res.signal}) without a report:\n${res.output}`)
      return EXIT_ERROR
    }
    if (opts.out) {
      fs.mkdirSync(path.dirname(opts.out), { recursive: true })
      fs.copyFileSync(sarifPath, opts.out)
    }
    const parseErrors = JSON.parse(fs.readFileSync(sarifPath + '.errors.json', 'utf8')).filter((e) => !e.tolerable)
    const findings = readFindings(sarifPath, stage)
    const { unexplained, explained, stale } = explain(findings, allowlist)

    console.log(`electronegativity ${require('@doyensec/electronegativity/package.json').version} (Electron ${opts.electronVersion}) scanned ${opts.dirs.join(', ')} in ${seconds} s: ${findings.length} finding(s), ${explained.length} explained by ${displayPath(opts.root, opts.allowlist)}, ${unexplained.length} unexplained.`)
    if (neutralised > 0) console.log(`Ignored ${neutralised} inline eng-disable comment(s): accept findings in the allow-list instead.`)
    for (const f of explained) console.log(`  allowed  ${f.rule}  ${f.file}:${f.line}  (${f.reason})`)
    for (const e of stale) console.log(`  note: allow-list entry ${e.rule} for ${e.file} matched nothing; remove it if the finding is gone.`)
    for (const e of parseErrors) console.error(`  NOT SCANNED  ${toPosix(path.relative(stage, e.file))}: ${e.message}`)
    for (const f of unexplained) console.error(`  FINDING  ${f.rule}  ${f.file}:${f.line}:${f.column}  ${f.message}`)
    if (unexplained.length > 0) {
      console.error(`${unexplained.length} finding(s) are not explained: fix them, or add a reviewed entry {rule, file, reason} to the allow-list.`)
    }
    if (parseErrors.length > 0) console.error(`${parseErrors.length} file(s) could not be parsed by the scanner, so they were not checked.`)
    return unexplained.length > 0 || parseErrors.length > 0 ? EXIT_FINDINGS : EXIT_OK
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--worker') {
  const [input, sarifPath, electronVersion] = process.argv.slice(3)
  // No process.exit on success: the scanner writes its SARIF with an un-awaited fs.writeFile,
  // so the process must drain its event loop; the parent's timeout bounds the wait.
  worker(input, sarifPath, electronVersion).then(
    () => {},
    (err) => {
      console.error(err && err.stack ? err.stack : String(err))
      process.exit(1)
    }
  )
} else if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof UsageError ? err.message : err.stack)
      process.exit(EXIT_ERROR)
    }
  )
}

module.exports = { loadAllowlist, explain, readFindings }
