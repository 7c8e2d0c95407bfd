// A stand-in for the `electron` module, loaded with `node -r` before the built main entry
// (out/main/index.js), since the Electron binary cannot run here. It gives the shell just
// enough of app, BrowserWindow, ipcMain, protocol and session to start, then plays the
// renderer: it calls the IPC handlers the shell registered, as the app's own window, and
// prints one JSON line per answer on stdout ("PK <json>"), and one per menu built ("PK-MENU <json>"). The scenario comes from
// PK_STANDIN_SCENARIO (a JSON list of [method, input] calls; 'wait:job' waits for the end of
// the job the previous call started).
'use strict'
const Module = require('node:module')
const path = require('node:path')
const { EventEmitter } = require('node:events')

const userData = process.env.PK_STANDIN_USERDATA
const scenario = JSON.parse(process.env.PK_STANDIN_SCENARIO ?? '[]')
const handlers = new Map()
const finished = new EventEmitter()
const outcomes = new Map()
finished.on('job', (o) => outcomes.set(o.jobId, o))

/** Any property, any call: a menu, a dialog, a shell function the test does not look at. */
const inert = () =>
  new Proxy(function () {}, {
    get: (_t, key) => (key === 'then' ? undefined : inert()),
    apply: () => inert()
  })

const app = Object.assign(new EventEmitter(), {
  whenReady: () => Promise.resolve(),
  requestSingleInstanceLock: () => true,
  getPath: (name) => path.join(userData, name),
  getLocale: () => process.env.PK_STANDIN_LOCALE ?? 'en-US',
  addRecentDocument() {},
  showAboutPanel() {},
  quit: () => app.emit('will-quit')
})

let windowLoaded
const loaded = new Promise((resolve) => (windowLoaded = resolve))

class BrowserWindow extends EventEmitter {
  constructor() {
    super()
    this.webContents = Object.assign(new EventEmitter(), {
      id: 1,
      send: (channel, payload) => {
        if (channel === 'presskeep:event:jobs:finished') finished.emit('job', payload)
      },
      setWindowOpenHandler() {},
      session: inert()
    })
  }
  loadURL(url) {
    windowLoaded(url)
    return Promise.resolve()
  }
  setTitle() {}
  isMinimized() {
    return false
  }
  show() {}
  focus() {}
}

const electron = {
  app,
  BrowserWindow,
  ipcMain: { handle: (channel, fn) => handlers.set(channel, fn), removeHandler: (channel) => handlers.delete(channel) },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  session: { defaultSession: inert() },
  dialog: inert(),
  // Each menu the shell builds is printed ("PK-MENU <json>": every label, nested as the template).
  Menu: {
    buildFromTemplate(template) {
      const labels = (items) => items.filter((i) => i.type !== 'separator').map((i) => (i.submenu ? { [i.label]: labels(i.submenu) } : i.label))
      process.stdout.write(`PK-MENU ${JSON.stringify(labels(template))}\n`)
      return template
    },
    setApplicationMenu() {}
  },
  shell: inert()
}

const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? __filename + '#electron' : resolve.call(this, request, ...rest)
}
require.cache[__filename + '#electron'] = { id: 'electron', filename: 'electron', loaded: true, exports: electron }

const asWindow = { sender: { id: 1 }, senderFrame: { url: 'presskeep://app/index.html' } }
const print = (value) => process.stdout.write(`PK ${JSON.stringify(value)}\n`)

loaded.then(async () => {
  const ended = (jobId) => outcomes.get(jobId) ?? new Promise((res) => finished.on('job', (o) => o.jobId === jobId && res(o)))
  let last = null
  for (const step of scenario) {
    if (step === 'wait:job') {
      print(await ended(last?.value?.jobId))
      continue
    }
    const [method, input] = step
    const handler = handlers.get(`presskeep:${method}`)
    last = handler ? await handler(asWindow, input) : { ok: false, message: `no handler for ${method}` }
    print(last)
  }
  process.exit(0)
})
